import { describe, expect, it } from 'vitest';
import { fields, records, refusal } from '../testing/records.js';

/**
 * From the SNIA IOTTA README of the MSR Cambridge traces: "Timestamp,Hostname,
 * DiskNumber,Type,Offset,Size,ResponseTime"; the time in Windows filetime
 * (100 ns units), Type "Read" or "Write", Offset and Size in bytes.
 */
describe('msr lines', () => {
  it('reads filetime exactly (its values lie beyond 2^53), bytes as bytes, Hostname_DiskNumber as the device', () => {
    const text = ['128166372003061629,usr,0,Read,7014609920,24576,41286', '128166372003061630,usr,0,Write,4096,512,100', '128166372013061629,src1,2,Write,0,4096,2'].join('\n');
    expect(records(text, 'msr').map(fields)).toEqual([
      [0, 'usr_0', 7_014_609_920, 24_576, 'R'],
      [100, 'usr_0', 4096, 512, 'W'],
      [1_000_000_000, 'src1_2', 0, 4096, 'W'],
    ]);
  });

  it('skips the column names on the first line, and reads read/write in either case', () => {
    const text = 'Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime\n128166372003061629,usr,1,read,0,512,1\n';
    expect(records(text, 'msr').map(fields)).toEqual([[0, 'usr_1', 0, 512, 'R']]);
  });

  const bad: [string, string][] = [
    ['128166372003061630,usr,0,Read,0,512', 't:2: expected 7 comma-separated fields Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime, found "128166372003061630,usr,0,Read,0,512"'],
    ['128166372003061630,usr,0,Trim,0,512,1', 't:2: expected Type Read or Write, found "Trim"'],
    ['128166372003061630,usr,0,Read,-1,512,1', 't:2: expected Offset (bytes) as a non-negative integer ≤ 9007199254740991, found "-1"'],
    ['2006-02-22 10:00,usr,0,Read,0,512,1', 't:2: expected Timestamp (Windows filetime) as a non-negative integer (at most 30 digits), found "2006-02-22 10:00"'],
    ['128166372003061630,u s r,0,Read,0,512,1', 't:2: expected Hostname, a name of letters, digits and _ . - (at most 64), found "u s r"'],
    ['128166372003061628,usr,0,Read,0,512,1', 't:2: expected a time ≥ the previous request\'s (128166372003061629): requests in time order, found "128166372003061628"'],
    ['Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime', 't:2: expected Timestamp (Windows filetime) as a non-negative integer (at most 30 digits), found "Timestamp"'],
  ];
  for (const [line, message] of bad) {
    it(`refuses ${JSON.stringify(line)}`, () => {
      expect(refusal(`128166372003061629,usr,0,Read,0,512,1\n${line}\n`, 'msr')).toBe(message);
    });
  }
});
