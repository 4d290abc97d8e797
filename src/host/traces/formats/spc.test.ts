import { describe, expect, it } from 'vitest';
import { fields, records, refusal } from '../testing/records.js';

/**
 * From the SPC Trace File Format Specification 1.0.1, as the UMass Trace
 * Repository's Financial and WebSearch traces use it: "ASU,LBA,Size,Opcode,
 * Timestamp[,optional fields]"; LBA in 512-byte blocks, Size in bytes,
 * Opcode r or w, Timestamp in seconds; spaces are allowed around fields.
 */
describe('spc lines', () => {
  it('reads LBAs as 512-byte blocks, decimal seconds exactly, the ASU as the device', () => {
    const text = ['0,303567,3584,w,0.000000', '1,55590,3072,r,0.026214', '0,303574,3584,W,0.026214,extra,fields', ' 2 , 10 , 512 , R , 1.5'].join('\n');
    expect(records(text, 'spc').map(fields)).toEqual([
      [0, '0', 303_567 * 512, 3584, 'W'],
      [26_214_000, '1', 55_590 * 512, 3072, 'R'],
      [26_214_000, '0', 303_574 * 512, 3584, 'W'],
      [1_500_000_000, '2', 5120, 512, 'R'],
    ]);
  });

  const bad: [string, string][] = [
    ['0,303567,3584,w', 't:2: expected at least 5 comma-separated fields ASU,LBA,Size,Opcode,Timestamp, found "0,303567,3584,w"'],
    ['0,303567,3584,x,1.0', 't:2: expected Opcode r (read) or w (write), found "x"'],
    ['0,303567,3584,w,1e-3', 't:2: expected Timestamp in seconds, with at most 15 digits before the point and 9 after, found "1e-3"'],
    ['0,303567,3584,w,0.0000000001', 't:2: expected Timestamp in seconds, with at most 15 digits before the point and 9 after, found "0.0000000001"'],
    ['a,303567,3584,w,1.0', 't:2: expected ASU as a non-negative integer ≤ 9007199254740991, found "a"'],
  ];
  for (const [line, message] of bad) {
    it(`refuses ${JSON.stringify(line)}`, () => {
      expect(refusal(`0,1,512,r,0.5\n${line}\n`, 'spc')).toBe(message);
    });
  }
});
