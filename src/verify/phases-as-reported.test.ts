import { describe, expect, it } from 'vitest';
import { reach } from '../protocol/testing/reach.js';
import type { World } from '../protocol/testing/world.js';
import { checkPhasesAsReported } from './phases-as-reported.js';

function check(w: World): string {
  try {
    checkPhasesAsReported(w.history, w.protocol.pairs.values());
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

/** An establish, then a protected restore abandoned by a forced split: two phases, the second abandoned. */
function abandonedRestore(): World {
  const w = reach('SplitBfrRest (protected)');
  w.run();
  return w;
}

describe('the copy phases the protocol reports, against the history', () => {
  it('accepts the phases as the protocol reports them', () => {
    const w = abandonedRestore();
    expect(w.pair().phases.map((p) => [p.kind, p.protected, p.abandoned])).toEqual([
      ['establish', false, false],
      ['restore', true, true],
    ]);
    expect(check(w)).toBe('ok');
  });

  it('names a phase reported with another protection, scope, end or ending than the history shows', () => {
    const cases: [string, (w: World) => void, RegExp][] = [
      ['protection', (w) => (w.pair().phases[1] = { ...w.pair().phases[1]!, protected: false }), /copy phase 2 \(the restore of command #\d+\) is reported with protected false \(the history: true\)/],
      ['abandoned', (w) => (w.pair().phases[1]!.abandoned = false), /reported with abandoned false \(the history: true\)/],
      ['scope', (w) => (w.pair().phases[0] = { ...w.pair().phases[0]!, incremental: true }), /copy phase 1 \(the establish .*incremental true \(the history: false\)/],
      ['end', (w) => (w.pair().phases[0]!.endNs = null), /endNs -1 \(the history: \d+\)/],
    ];
    for (const [, tamper, message] of cases) {
      const w = abandonedRestore();
      tamper(w);
      expect(check(w)).toMatch(message);
    }
  });

  it('names a state timeline that is not the history’s, and progress samples that do not run from start to end', () => {
    const timeline = abandonedRestore();
    timeline.pair().timeline.splice(2, 1);
    expect(check(timeline)).toMatch(/^pair p1's reported state timeline differs from its history's state changes at entry 3: /);
    const start = abandonedRestore();
    start.pair().phases[1]!.progress.shift();
    expect(check(start)).toMatch(/^pair p1's copy phase 2 \(the restore\) reports progress samples not starting at its start/);
    const end = abandonedRestore();
    end.pair().phases[0]!.progress.pop();
    expect(check(end)).toMatch(/^pair p1's copy phase 1 \(the establish\) reports progress samples not ending at its end/);
  });

  it('names a pair that reports more or fewer phases than its history began', () => {
    const w = abandonedRestore();
    w.pair().phases.pop();
    expect(check(w)).toBe("pair p1 reports 1 copy phases; its history's establishes and restores began 2");
  });
});
