import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { IoEndViolation } from './verdict.js';

const ioEnds = (b: HistoryBuilder, ioBoundNs?: number): IoEndViolation[] =>
  checkHistory(b.history, { only: ['every-io-ends'], ...(ioBoundNs === undefined ? {} : { ioBoundNs }) }).verdicts as IoEndViolation[];

describe('every I/O ends', () => {
  it('within the bound of its issue; one never completed is judged once the history reaches past its deadline', () => {
    const b = new HistoryBuilder();
    b.write('std', 0, 1, 0, 90);
    b.read('std', 0, [0], 100, 200);
    b.failed('std', false, 0, 1, 100, 150, 'not-ready'); // an error ends it too
    expect(ioEnds(b, 100)).toEqual([]);
    const late = b.read('std', 0, [0], 300, 450);
    const hung = b.pendingRead('std', 0, 1, 360);
    expect(ioEnds(b, 100).map((v) => [v.op.id, v.reason, v.deadlineNs])).toEqual([[late, 'late', 400]]); // the history ends at 450, before 360 + 100
    b.read('std', 0, [0], 500, 520);
    const verdicts = ioEnds(b, 100);
    expect(verdicts.map((v) => [v.op.id, v.reason])).toEqual([[late, 'late'], [hung, 'never-completed']]);
    expect(verdicts[1]!.message).toBe(`every-io-ends violated: read #${hung} by host h of std block 0 [360 ns → never completed] never ended, though the history runs to 520 ns, past its deadline of 460 ns (100 ns from its issue)`);
  });

  it('from the load\'s end when the history declares it, and the run\'s declared end counts as reached', () => {
    const b = new HistoryBuilder();
    const slow = b.read('std', 0, [0], 100, 900);
    b.history.bounds = { loadEndNs: 800, ioBoundNs: 200 };
    expect(ioEnds(b)).toEqual([]);
    const hung = b.pendingRead('std', 0, 1, 850);
    expect(ioEnds(b)).toEqual([]); // the history stops at 900, before 850 + 200
    b.history.bounds = { loadEndNs: 800, ioBoundNs: 200, runEndNs: 2_000 };
    expect(ioEnds(b).map((v) => [v.op.id, v.reason, v.loadEndNs])).toEqual([[hung, 'never-completed', 800]]);
    b.history.bounds = { loadEndNs: 300, ioBoundNs: 200, runEndNs: 2_000 };
    expect(ioEnds(b).map((v) => v.op.id)).toEqual([slow, hung]);
    expect(ioEnds(b, 10_000)).toEqual([]); // the caller's bound wins
  });

  it('without a bound nothing is timed, and the check says so', () => {
    const b = new HistoryBuilder();
    b.pendingRead('std', 0, 1, 0);
    b.read('std', 0, [0], 10, 1_000_000);
    const result = checkHistory(b.history, { only: ['every-io-ends'] });
    expect(result.verdicts).toEqual([]);
    expect(result.stats.skipped).toEqual([{ guarantee: 'every-io-ends', reason: 'no I/O bound given: host I/Os were not timed', entirely: true }]);
  });
});
