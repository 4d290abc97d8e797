import { describe, expect, it } from 'vitest';
import { fields, records, refusal } from '../testing/records.js';

/**
 * Lines as blkparse prints them by default (header "%D %2c %8s %5T.%9t %5p
 * %2a %3d ", then for a queued request "sector + sectors [process]"), with
 * the summary it closes with.
 */
const TRACE = `  8,0    3        1     0.000000000   697  A   W 223490 + 8 <- (8,1) 223427
  8,0    3        2     0.000001829   697  Q   W 223490 + 8 [kjournald]
  8,0    3        3     0.000009431   697  G   W 223490 + 8 [kjournald]
  8,0    3        4     0.000012452   697  P   N [kjournald]
  8,0    3        5     0.000015126   697  I   W 223490 + 8 [kjournald]
  8,0    3        6     0.000026227   697  D   W 223490 + 8 [kjournald]
  8,0    1        1     0.000310513  4162  Q   R 1270976 + 16 [cat]
  8,0    1        2     0.000311000  4162  Q  RA 1271000 + 64 [cat]
  8,0    1        3     0.000400000  4162  Q FWS [jbd2/sda1-8]
  8,0    1        4     0.000410000  4162  Q   D 2048 + 2048 [fstrim]
  8,0    1        5     0.000420000  4162  Q  WS 4096 + 0 [sync]
  8,16   0        1     0.000500000   901  Q  WS 16 + 8 [postgres]
  8,0    3        7     0.000600000     0  C   W 223490 + 8 [0]
  8,0    0        0     0.000700000     0  m   N cfq697 slice expired t=0

CPU0 (8,0):
 Reads Queued:           2,       80KiB	 Writes Queued:           1,        4KiB
Total (8,0):
 Reads Queued:           2,       80KiB	 Writes Queued:           1,        4KiB

Throughput (R/W): 0KiB/s / 0KiB/s
Events (8,0): 14 entries
Skips: 0 forward (0 -   0.0%)
`;

describe('blkparse lines', () => {
  it('reads the queued (Q) reads and writes, with maj,min as the device', () => {
    expect(records(TRACE, 'blkparse').map(fields)).toEqual([
      [0, '8,0', 223_490 * 512, 4096, 'W'],
      [308_684, '8,0', 1_270_976 * 512, 8192, 'R'],
      [309_171, '8,0', 1_271_000 * 512, 32_768, 'R'],
      [498_171, '8,16', 16 * 512, 4096, 'W'],
    ]);
  });

  it('skips other actions, flushes, discards, empty requests and the closing summary', () => {
    // 18 event and summary lines other than the four requests; blank lines are not counted.
    expect(records(TRACE, 'blkparse').map((r) => r.line)).toEqual([2, 7, 8, 12]);
  });

  const bad: [string, string][] = [
    ['  8,0    1        9     0.000800000  4162  Q   W 12 8 [x]', 't:2: expected "sector + sectors" after the RWBS field of a queued read or write, found "8,0    1        9     0.000800000  4162  Q   W 12 8 [x]"'],
    ['  8,0    1        9     0.8e-3  4162  Q   W 12 + 8 [x]', 't:2: expected the time in seconds, with at most 15 digits before the point and 9 after, found "0.8e-3"'],
    ['  8,0    1        9     0.000800000  4162  Q   w 12 + 8 [x]', 't:2: expected an RWBS field (R, W, WS, FWS, D, N, …), found "w"'],
    ['  8,0    1        9     0.000800000', 't:2: expected at least 7 fields: maj,min cpu sequence seconds.nanoseconds pid action RWBS sector + sectors [process], found "8,0    1        9     0.000800000"'],
    ['sda 1 9 0.0008 4162 Q W 12 + 8', 't:2: expected an event line (maj,min cpu sequence seconds.nanoseconds pid action RWBS sector + sectors [process]) or blkparse\'s closing summary (CPU0 (8,0): …), found "sda 1 9 0.0008 4162 Q W 12 + 8"'],
    ['  8,0    1        9     0.000000000  4162  Q   W 12 + 8 [x]', 't:2: expected a time ≥ the previous request\'s (0.000100000): requests in time order, found "0.000000000"'],
  ];
  for (const [line, message] of bad) {
    it(`refuses ${JSON.stringify(line.trim())}`, () => {
      expect(refusal(`  8,0    1        1     0.000100000  4162  Q   R 0 + 8 [x]\n${line}\n`, 'blkparse')).toBe(message);
    });
  }
});
