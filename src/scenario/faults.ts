import type { Simulator } from '../engine/simulator.js';
import type { FaultInjector } from '../array/faults.js';
import { FAULT_ACTIONS, type ScenarioDoc } from './schema.js';

/** Whether a scenario injects faults (then its drives are wrapped in the fault overlay). */
export function usesFaults(doc: ScenarioDoc): boolean {
  const faultStep = doc.timeline.some((s) => FAULT_ACTIONS.some((action) => s[action] !== undefined));
  return faultStep || doc.faults.random.length > 0 || doc.array.spares.length > 0;
}

/**
 * Faults at random: each entry is a Poisson process of its rate, from its
 * own named random stream, striking one of its targets chosen at random,
 * until the run ends.
 */
export function scheduleRandomFaults(sim: Simulator, faults: FaultInjector, doc: ScenarioDoc): void {
  const kind = sim.kind('faults.random');
  doc.faults.random.forEach((spec, i) => {
    const rng = sim.rng.stream(`faults:random:${i}`);
    const meanNs = 1e9 / spec.ratePerSecond;
    const next = (): void => {
      const at = sim.now + Math.max(1, Math.round(rng.exponential(meanNs)));
      if (at > doc.duration) return;
      sim.at(at, kind, () => {
        const target = spec.targets[rng.int(spec.targets.length)]!;
        if (spec.kind === 'drive-failure') faults.failDrive(target);
        else if (spec.kind === 'slow-drive') faults.slowDrive(target, spec.factor);
        else {
          const volume = doc.array.volumes.find((v) => v.name === target)!;
          faults.mediaErrorAt(target, rng.int(Math.floor(volume.size / doc.array.blockSize)), rng.int(2));
        }
        next();
      });
    };
    next();
  });
}
