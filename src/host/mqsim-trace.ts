import { readFileSync } from 'node:fs';

/**
 * An MQSim block trace (CMU SAFARI group, `traces/` of MQSim): one request a
 * line, `<arrival-ns> <device> <start-sector> <sector-count> <type>`, sectors
 * of 512 bytes, type 0 = write and 1 = read. Held column-wise in typed arrays
 * so that a trace of millions of lines costs no object per request.
 */
export interface MqsimTrace {
  /** Where it came from, for messages. */
  readonly file: string;
  readonly count: number;
  readonly arrivalNs: Float64Array;
  readonly device: Int32Array;
  readonly startSector: Float64Array;
  readonly sectorCount: Float64Array;
  /** 1 for a write, 0 for a read. */
  readonly write: Uint8Array;
}

export const MQSIM_SECTOR_BYTES = 512;

const FIELDS = ['arrival-ns', 'device', 'start-sector', 'sector-count', 'type'] as const;
const LAYOUT = FIELDS.map((f) => `<${f}>`).join(' ');

/** A trace line that does not parse: names the file, the line (from 1) and what was expected there. */
export class TraceParseError extends Error {
  override readonly name = 'TraceParseError';
  readonly code = 'trace-parse';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}:${line}: expected ${expected}, found ${JSON.stringify(found)}`);
  }
}

export function readMqsimTraceFile(path: string): MqsimTrace {
  return parseMqsimTrace(readFileSync(path, 'utf8'), path);
}

/** Parses a whole trace. Blank lines are skipped; arrival times must not decrease. */
export function parseMqsimTrace(text: string, file: string): MqsimTrace {
  const lines = text.split('\n');
  const columns = allocate(lines.length);
  let count = 0;
  let previousNs = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const values = parseLine(line, file, i + 1);
    const arrivalNs = values[0]!;
    if (arrivalNs < previousNs) {
      throw new TraceParseError(file, i + 1, `an arrival time ≥ the previous request's (${previousNs} ns)`, String(arrivalNs));
    }
    previousNs = arrivalNs;
    columns.arrivalNs[count] = arrivalNs;
    columns.device[count] = values[1]!;
    columns.startSector[count] = values[2]!;
    columns.sectorCount[count] = values[3]!;
    columns.write[count] = values[4] === 0 ? 1 : 0;
    count++;
  }
  return {
    file,
    count,
    arrivalNs: columns.arrivalNs.subarray(0, count),
    device: columns.device.subarray(0, count),
    startSector: columns.startSector.subarray(0, count),
    sectorCount: columns.sectorCount.subarray(0, count),
    write: columns.write.subarray(0, count),
  };
}

function allocate(capacity: number) {
  return {
    arrivalNs: new Float64Array(capacity),
    device: new Int32Array(capacity),
    startSector: new Float64Array(capacity),
    sectorCount: new Float64Array(capacity),
    write: new Uint8Array(capacity),
  };
}

function parseLine(line: string, file: string, lineNumber: number): number[] {
  const fields = line.split(/\s+/);
  if (fields.length !== FIELDS.length) {
    throw new TraceParseError(file, lineNumber, `${FIELDS.length} fields ${LAYOUT}`, line);
  }
  const values = fields.map((field, f) => {
    const value = /^\d+$/.test(field) ? Number(field) : Number.NaN;
    const limit = f === 1 ? 0x7fffffff : Number.MAX_SAFE_INTEGER; // devices fit an Int32Array column
    if (!(value <= limit)) {
      throw new TraceParseError(file, lineNumber, `<${FIELDS[f]}> as a non-negative integer ≤ ${limit}`, field);
    }
    return value;
  });
  if (values[4] !== 0 && values[4] !== 1) {
    throw new TraceParseError(file, lineNumber, '<type> 0 (write) or 1 (read)', fields[4]!);
  }
  return values;
}
