import { readFileSync, statSync } from 'node:fs';
import { DiskSimFormatError } from './parse.js';

/** The largest description file read (as for every file a scenario names): a bound, far above any real one. */
const MAX_FILE_BYTES = 256 * 2 ** 20;

/**
 * Reads a text file, turning a missing, unreadable, oversized or not regular
 * one (a directory, a device such as /dev/zero: a `source` line may name
 * anything) into a clear input error.
 */
export function readText(file: string): string {
  try {
    const stats = statSync(file);
    if (!stats.isFile()) {
      throw new DiskSimFormatError(file, 0, `not a regular file (expected a file, found ${stats.isDirectory() ? 'a directory' : 'a device, pipe or socket'})`);
    }
    if (stats.size > MAX_FILE_BYTES) throw new DiskSimFormatError(file, 0, `${stats.size} bytes: description files are limited to 256 MiB`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof DiskSimFormatError) throw error;
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'unreadable';
    throw new DiskSimFormatError(file, 0, `cannot read the file (${reason})`);
  }
}
