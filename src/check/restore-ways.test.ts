import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';

const messages = (b: HistoryBuilder): string[] => checkHistory(b.history, { only: ['restored-indicator'] }).verdicts.map((v) => v.message);

/**
 * Four tracks of four blocks: STD written whole (w1), established, split at
 * 100; a protected restore from 200 brings tracks 0–3 back, track 1 at 300
 * (by a read when `byRead`), the others at 250; Restored at 400. A host reads
 * track 1 (blocks 4–7) from 260 to `readEndNs`.
 */
function restoreWithRead(options: { copyOnRead: boolean; byRead: boolean; readEndNs: number; byBcvWrite?: 'refuse' | 'copy-before-write' }) {
  const bcvWriteDuringRestore = options.byBcvWrite ?? 'refuse';
  const b = new HistoryBuilder({ settings: { copyOnRead: options.copyOnRead, bcvWriteDuringRestore } });
  const w1 = b.write('std', 0, 16, 20, 30);
  b.physical(25, 'std', 'cache', 'host', 0, Array(16).fill(w1.stamp));
  b.establish(40, 'p1', 60);
  b.physical(50, 'bcv', 'cache', 'copy', 0, Array(16).fill(w1.stamp));
  b.split(100);
  b.restore(200, { protected: true, restoredNs: 400 });
  b.history.restoreStarted('p1', 200, [[0, 4]]);
  for (const t of [0, 2, 3]) {
    b.physical(250, 'std', 'cache', 'copy', t * 4, Array(4).fill(w1.stamp));
    b.history.trackRestored('p1', t, 250);
  }
  b.physical(300, 'std', 'cache', options.byRead ? 'copy-on-read' : options.byBcvWrite ? 'copy-before-write' : 'copy', 4, Array(4).fill(w1.stamp));
  b.history.trackRestored('p1', 1, 300);
  b.read('std', 4, Array(4).fill(w1.stamp), 260, options.readEndNs);
  return b;
}

describe('copy-on-read, as the history’s settings say it is set', () => {
  it('passes a read that restored its track before answering, and a read that did not with copy-on-read off', () => {
    expect(messages(restoreWithRead({ copyOnRead: true, byRead: true, readEndNs: 310 }))).toEqual([]);
    expect(messages(restoreWithRead({ copyOnRead: false, byRead: false, readEndNs: 280 }))).toEqual([]);
  });

  it('names a read answered before its track was restored, with copy-on-read on', () => {
    expect(messages(restoreWithRead({ copyOnRead: true, byRead: false, readEndNs: 280 }))).toEqual([
      'restored-indicator violated: the restore of pair p1 from 200 ns: a host read of track 1 answered at 280 ns before the track was restored, though copy-on-read is on (a read of an unrestored track restores it first)',
    ]);
  });

  it('names a track a read restored, with copy-on-read off', () => {
    expect(messages(restoreWithRead({ copyOnRead: false, byRead: true, readEndNs: 310 }))).toEqual([
      'restored-indicator violated: a read restored track 1 of pair p1 at 300 ns (a copy-on-read write), though the history\'s settings turn copy-on-read off',
    ]);
  });

  it('names a track a BCV write restored under `refuse` (copy-before-write), and passes it under `copy-before-write`', () => {
    expect(messages(restoreWithRead({ copyOnRead: false, byRead: false, readEndNs: 280, byBcvWrite: 'copy-before-write' }))).toEqual([]);
    expect(messages(restoreWithRead({ copyOnRead: false, byRead: false, readEndNs: 280, byBcvWrite: 'refuse' }))).toEqual([
      "restored-indicator violated: a BCV write restored track 1 of pair p1 at 300 ns (a copy-before-write write), though the history's settings refuse BCV writes during a protected restore",
    ]);
  });

  it('names a merge of a track the host write covered whole, and passes a merge of a track it covered in part', () => {
    const merged = (blockCount: number) => {
      const b = restoreWithRead({ copyOnRead: false, byRead: false, readEndNs: 280 });
      const w = b.write('std', 8, blockCount, 270, 290); // track 2 (blocks 8–11), whole or in part
      b.physical(280, 'std', 'cache', 'merge', 8, [...Array(blockCount).fill(w.stamp), ...Array(4 - blockCount).fill(1)]);
      return messages(b);
    };
    expect(merged(3)).toEqual([]);
    expect(merged(4)).toEqual([
      'restored-indicator violated: a host write merged track 2 of pair p1 at 280 ns (read the rest from the BCV), though it covered the whole track: it restores it by overwriting',
    ]);
  });

  it('a partial last track counts whole as the protocol counts it: a write over all its blocks but not past the end merges it', () => {
    const b = new HistoryBuilder({ blocks: 15 }); // tracks of 4: the last, track 3, holds blocks 12–14
    b.establish(40, 'p1', 60);
    b.split(100);
    b.restore(200, { protected: true, restoredNs: 400 });
    const w = b.write('std', 12, 3, 270, 290);
    b.physical(280, 'std', 'cache', 'merge', 12, Array(3).fill(w.stamp));
    expect(checkHistory(b.history, { only: ['restored-indicator'] }).verdicts.filter((v) => 'reason' in v && v.reason === 'merge-of-covered-track')).toEqual([]);
  });

  it('names the pair whose restore was running, not the first pair of the standard', () => {
    const b = new HistoryBuilder({ pairs: [{ name: 'p1', std: 'std', bcv: 'bcv' }, { name: 'p2', std: 'std', bcv: 'bcv2' }] });
    b.establish(40, 'p2', 60);
    b.split(100, 'p2');
    b.restore(200, { protected: true, restoredNs: 400 }, 'p2');
    b.history.restoreStarted('p2', 200, [[0, 4]]);
    b.physical(300, 'std', 'cache', 'copy-before-write', 4, [0, 0, 0, 0]);
    expect(messages(b).filter((m) => m.includes('copy-before-write write'))).toEqual([
      "restored-indicator violated: a BCV write restored track 1 of pair p2 at 300 ns (a copy-before-write write), though the history's settings refuse BCV writes during a protected restore",
    ]);
  });
});

