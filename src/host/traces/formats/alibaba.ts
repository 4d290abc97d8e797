import { LineProblem } from '../trace-error.js';
import type { TraceFormat } from '../format.js';
import { stateless } from '../format.js';
import { bytesOf, checkExtent, csvFields, integerTime, wholeNumber } from './fields.js';

const LAYOUT = 'device_id,opcode,offset,length,timestamp';

/**
 * Alibaba Cloud's block traces (github.com/alibaba/block-traces,
 * `io_traces.csv`): the virtual disk's id, opcode R or W, offset and length
 * in bytes, timestamp in microseconds.
 */
export const ALIBABA: TraceFormat = {
  name: 'alibaba',
  title: 'Alibaba Cloud block traces',
  layout: LAYOUT,
  device: 'device_id, the virtual disk',
  parser: stateless((line, lineNumber, into) => {
    const fields = csvFields(line, 5, LAYOUT);
    if (lineNumber === 1 && fields[0]!.toLowerCase() === 'device_id') return false;
    into.device = String(wholeNumber(fields[0]!, 'device_id'));
    const opcode = fields[1]!;
    if (opcode !== 'R' && opcode !== 'W') throw new LineProblem('opcode R (read) or W (write)', opcode);
    into.offsetBytes = bytesOf(fields[2]!, 'offset (bytes)', 1);
    into.sizeBytes = bytesOf(fields[3]!, 'length (bytes)', 1);
    integerTime(fields[4]!, 'timestamp (microseconds)', 6, into);
    checkExtent(into, line);
    into.write = opcode === 'W';
    return true;
  }),
};
