import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { loadScenario } from './load.js';
import { runScenario } from './runner.js';

/** Each shipped fault scenario: the restore completes, and the recorded history keeps every guarantee. */
const faults = ['drive-failure', 'media-error', 'slow-drive', 'director-failure', 'power-loss'];

describe('fault scenarios during a protected restore', () => {
  for (const name of faults) {
    it(`${name}: the restore completes and no read returns wrong data`, () => {
      const { result, history } = runScenario(loadScenario(`scenarios/faults/${name}.yaml`), { history: { ops: true, physical: true } });
      expect(result.faults.length).toBeGreaterThan(0);
      expect(result.pairs[0]!.phases.filter((p) => p.kind === 'restore').every((p) => p.endNs !== null)).toBe(true);
      expect(result.timeline.filter((s) => s.firedNs < 0 || s.error !== null)).toEqual([]);
      expect(checkHistory(history).verdicts.map((v) => v.message)).toEqual([]);
    });
  }

  it('media errors on the mirrored BCV are read from the other mirror and rewritten', () => {
    const { result } = runScenario(loadScenario('scenarios/faults/media-error.yaml'));
    expect(result.recovery.mirrorReads).toBeGreaterThan(0);
    expect(result.recovery.repairs).toBe(result.recovery.mirrorReads);
  });
});
