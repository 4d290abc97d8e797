import { statSync } from 'node:fs';

/**
 * Files a scenario names that are read whole (drive descriptions) are
 * limited to this size; traces are streamed, and have none. A name that is
 * a directory, a device or a pipe, or a file over its limit, is refused when
 * the scenario is loaded.
 */
export const MAX_NAMED_FILE_BYTES = 256 * 2 ** 20;

/** Why `path` cannot be read as an input file, or null when it can. */
export function fileProblem(path: string, maxBytes = MAX_NAMED_FILE_BYTES): string | null {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? `no file ${path}` : `cannot read ${path} (${code ?? 'unreadable'})`;
  }
  if (!stats.isFile()) return `${path} is not a regular file (expected a file, found ${stats.isDirectory() ? 'a directory' : 'a device, pipe or socket'})`;
  if (stats.size > maxBytes) return `${path} is ${stats.size} bytes; files a scenario names are limited to 256 MiB`;
  return null;
}

/** The size of a file known to be readable (for estimates); 0 if it vanished meanwhile. */
export function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
