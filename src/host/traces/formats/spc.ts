import { LineProblem } from '../trace-error.js';
import type { TraceFormat } from '../format.js';
import { stateless } from '../format.js';
import { bytesOf, checkExtent, csvFields, decimalSeconds, SECTOR_BYTES, wholeNumber } from './fields.js';

const LAYOUT = 'ASU,LBA,Size,Opcode,Timestamp';

/**
 * The SPC trace format (Storage Performance Council, Trace File Format
 * Specification 1.0.1), as the UMass Trace Repository's OLTP (Financial)
 * and WebSearch traces use it: ASU (application specific unit), LBA in
 * 512-byte blocks, Size in bytes, Opcode r or w (either case), Timestamp in
 * seconds from the trace's start. Fields after the fifth are optional in
 * the specification and ignored; spaces around a field are allowed.
 */
export const SPC: TraceFormat = {
  name: 'spc',
  title: 'SPC / UMass Trace Repository',
  layout: `${LAYOUT}[,…]`,
  device: 'the ASU number',
  parser: stateless((line, lineNumber, into) => {
    const fields = csvFields(line, 5, LAYOUT, true);
    if (lineNumber === 1 && fields[0]!.toLowerCase() === 'asu') return false;
    into.device = String(wholeNumber(fields[0]!, 'ASU'));
    into.offsetBytes = bytesOf(fields[1]!, 'LBA (512-byte blocks)', SECTOR_BYTES);
    into.sizeBytes = bytesOf(fields[2]!, 'Size (bytes)', 1);
    const opcode = fields[3]!.toLowerCase();
    if (opcode !== 'r' && opcode !== 'w') throw new LineProblem('Opcode r (read) or w (write)', fields[3]!);
    decimalSeconds(fields[4]!, 'Timestamp', into);
    checkExtent(into, line);
    into.write = opcode === 'w';
    return true;
  }),
};
