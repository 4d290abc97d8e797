import { NS_PER_MS } from '../../engine/time.js';
import type { ControllerSpec, HddParams } from '../hdd/params.js';
import { replayValidationTrace } from './replay.js';
import { demeritMs } from './stats.js';
import type { ValidationRecord } from './trace.js';

/**
 * The command-processing overheads a calibration fits: the time the drive's
 * firmware spends on a command, by kind and by the kind of the command
 * before. They are what a description extracted from a drive (DIXtrac)
 * measures least directly, and what a host's adapter and driver add to.
 */
export const CALIBRATED_OVERHEADS = [
  'readHitAfterReadNs',
  'readHitAfterWriteNs',
  'readMissAfterReadNs',
  'readMissAfterWriteNs',
  'writeHitAfterReadNs',
  'writeHitAfterWriteNs',
  'writeMissAfterReadNs',
  'writeMissAfterWriteNs',
] as const satisfies readonly (keyof ControllerSpec)[];

export type CalibratedOverhead = (typeof CALIBRATED_OVERHEADS)[number];

export interface FittedOverhead {
  readonly name: CalibratedOverhead;
  readonly describedNs: number;
  readonly fittedNs: number;
}

export interface OverheadFit {
  /** The description with the fitted overheads in place of its own. */
  readonly params: HddParams;
  readonly overheads: readonly FittedOverhead[];
  /** The demerit on the training requests, before and after. */
  readonly trainingDemeritMs: { readonly described: number; readonly fitted: number };
  /** Replays of the training requests the search made. */
  readonly replays: number;
  /** False when the search stopped on its budget of replays rather than at its finest step. */
  readonly converged: boolean;
}

/** The search's first step, its last, and its budget of replays (a bound, never reached on the shipped traces). */
const FIRST_STEP_NS = 0.2 * NS_PER_MS;
const LAST_STEP_NS = 0.01 * NS_PER_MS;
const MAX_REPLAYS = 2_000;

/**
 * Fits the command overheads to `training` (measured requests, replayed in
 * order) by minimising the demerit figure: a compass search from
 * the description's own values, steps of 0.2 ms halved down to 0.01 ms,
 * overheads kept ≥ 0. It sees only the requests it is given, so figures on
 * requests held out of `training` are an honest check of the fit.
 * Deterministic: the same records give the same overheads.
 */
export function fitOverheads(params: HddParams, training: readonly ValidationRecord[]): OverheadFit {
  if (training.length === 0) throw new RangeError('fitting overheads needs at least one training request');
  const measuredMs = training.map((record) => record.measuredUs / 1000);
  const withOverheads = (values: readonly number[]): HddParams => ({
    ...params,
    controller: { ...params.controller, ...Object.fromEntries(CALIBRATED_OVERHEADS.map((name, i) => [name, values[i]!])) },
  });
  let replays = 0;
  const demerit = (values: readonly number[]): number => {
    replays++;
    return demeritMs(measuredMs, replayValidationTrace(withOverheads(values), training));
  };

  const described = CALIBRATED_OVERHEADS.map((name) => params.controller[name]);
  let best = described;
  let bestDemeritMs = demerit(best);
  const describedDemeritMs = bestDemeritMs;
  let stepNs = FIRST_STEP_NS;
  while (stepNs >= LAST_STEP_NS && replays < MAX_REPLAYS) {
    let improved = false;
    for (let i = 0; i < best.length; i++) {
      for (const direction of [1, -1]) {
        const candidate = best.map((value, j) => (j === i ? Math.max(0, value + direction * stepNs) : value));
        if (candidate[i] === best[i]) continue;
        const candidateDemeritMs = demerit(candidate);
        if (candidateDemeritMs < bestDemeritMs) {
          best = candidate;
          bestDemeritMs = candidateDemeritMs;
          improved = true;
        }
      }
    }
    if (!improved) stepNs /= 2;
  }
  return {
    params: withOverheads(best),
    overheads: CALIBRATED_OVERHEADS.map((name, i) => ({ name, describedNs: described[i]!, fittedNs: best[i]! })),
    trainingDemeritMs: { described: describedDemeritMs, fitted: bestDemeritMs },
    replays,
    converged: stepNs < LAST_STEP_NS,
  };
}
