import { describe, expect, it } from 'vitest';
import { world } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { DestageViolation } from './verdict.js';

const destageVerdicts = (history: HistoryBuilder['history']) =>
  checkHistory(history, { only: ['no-lost-writes'] }).verdicts.filter((v): v is DestageViolation => 'reason' in v);

describe('destage: what reaches the drives', () => {
  it('a real run: every destage writes what the cache held, and the drives hold the cache once the run is idle', () => {
    const w = world({ blocks: 256 });
    for (let b = 0; b < 64; b += 3) w.write('std', b, 2);
    w.run();
    w.command(w.establish());
    w.run();
    w.history.bounds = { idleNs: w.sim.now };
    const result = checkHistory(w.history);
    expect(result.stats.destagesChecked).toBeGreaterThan(0);
    expect(result.verdicts).toEqual([]);
  });

  it('a destage of a value the cache never held, and a write left in the cache when the run fell idle', () => {
    const b = new HistoryBuilder();
    b.physical(100, 'std', 'cache', 'host', 0, [1, 2]);
    b.physical(200, 'std', 'cache', 'host', 0, [3]);
    b.physical(300, 'std', 'disk', 'destage', 0, [1, 2]); // an older value the cache held: allowed (a later destage brings the newer)
    expect(destageVerdicts(b.history)).toEqual([]);
    b.history.bounds = { idleNs: 1_000 };
    const [v, ...rest] = destageVerdicts(b.history);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ reason: 'not-destaged', volume: 'std', block: 0, cache: 3, disk: 1, atNs: 1_000, alsoWrong: 0 });
    expect(v!.message).toBe('no-lost-writes violated: the run fell idle at 1.0 µs with std block 0 holding stamp 1 on the drives and 3 in the cache: a write was never destaged');
    b.physical(400, 'std', 'disk', 'destage', 0, [3, 7]);
    const [unheld, ...others] = destageVerdicts(b.history);
    expect(others.map((o) => o.reason)).toEqual(['not-destaged']);
    expect(unheld).toMatchObject({ reason: 'destaged-unheld', volume: 'std', block: 1, cache: 2, disk: 7, atNs: 400 });
  });
});
