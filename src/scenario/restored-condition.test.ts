import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';
import { runScenario } from './runner.js';

/**
 * After the split a host writes tracks 0–7 of prod (64 tracks), so an
 * incremental restore has 8 tracks to copy: by the definition of the
 * restored indicator, the other 56 are restored from its first instant.
 */
const RESTORED_CONDITION = `
name: restored-condition
seed: 3
duration: 2s
array:
  drives: [{ count: 2, prefix: d, model: fixed, service: 1ms }]
  cache: { size: 64MiB }
  volumes:
    - { name: prod, size: 4MiB, drives: [d0] }
    - { name: bcv, size: 4MiB, drives: [d1] }
pairs: [{ name: p1, std: prod, bcv: bcv, copy: { concurrency: 1 } }]
hosts:
  - { name: w, start: manual, workload: { volumes: [prod], distribution: sequential, readFraction: 0, size: 64KiB, alignment: track, queueDepth: 1, limit: 8 } }
timeline:
  - { at: 0s, establish: p1 }
  - { id: s, when: pair p1 is Synchronized, split: p1 }
  - { when: step s done, start: w }
  - { id: r, when: step s done, after: 500ms, restore: p1, incremental: true }
  - { id: q56, when: pair p1 restored 56 tracks, query: p1 }
  - { id: q57, when: pair p1 restored 57 tracks, query: p1 }
  - { id: q62, when: pair p1 restored 62 tracks, query: p1 }
`;

describe('the timeline condition "pair P restored N tracks"', () => {
  it('holds exactly when the restored indicator counts N tracks: at once for tracks outside an incremental scope, then track by track', () => {
    const { result } = runScenario(parseScenario(RESTORED_CONDITION, 'restored-condition.yaml'));
    const step = (id: string) => result.timeline.find((s) => s.id === id)!;
    const restore = result.commands.find((c) => c.command === 'restore')!;
    expect(restore).toMatchObject({ error: null, stateBefore: 'Split' });
    expect(result.pairs[0]!.phases[1]).toMatchObject({ kind: 'restore', incremental: true, tracksInScope: 8 });
    // 56 tracks were never in scope: restored from the restore's first instant.
    expect(step('q56').firedNs).toBe(restore.effectiveNs);
    // One more needs a copy to land; the query at that instant counts exactly N.
    expect(step('q57').firedNs).toBeGreaterThan(restore.effectiveNs);
    expect(step('q62').firedNs).toBeGreaterThan(step('q57').firedNs);
    expect(result.queries.map((q) => [q.state, q.restoredTracks, q.percentComplete])).toEqual([
      ['RestInProg', 56, 87.5],
      ['RestInProg', 57, (100 * 57) / 64],
      ['RestInProg', 62, (100 * 62) / 64],
    ]);
  });
});
