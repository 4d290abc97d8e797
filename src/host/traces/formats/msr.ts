import { LineProblem } from '../trace-error.js';
import type { TraceFormat } from '../format.js';
import { stateless } from '../format.js';
import { bytesOf, checkExtent, csvFields, integerTime, wholeNumber } from './fields.js';

const LAYOUT = 'Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime';

/**
 * The MSR Cambridge traces (SNIA IOTTA, "Write Off-Loading", FAST '08): CSV,
 * the time in Windows filetime (100 ns units since 1601), Type `Read` or
 * `Write`, Offset and Size in bytes, ResponseTime in filetime units (read,
 * not used: the simulated array answers in its own time). A device is
 * `Hostname_DiskNumber`, as the trace files are named (`usr_0`).
 */
export const MSR: TraceFormat = {
  name: 'msr',
  title: 'MSR Cambridge (SNIA IOTTA)',
  layout: LAYOUT,
  device: 'Hostname_DiskNumber, as the files are named (usr_0)',
  parser: stateless((line, lineNumber, into) => {
    const fields = csvFields(line, 7, LAYOUT);
    if (lineNumber === 1 && fields[0]!.toLowerCase() === 'timestamp') return false;
    integerTime(fields[0]!, 'Timestamp (Windows filetime)', 7, into);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(fields[1]!)) throw new LineProblem('Hostname, a name of letters, digits and _ . - (at most 64)', fields[1]!);
    const disk = wholeNumber(fields[2]!, 'DiskNumber');
    const type = fields[3]!.toLowerCase();
    if (type !== 'read' && type !== 'write') throw new LineProblem('Type Read or Write', fields[3]!);
    into.offsetBytes = bytesOf(fields[4]!, 'Offset (bytes)', 1);
    into.sizeBytes = bytesOf(fields[5]!, 'Size (bytes)', 1);
    wholeNumber(fields[6]!, 'ResponseTime');
    checkExtent(into, line);
    into.write = type === 'write';
    into.device = `${fields[1]}_${disk}`;
    return true;
  }),
};
