import { describe, expect, it } from 'vitest';
import { fields, records, refusal } from '../testing/records.js';

/**
 * From the schema of io_traces.csv in github.com/alibaba/block-traces:
 * device_id (uint32), opcode 'R' or 'W', offset (bytes), length (bytes),
 * timestamp (microseconds).
 */
describe('alibaba lines', () => {
  it('reads microseconds exactly (Unix microseconds in ns lie beyond 2^53), bytes as bytes', () => {
    const text = ['0,R,126703644672,4096,1577808000000123', '7,W,8192,65536,1577808000000125', '0,W,0,512,1577808001000123'].join('\n');
    expect(records(text, 'alibaba').map(fields)).toEqual([
      [0, '0', 126_703_644_672, 4096, 'R'],
      [2000, '7', 8192, 65_536, 'W'],
      [1_000_000_000, '0', 0, 512, 'W'],
    ]);
  });

  it('skips the column names on the first line', () => {
    expect(records('device_id,opcode,offset,length,timestamp\n3,R,0,4096,10\n', 'alibaba').map(fields)).toEqual([[0, '3', 0, 4096, 'R']]);
  });

  const bad: [string, string][] = [
    ['0,r,0,4096,11', 't:2: expected opcode R (read) or W (write), found "r"'],
    ['0,R,0,4096', 't:2: expected 5 comma-separated fields device_id,opcode,offset,length,timestamp, found "0,R,0,4096"'],
    ['0,R,0,4k,11', 't:2: expected length (bytes) as a non-negative integer ≤ 9007199254740991, found "4k"'],
    ['0,R,0,4096,9', 't:2: expected a time ≥ the previous request\'s (10): requests in time order, found "9"'],
  ];
  for (const [line, message] of bad) {
    it(`refuses ${JSON.stringify(line)}`, () => {
      expect(refusal(`1,W,0,4096,10\n${line}\n`, 'alibaba')).toBe(message);
    });
  }
});
