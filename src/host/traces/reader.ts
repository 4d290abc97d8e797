import type { LineParser, TraceFormatName } from './format.js';
import type { ParsedRequest } from './formats/fields.js';
import { FORMATS } from './formats/index.js';
import { openTraceLines, type LineSource } from './lines.js';
import { LineProblem, TraceParseError } from './trace-error.js';

/** One request of a trace, whatever its format. */
export interface TraceRecord {
  /** Nanoseconds since the trace's first request (exact: the reader subtracts in whole seconds first). */
  timeNs: number;
  /** The device or volume it went to, as the format names it (see `TraceFormat.device`). */
  device: string;
  offsetBytes: number;
  sizeBytes: number;
  write: boolean;
  /** Its line in the file, from 1. */
  line: number;
}

const NS_PER_S = 1e9;

/**
 * Reads a trace's requests one at a time, in any of the formats, streaming:
 * memory stays the same whatever the trace's length. Blank lines are
 * skipped, and lines that hold no request (a header, another blkparse
 * action); requests must come in time order. A line that does not parse
 * stops the reading with a `TraceParseError` naming the file, the line and
 * what was expected.
 */
export class TraceReader {
  /** Lines read that held no request (headers, other blkparse actions, the summary). */
  skippedLines = 0;
  private readonly parser: LineParser;
  private readonly parsed: ParsedRequest = { seconds: 0, nanos: 0, timeText: '', device: '', offsetBytes: 0, sizeBytes: 0, write: false };
  private readonly record: TraceRecord = { timeNs: 0, device: '', offsetBytes: 0, sizeBytes: 0, write: false, line: 0 };
  private originSeconds = -1;
  private originNanos = 0;
  private previousText = '';

  constructor(
    private readonly lines: LineSource,
    readonly format: TraceFormatName,
  ) {
    this.parser = FORMATS[format].parser();
  }

  get file(): string {
    return this.lines.file;
  }

  /** Lines read so far. */
  get lineCount(): number {
    return this.lines.lineNumber;
  }

  /** The next request, or undefined at the end of the trace. The record is reused by the next call. */
  next(): TraceRecord | undefined {
    for (;;) {
      const line = this.lines.next();
      if (line === undefined) return undefined;
      if (line.trim() === '') continue;
      if (this.parse(line)) return this.fill();
      this.skippedLines++;
    }
  }

  private parse(line: string): boolean {
    try {
      return this.parser.parse(line, this.lines.lineNumber, this.parsed);
    } catch (error) {
      if (error instanceof LineProblem) throw new TraceParseError(this.file, this.lines.lineNumber, error.expected, error.found);
      throw error;
    }
  }

  private fill(): TraceRecord {
    const p = this.parsed;
    if (this.originSeconds < 0) {
      this.originSeconds = p.seconds;
      this.originNanos = p.nanos;
      this.previousText = p.timeText;
    }
    const timeNs = (p.seconds - this.originSeconds) * NS_PER_S + (p.nanos - this.originNanos);
    if (!(timeNs >= this.record.timeNs)) {
      throw new TraceParseError(this.file, this.lines.lineNumber, `a time ≥ the previous request's (${this.previousText}): requests in time order`, p.timeText);
    }
    if (timeNs > Number.MAX_SAFE_INTEGER) throw new TraceParseError(this.file, this.lines.lineNumber, 'a time within 104 days of the first request', p.timeText);
    this.previousText = p.timeText;
    const r = this.record;
    r.timeNs = timeNs;
    r.device = p.device;
    r.offsetBytes = p.offsetBytes;
    r.sizeBytes = p.sizeBytes;
    r.write = p.write;
    r.line = this.lines.lineNumber;
    return r;
  }
}

/** Opens a trace file (gunzipped as it is read if its name ends in `.gz`). */
export function openTrace(path: string, format: TraceFormatName): TraceReader {
  return new TraceReader(openTraceLines(path), format);
}
