import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { world } from '../protocol/testing/world.js';
import { scriptArbitrary } from '../verify/arbitraries.js';
import { livenessBoundNs, runScript } from '../verify/run-script.js';
import { formatScript } from '../verify/script.js';
import { checkHistory } from './check-history.js';

describe('generated histories', () => {
  it('of the shipped protocol keep every guarantee (300 scripts of worlds drawn per script, every command)', () => {
    const failures: string[] = [];
    let reads = 0;
    for (const script of fc.sample(scriptArbitrary(), { numRuns: 300, seed: 1 })) {
      const run = runScript(script);
      const result = checkHistory(run.history, { progress: { phaseBoundNs: (phase) => Math.max(0, run.loadEndNs - phase.startNs) + livenessBoundNs(script.world) } });
      reads += result.stats.readsChecked;
      if (result.verdicts.length > 0) failures.push(`${formatScript(script)}\n${result.verdicts.map((v) => v.message).join('\n')}`);
    }
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(5_000);
  });

  /**
   * A simulator bug the checkers found (mirror convergence): a host write to
   * a split BCV, accepted while the BCV was addressable, landed after an
   * establish took effect; with nothing to copy the pair was Synchronized at
   * once with the write on the BCV only. The protocol now decides again when
   * the write lands, and refuses it (not-ready).
   */
  it('regression: a BCV write in flight across an establish is refused when it lands, and the pair converges', () => {
    const w = world({ blocks: 64 });
    w.command(w.establish());
    w.run();
    w.command(w.split());
    w.run();
    const establishNs = w.sim.now + w.protocol.config.commandNs;
    w.command(w.establish('p1', true));
    w.at(establishNs - 12_000, () => w.write('bcv', 12, 1));
    w.run();
    expect(w.state()).toBe('Synchronized');
    expect(checkHistory(w.history).verdicts).toEqual([]);
    expect([...w.history.ops()].find((op) => op.volume === 'bcv' && op.write)?.error).toBe('not-ready');
  });
});
