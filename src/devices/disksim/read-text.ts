import { readFileSync } from 'node:fs';
import { DiskSimFormatError } from './parse.js';

/** Reads a text file, turning a missing or unreadable file into a clear input error. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'unreadable';
    throw new DiskSimFormatError(file, 0, `cannot read the file (${reason})`);
  }
}
