import { describe, expect, it } from 'vitest';
import type { PairResult, RunResult } from '../../scenario/results.js';
import { bandLegend, phaseBands } from './phase-bands.js';

const S = 1e9;

function pair(name: string, phases: [kind: 'establish' | 'restore', startS: number, endS: number | null][], timeline: [state: string, atS: number][]): PairResult {
  return {
    name,
    timeline: timeline.map(([state, atS]) => ({ state, label: state, atNs: atS * S })),
    phases: phases.map(([kind, startS, endS]) => ({ kind, startNs: startS * S, endNs: endS === null ? null : endS * S })),
  } as unknown as PairResult;
}

const run = (pairs: PairResult[], faultsAtS: number[] = []) =>
  ({ pairs, simulatedNs: 100 * S, faults: faultsAtS.map((atS) => ({ atNs: atS * S, fault: 'power loss', target: 'array', detail: '' })) }) as unknown as RunResult;

describe('phaseBands', () => {
  it('shades establishes as sync, restores as restore, and each split from its start to its end', () => {
    const bands = phaseBands(run([pair('p1', [['establish', 1, 5], ['restore', 20, null]], [['NeverEstab', 0], ['SyncInProg', 1], ['Synchronized', 5], ['SplitInProg', 8], ['Split', 9], ['RestInProg', 20]])]));
    expect(bands.map(({ kind, startS, endS }) => ({ kind, startS, endS }))).toEqual([
      { kind: 'sync', startS: 1, endS: 5 },
      { kind: 'restore', startS: 20, endS: 100 }, // still running: to the end of the run
      { kind: 'split', startS: 8, endS: 9 },
    ]);
  });

  it('merges the overlapping phases of a group into one band', () => {
    const group = ['p1', 'p2', 'p3'].map((name, i) => pair(name, [['restore', 10 + i, 15 + i]], [['Synchronized', 1], ['Split', 2]]));
    const bands = phaseBands(run(group));
    expect(bands.filter((b) => b.kind === 'restore').map((b) => [b.startS, b.endS])).toEqual([[10, 17]]);
    expect(bands.filter((b) => b.kind === 'split').map((b) => [b.startS, b.endS])).toEqual([[2, 2]]);
  });

  it('names in the legend only the kinds present', () => {
    const bands = phaseBands(run([pair('p1', [['establish', 1, 2]], [['SyncInProg', 1]])]));
    expect(bandLegend(bands).map((d) => d.label)).toEqual(['sync (establish copy) (shaded)']);
  });

  it('marks each fault and recovery as an instant, on top of the phases', () => {
    const bands = phaseBands(run([pair('p1', [['restore', 10, 30]], [['Split', 2]])], [14, 16]));
    expect(bands.filter((b) => b.kind === 'fault').map((b) => [b.startS, b.endS])).toEqual([[14, 14], [16, 16]]);
    expect(bands.at(-1)!.kind).toBe('fault');
    expect(bandLegend(bands).map((d) => d.label)).toEqual(['split (shaded)', 'restore (shaded)', 'fault or recovery (red line)']);
  });
});
