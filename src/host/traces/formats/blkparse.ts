import { LineProblem } from '../trace-error.js';
import type { LineParser, TraceFormat } from '../format.js';
import type { ParsedRequest } from './fields.js';
import { bytesOf, checkExtent, decimalSeconds, SECTOR_BYTES, wholeNumber } from './fields.js';

const LAYOUT = 'maj,min cpu sequence seconds.nanoseconds pid action RWBS sector + sectors [process]';
const DEVICE = /^\d+,\d+$/;
/** blkparse closes its output with per-CPU and total summaries: `CPU0 (8,0):`, `Total (8,0):`. */
const SUMMARY = /^(CPU\d+|Total) \(/;

/**
 * blkparse's default output (blktrace): one event a line, the header
 * `%D %2c %8s %5T.%9t %5p %2a %3d` then the action's own fields. Only Q
 * (queued) events are requests: a Q marks when the request reached the
 * block layer, its arrival, whatever the traced device then took to serve
 * it (C, completion, would carry the old device's service time into the
 * replay). Reads are Q events whose RWBS has R, writes those with W; a
 * discard (D), a flush without data (F, N) or a request of 0 sectors moves
 * no data and is skipped, as are other actions and the closing summary.
 */
export const BLKPARSE: TraceFormat = {
  name: 'blkparse',
  title: "blkparse's default output (blktrace)",
  layout: LAYOUT,
  device: 'the maj,min device numbers, quoted in YAML ("8,0")',
  parser: () => new BlkparseParser(),
};

class BlkparseParser implements LineParser {
  private summary = false;

  parse(line: string, _lineNumber: number, into: ParsedRequest): boolean {
    if (this.summary) return false;
    const text = line.trim();
    const fields = text.split(/\s+/);
    if (!DEVICE.test(fields[0]!)) {
      if (!SUMMARY.test(text)) throw new LineProblem(`an event line (${LAYOUT}) or blkparse's closing summary (CPU0 (8,0): …)`, text);
      this.summary = true;
      return false;
    }
    if (fields.length < 7) throw new LineProblem(`at least 7 fields: ${LAYOUT}`, text);
    wholeNumber(fields[1]!, 'the cpu');
    wholeNumber(fields[2]!, 'the sequence number');
    decimalSeconds(fields[3]!, 'the time', into);
    wholeNumber(fields[4]!, 'the pid');
    if (!/^[A-Za-z]{1,2}$/.test(fields[5]!)) throw new LineProblem('an action (Q, G, I, D, C, …)', fields[5]!);
    if (!/^[A-Z]{1,8}$/.test(fields[6]!)) throw new LineProblem('an RWBS field (R, W, WS, FWS, D, N, …)', fields[6]!);
    const rwbs = fields[6]!;
    if (fields[5] !== 'Q' || !(rwbs.includes('R') || rwbs.includes('W'))) return false;
    if (fields[8] !== '+' || fields.length < 10) {
      if (rwbs.includes('F')) return false; // a flush: no sectors
      throw new LineProblem('"sector + sectors" after the RWBS field of a queued read or write', text);
    }
    into.offsetBytes = bytesOf(fields[7]!, 'the sector', SECTOR_BYTES);
    into.sizeBytes = bytesOf(fields[9]!, 'the sector count', SECTOR_BYTES);
    if (into.sizeBytes === 0) return false;
    checkExtent(into, text);
    into.write = rwbs.includes('W');
    into.device = fields[0]!;
    return true;
  }
}
