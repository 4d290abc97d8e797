import { LineProblem } from '../trace-error.js';
import type { TraceFormat } from '../format.js';
import { stateless } from '../format.js';
import { bytesOf, checkExtent, csvFields, integerTime, SECTOR_BYTES, wholeNumber } from './fields.js';

const LAYOUT = 'Timestamp,Offset,Size,IOType,VolumeID';

/**
 * Tencent Cloud Block Storage traces (SNIA IOTTA, "OSCA", ATC '20): the time
 * in whole Unix seconds, Offset and Size in 512-byte sectors, IOType 0 for
 * a read and 1 for a write (the reverse of MQSim's), and the cloud virtual
 * volume's id.
 */
export const TENCENT: TraceFormat = {
  name: 'tencent',
  title: 'Tencent Cloud Block Storage (SNIA IOTTA)',
  layout: LAYOUT,
  device: 'VolumeID, the cloud virtual volume',
  parser: stateless((line, lineNumber, into) => {
    const fields = csvFields(line, 5, LAYOUT);
    if (lineNumber === 1 && fields[0]!.toLowerCase() === 'timestamp') return false;
    integerTime(fields[0]!, 'Timestamp (Unix seconds)', 0, into);
    into.offsetBytes = bytesOf(fields[1]!, 'Offset (sectors)', SECTOR_BYTES);
    into.sizeBytes = bytesOf(fields[2]!, 'Size (sectors)', SECTOR_BYTES);
    if (fields[3] !== '0' && fields[3] !== '1') throw new LineProblem('IOType 0 (read) or 1 (write)', fields[3]!);
    into.device = String(wholeNumber(fields[4]!, 'VolumeID'));
    checkExtent(into, line);
    into.write = fields[3] === '1';
    return true;
  }),
};
