import { describe, expect, it } from 'vitest';
// Only the public API, as a user's project would import it from 'mirrorsim'.
import { CopyTask, runGate, type ProtocolVariant } from '../src/index.js';

/** A user's copy engine: copies the highest tracks first (the example in docs/gate.md). */
class TopDownCopy extends CopyTask {
  private next = -1;

  protected override pickTrack(): number {
    if (this.next < 0) this.next = this.pair.tracks - 1;
    for (; this.next >= 0; this.next--) {
      if (this.pair.toCopy.has(this.next)) return this.next--;
    }
    return -1;
  }
}

const topDown: ProtocolVariant = { parts: { copyEngine: (context, pair, direction) => new TopDownCopy(context, pair, direction, pair.copyConfig) } };

/** A user's wrong idea: an incremental copy needs only the tracks changed on STD. */
const stdOnlyIncremental: ProtocolVariant = {
  parts: {
    tracksToCopy(pair, incremental) {
      pair.toCopy.clear();
      if (incremental) pair.toCopy.union(pair.stdChanged);
      else pair.toCopy.fill();
    },
  },
};

describe('bring your own controller', () => {
  it('a user copy engine that copies top-down keeps every guarantee', () => {
    const result = runGate({ runs: 150, seed: 11, variant: topDown });
    expect(result.counterexample?.message ?? null).toBeNull();
    expect(result.properties.every((p) => p.status === 'passed')).toBe(true);
  });

  it('a user restore policy that ignores the BCV side is caught', () => {
    const result = runGate({ runs: 500, seed: 11, variant: stdOnlyIncremental, properties: ['incremental-equals-full', 'mirror-convergence'] });
    expect(result.counterexample?.target).toMatch(/incremental-equals-full|mirror-convergence/);
  });
});
