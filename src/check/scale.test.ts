import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { editReturned } from './testing/builder.js';
import { syntheticHistory } from './testing/synthetic.js';

const OPS = 1_000_000;

describe('checking scales to a million host I/Os', () => {
  // How fast: `npm run bench` (checkerHostIosPerSecond). Here, what holds at that size; a quadratic checker would not finish within the test timeout.
  it('checks 1 000 000 host I/Os, with commands and physical writes; a planted lost write is found', () => {
    const history = syntheticHistory({ ops: OPS, blocks: 1 << 18, blocksPerTrack: 16, commandEvery: 100_000, seed: 7 });
    const result = checkHistory(history);
    expect(result.verdicts.map((v) => v.message)).toEqual([]);
    expect(result.stats.opsChecked).toBe(OPS);
    expect(result.stats.readsChecked).toBeGreaterThan(OPS / 3);
    expect(result.stats.phasesChecked).toBeGreaterThan(5);

    const read = [...Array(100).keys()].map((k) => history.op(OPS / 2 + k)).find((op) => !op.write)!;
    editReturned(history, read.id, 0, 0xfffffff0);
    const broken = checkHistory(history);
    expect(broken.verdicts).toHaveLength(1);
    expect(broken.verdicts[0]).toMatchObject({ op: { id: read.id }, blocks: [{ returned: 0xfffffff0, returnedBy: { kind: 'unknown' } }] });
  });
});
