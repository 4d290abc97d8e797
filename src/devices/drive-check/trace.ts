import { DiskSimFormatError } from '../disksim/parse.js';

/** One line of a DiskSim validation trace. */
export interface ValidationRecord {
  readonly write: boolean;
  /** What the real drive's cache did (`Hit`, `Miss`, `Doub`, `Trip`); informative only. */
  readonly bufferAction: string;
  readonly sector: number;
  readonly sectors: number;
  /** Response time measured on the real drive. */
  readonly measuredUs: number;
  /** Host think time before the next request is issued. */
  readonly thinkUs: number;
}

const LINE = /^([RW])\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+(?:\.\d*)?)\s+(\d+(?:\.\d*)?)$/;

/** Parses `R|W <buffer-action> <start-block> <block-count> <service-us> <think-us>` lines (512-byte blocks). */
export function parseValidationTrace(file: string, text: string): ValidationRecord[] {
  const records: ValidationRecord[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = LINE.exec(line);
    if (!match) {
      throw new DiskSimFormatError(
        file,
        index + 1,
        `expected "R|W <buffer-action> <start-block> <block-count> <service-us> <think-us>", found "${line}"`,
      );
    }
    const sectors = Number(match[4]);
    if (sectors < 1) throw new DiskSimFormatError(file, index + 1, 'block count must be at least 1');
    // Digits beyond 2^53 would be read as a different number: refused rather than rounded.
    if (!Number.isSafeInteger(Number(match[3]) + sectors)) {
      throw new DiskSimFormatError(file, index + 1, `expected a start block and block count within ${Number.MAX_SAFE_INTEGER}, found ${match[3]} and ${match[4]}`);
    }
    records.push({
      write: match[1] === 'W',
      bufferAction: match[2]!,
      sector: Number(match[3]),
      sectors,
      measuredUs: Number(match[5]),
      thinkUs: Number(match[6]),
    });
  });
  if (records.length === 0) throw new DiskSimFormatError(file, 0, 'no requests in the trace');
  return records;
}
