import { describe, expect, it } from 'vitest';
import type { CopyPhase } from './pair.js';
import { PROGRESS_SAMPLES_PER_PHASE, sampleProgress } from './progress.js';

function phase(tracksInScope: number): CopyPhase {
  return {
    kind: 'restore',
    direction: 'bcv-to-std',
    incremental: false,
    protected: true,
    startNs: 0,
    endNs: null,
    tracksInScope,
    counters: { background: 0, copyOnRead: 0, merged: 0, overwritten: 0, copyBeforeWrite: 0 },
    abandoned: false,
    readErrors: 0,
    nextCopyStartNs: 0,
    progress: [],
  };
}

describe('sampleProgress', () => {
  it('samples at the start, every 1/200 of the tracks, and at the end: a bounded, growing curve', () => {
    const p = phase(10_000);
    sampleProgress(p, 0, true);
    for (let track = 0; track < 10_000; track++) {
      if (track % 10 === 0) p.counters.copyOnRead++;
      else p.counters.background++;
      sampleProgress(p, 1000 * (track + 1));
    }
    sampleProgress(p, 10_000_000, true);
    expect(p.progress.length).toBeLessThanOrEqual(PROGRESS_SAMPLES_PER_PHASE + 2);
    expect(p.progress.length).toBeGreaterThan(PROGRESS_SAMPLES_PER_PHASE / 2);
    expect(p.progress[0]).toEqual({ atNs: 0, background: 0, copyOnRead: 0, merged: 0, overwritten: 0, copyBeforeWrite: 0 });
    expect(p.progress.at(-1)).toEqual({ atNs: 10_000_000, background: 9000, copyOnRead: 1000, merged: 0, overwritten: 0, copyBeforeWrite: 0 });
    const totals = p.progress.map((s) => s.background + s.copyOnRead);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });

  it('samples every track of a small phase, and does not repeat an unchanged sample', () => {
    const p = phase(3);
    sampleProgress(p, 5, true);
    sampleProgress(p, 5, true);
    p.counters.merged++;
    sampleProgress(p, 7);
    sampleProgress(p, 7, true);
    expect(p.progress.map((s) => [s.atNs, s.merged])).toEqual([[5, 0], [7, 1]]);
  });
});
