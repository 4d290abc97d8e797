import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { HistoryFormatError } from '../check/line-fields.js';

/** The longest line read (in characters): a history line holds one I/O's stamps, far below this. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * The lines of a file, read in chunks (a file of any size streams through;
 * only the current line is held). A line longer than `maxLineChars` is
 * refused with its number instead of being gathered without end.
 */
export async function* fileLines(file: string, maxLineChars = MAX_LINE_CHARS): AsyncGenerator<string> {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HistoryFormatError(file, 1, code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot read the file (${code ?? String(error)})`);
  }
  if (stat.isDirectory()) throw new HistoryFormatError(file, 1, 'cannot read the file (it is a directory)');
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    pending += decoder.write(chunk as Buffer);
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
      lineNumber++;
      yield trimCr(pending.slice(start, newline));
      start = newline + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) throw new HistoryFormatError(file, lineNumber + 1, `a line longer than ${maxLineChars} characters (is this a history file?)`);
  }
  pending += decoder.end();
  if (pending.length > 0) yield trimCr(pending);
}

const trimCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
