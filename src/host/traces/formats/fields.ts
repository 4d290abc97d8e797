import { LineProblem } from '../trace-error.js';

/**
 * What a format's line parser fills in for one request. Times are split
 * into whole seconds and nanoseconds so that clocks counted from an epoch
 * (Windows filetime, Unix microseconds) stay exact: their values in
 * nanoseconds lie far beyond 2^53.
 */
export interface ParsedRequest {
  seconds: number;
  nanos: number;
  /** The time as the line spells it, for messages. */
  timeText: string;
  /** The device or volume the request went to, as the format names it. */
  device: string;
  offsetBytes: number;
  sizeBytes: number;
  write: boolean;
}

export const SECTOR_BYTES = 512;
const MAX = Number.MAX_SAFE_INTEGER;

/** A non-negative decimal integer up to 2^53 - 1. */
export function wholeNumber(field: string, name: string): number {
  const value = /^\d+$/.test(field) ? Number(field) : Number.NaN;
  if (!(value <= MAX)) throw new LineProblem(`${name} as a non-negative integer ≤ ${MAX}`, field);
  return value;
}

/** A count of `unitBytes` units, in bytes. */
export function bytesOf(field: string, name: string, unitBytes: number): number {
  const units = wholeNumber(field, name);
  if (units * unitBytes > MAX) throw new LineProblem(`${name} of at most ${Math.floor(MAX / unitBytes)} (2^53 bytes)`, field);
  return units * unitBytes;
}

/**
 * A time counted in whole units of 10^-`decimals` s (9: nanoseconds, 7:
 * Windows filetime's 100 ns, 6: microseconds, 0: seconds), into `into`.
 */
export function integerTime(field: string, name: string, decimals: number, into: ParsedRequest): void {
  // Split as text: the value itself may lie beyond 2^53 (a filetime in 100 ns units is about 1.3e17).
  if (!/^\d{1,30}$/.test(field)) throw new LineProblem(`${name} as a non-negative integer (at most 30 digits)`, field);
  const split = Math.max(0, field.length - decimals);
  into.seconds = split === 0 ? 0 : Number(field.slice(0, split));
  into.nanos = decimals === 0 ? 0 : Number(field.slice(split)) * 10 ** (9 - decimals);
  into.timeText = field;
  if (into.seconds > MAX) throw new LineProblem(`${name} of at most ${MAX} s`, field);
}

/** A time in seconds with up to nine decimals (`12.000034`), into `into`, exactly. */
export function decimalSeconds(field: string, name: string, into: ParsedRequest): void {
  const match = /^(\d{1,15})(?:\.(\d{0,9}))?$/.exec(field);
  if (!match) throw new LineProblem(`${name} in seconds, with at most 15 digits before the point and 9 after`, field);
  into.seconds = Number(match[1]);
  into.nanos = match[2] ? Number(match[2].padEnd(9, '0')) : 0;
  into.timeText = field;
}

/** A line's comma-separated fields, each trimmed (the SPC specification allows spaces around them). */
export function csvFields(line: string, count: number, layout: string, atLeast = false): string[] {
  const fields = line.split(',').map((f) => f.trim());
  if (atLeast ? fields.length < count : fields.length !== count) {
    throw new LineProblem(`${atLeast ? 'at least ' : ''}${count} comma-separated fields ${layout}`, line);
  }
  return fields;
}

/** The end of a request (offset + size) must be a safe integer too. */
export function checkExtent(into: ParsedRequest, line: string): void {
  if (into.offsetBytes + into.sizeBytes > MAX) throw new LineProblem('a request ending before byte 2^53', line);
}
