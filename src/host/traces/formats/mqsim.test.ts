import { describe, expect, it } from 'vitest';
import { fields, records, refusal } from '../testing/records.js';

/** MQSim's description: `<arrival-ns> <device> <start-sector> <sector-count> <type>`, 512-byte sectors, 0 = write, 1 = read. */
describe('mqsim lines', () => {
  it('reads sectors as bytes, type 0 as a write, times from the first request', () => {
    const text = '938513000 4 264719034 16 1\n938513500 2 8 8 0\n';
    expect(records(text, 'mqsim').map(fields)).toEqual([
      [0, '4', 264_719_034 * 512, 8192, 'R'],
      [500, '2', 4096, 4096, 'W'],
    ]);
  });

  it('skips blank lines and tolerates CRLF and extra spaces', () => {
    const read = records('\n 10  1 8 8 1\r\n\n20 0 0 16 0\r\n', 'mqsim');
    expect(read.map((r) => [r.line, r.write])).toEqual([
      [2, false],
      [4, true],
    ]);
  });

  const bad: [string, string][] = [
    ['10 1 8 8', 't:2: expected 5 fields <arrival-ns> <device> <start-sector> <sector-count> <type>, found "10 1 8 8"'],
    ['10 1 -8 8 1', 't:2: expected <start-sector> as a non-negative integer ≤ 9007199254740991, found "-8"'],
    ['1e3 1 8 8 1', 't:2: expected <arrival-ns> as a non-negative integer (at most 30 digits), found "1e3"'],
    ['10 1 8 8 2', 't:2: expected <type> 0 (write) or 1 (read), found "2"'],
    ['3 1 8 8 1', 't:2: expected a time ≥ the previous request\'s (5): requests in time order, found "3"'],
    ['10 x 8 8 1', 't:2: expected <device> as a non-negative integer ≤ 9007199254740991, found "x"'],
    ['10 1 99999999999999 8 1', 't:2: expected <start-sector> of at most 17592186044415 (2^53 bytes), found "99999999999999"'],
  ];
  for (const [line, message] of bad) {
    it(`refuses ${JSON.stringify(line)}, naming the file, the line and what was expected`, () => {
      expect(refusal(`5 0 0 8 0\n${line}\n`, 'mqsim')).toBe(message);
    });
  }
});
