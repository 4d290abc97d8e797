import { describe, expect, it } from 'vitest';
import { fields, records, refusal } from '../testing/records.js';

/**
 * From the SNIA IOTTA README of the Tencent CBS traces: "Timestamp,Offset,
 * Size,IOType,VolumeID"; Unix seconds, Offset and Size in 512-byte sectors,
 * IOType "Read(0)", "Write(1)".
 */
describe('tencent lines', () => {
  it('reads sectors as bytes, IOType 0 as a read and 1 as a write, whole seconds', () => {
    const text = ['1538323200,12345,16,0,1063', '1538323200,8,8,1,1064', '1538323203,0,1,1,1063'].join('\n');
    expect(records(text, 'tencent').map(fields)).toEqual([
      [0, '1063', 12_345 * 512, 8192, 'R'],
      [0, '1064', 4096, 4096, 'W'],
      [3_000_000_000, '1063', 0, 512, 'W'],
    ]);
  });

  const bad: [string, string][] = [
    ['1538323201,0,8,2,1', 't:2: expected IOType 0 (read) or 1 (write), found "2"'],
    ['1538323201,0,8,Read,1', 't:2: expected IOType 0 (read) or 1 (write), found "Read"'],
    ['1538323201.5,0,8,0,1', 't:2: expected Timestamp (Unix seconds) as a non-negative integer (at most 30 digits), found "1538323201.5"'],
    ['1538323201,0,8,0', 't:2: expected 5 comma-separated fields Timestamp,Offset,Size,IOType,VolumeID, found "1538323201,0,8,0"'],
  ];
  for (const [line, message] of bad) {
    it(`refuses ${JSON.stringify(line)}`, () => {
      expect(refusal(`1538323200,0,8,0,1\n${line}\n`, 'tencent')).toBe(message);
    });
  }
});
