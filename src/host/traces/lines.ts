import { CompressedDataError } from './bit-input.js';
import { fileChunks } from './file-chunks.js';
import { gunzip } from './gunzip.js';
import { TraceParseError } from './trace-error.js';

/** The longest line read, in characters: a trace line is far shorter (a blkparse line, the longest, is about 100). */
export const MAX_LINE_CHARS = 4096;

/** A trace's lines, one at a time. */
export interface LineSource {
  /** The file, for messages. */
  readonly file: string;
  /** The number (from 1) of the line `next` returned last. */
  readonly lineNumber: number;
  /** The next line without its line break, or undefined at the end. */
  next(): string | undefined;
}

/**
 * The lines of a byte stream, decoded as UTF-8 (a byte-order mark is
 * dropped, a line may end in CRLF). Only the current chunk and the line
 * being gathered are held. A line longer than `MAX_LINE_CHARS`, damaged
 * compressed data or an unreadable file stop the reading with a
 * `TraceParseError` naming the file and the line.
 */
export class TraceLines implements LineSource {
  lineNumber = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private text = '';
  private at = 0;
  private ended = false;

  constructor(
    readonly file: string,
    private readonly chunks: Iterator<Uint8Array>,
    /** For messages about the bytes: `gzip-compressed text`, or plain `text`. */
    private readonly encoding = 'text',
  ) {}

  next(): string | undefined {
    for (;;) {
      const newline = this.text.indexOf('\n', this.at);
      if (newline >= 0) {
        const line = this.take(newline);
        this.at = newline + 1;
        return line;
      }
      if (this.ended) {
        if (this.at >= this.text.length) return undefined;
        const line = this.take(this.text.length);
        this.at = this.text.length;
        return line;
      }
      this.pull();
    }
  }

  private take(end: number): string {
    this.lineNumber++;
    if (end - this.at > MAX_LINE_CHARS) this.tooLong();
    const line = this.text.slice(this.at, end);
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  private pull(): void {
    const rest = this.text.slice(this.at);
    if (rest.length > MAX_LINE_CHARS) {
      this.lineNumber++;
      this.tooLong();
    }
    let next: IteratorResult<Uint8Array>;
    try {
      next = this.chunks.next();
    } catch (error) {
      throw this.unreadable(error);
    }
    this.text = rest + (next.done ? this.decoder.decode() : this.decoder.decode(next.value, { stream: true }));
    this.at = 0;
    this.ended = next.done === true;
  }

  private tooLong(): never {
    const start = this.text.slice(this.at, this.at + 40);
    throw new TraceParseError(this.file, this.lineNumber, `a line of at most ${MAX_LINE_CHARS} characters (is this a trace?)`, `${start}…`);
  }

  private unreadable(error: unknown): Error {
    const line = this.lineNumber + 1;
    if (error instanceof CompressedDataError) return new TraceParseError(this.file, line, this.encoding, error.message, false);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string') return new TraceParseError(this.file, 0, 'a readable file', `${code === 'EISDIR' ? 'a directory' : `an error (${code})`}`, false);
    return error as Error;
  }
}

/** Opens a trace file: gunzipped as it is read if its name ends in `.gz`. */
export function openTraceLines(path: string): TraceLines {
  const gzipped = /\.gz$/i.test(path);
  const bytes = fileChunks(path);
  return gzipped ? new TraceLines(path, gunzip(bytes), 'gzip-compressed text (the file name ends in .gz)') : new TraceLines(path, bytes);
}

/** Lines of text held in memory (tests, and text already read). */
export function textLines(text: string, file: string): TraceLines {
  return new TraceLines(file, [new TextEncoder().encode(text)][Symbol.iterator]());
}
