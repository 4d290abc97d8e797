import type { TraceFormatName } from '../format.js';
import { textLines } from '../lines.js';
import { TraceReader, type TraceRecord } from '../reader.js';

/** Every request of `text`, read as `format` (copies: the reader reuses its record). */
export function records(text: string, format: TraceFormatName, file = 't'): TraceRecord[] {
  const reader = new TraceReader(textLines(text, file), format);
  const out: TraceRecord[] = [];
  for (let r = reader.next(); r !== undefined; r = reader.next()) out.push({ ...r });
  return out;
}

/** The message `text` is refused with, or null if it reads. */
export function refusal(text: string, format: TraceFormatName, file = 't'): string | null {
  try {
    records(text, format, file);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A record's fields, without its line, in the order the tests write them. */
export const fields = (r: TraceRecord) => [r.timeNs, r.device, r.offsetBytes, r.sizeBytes, r.write ? 'W' : 'R'];
