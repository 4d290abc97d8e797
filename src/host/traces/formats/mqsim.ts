import { LineProblem } from '../trace-error.js';
import type { TraceFormat } from '../format.js';
import { stateless } from '../format.js';
import { bytesOf, checkExtent, integerTime, SECTOR_BYTES, wholeNumber } from './fields.js';

const LAYOUT = '<arrival-ns> <device> <start-sector> <sector-count> <type>';

/**
 * MQSim's traces (CMU SAFARI group, `traces/` of MQSim): one request a
 * line, fields separated by spaces, sectors of 512 bytes, type 0 = write
 * and 1 = read.
 */
export const MQSIM: TraceFormat = {
  name: 'mqsim',
  title: 'MQSim (CMU SAFARI)',
  layout: LAYOUT,
  device: 'the <device> number',
  parser: stateless((line, _lineNumber, into) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 5) throw new LineProblem(`5 fields ${LAYOUT}`, line.trim());
    integerTime(fields[0]!, '<arrival-ns>', 9, into);
    into.device = String(wholeNumber(fields[1]!, '<device>'));
    into.offsetBytes = bytesOf(fields[2]!, '<start-sector>', SECTOR_BYTES);
    into.sizeBytes = bytesOf(fields[3]!, '<sector-count>', SECTOR_BYTES);
    if (fields[4] !== '0' && fields[4] !== '1') throw new LineProblem('<type> 0 (write) or 1 (read)', fields[4]!);
    checkExtent(into, line.trim());
    into.write = fields[4] === '0';
    return true;
  }),
};
