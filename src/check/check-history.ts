import type { History } from '../array/history.js';
import { checkContext, resolveOptions, type CheckContext, type CheckOptions } from './context.js';
import { checkConvergence } from './convergence.js';
import { checkIncremental } from './incremental.js';
import { checkIsolation } from './isolation.js';
import { copyPhases } from './phases.js';
import { checkProgress } from './progress.js';
import { checkReads } from './read-checker.js';
import { checkRejected } from './rejected.js';
import { GUARANTEES, type Guarantee, type Verdict } from './verdict.js';

export interface CheckStats {
  readonly opsChecked: number;
  readonly readsChecked: number;
  readonly blocksChecked: number;
  /** Most candidate entries the reference model held at once (its memory bound). */
  readonly entriesPeak: number;
  readonly physicalWrites: number;
  /** BCV physical writes judged for split isolation. */
  readonly isolationWritesChecked: number;
  readonly pairsCompared: number;
  readonly phasesChecked: number;
  readonly refusedCommandsChecked: number;
  /** Every violation found, per guarantee (including those not kept in `verdicts`). */
  readonly violations: Readonly<Record<Guarantee, number>>;
  /** Guarantees not judged, and why (e.g. a history without physical writes). */
  readonly skipped: readonly { readonly guarantee: Guarantee; readonly reason: string }[];
}

export interface CheckResult {
  /** The violations kept (the first ones per guarantee): empty when the history keeps every guarantee. */
  readonly verdicts: readonly Verdict[];
  readonly stats: CheckStats;
}

/**
 * Checks a recorded history against guarantees 1–7 of DESIGN.md §1, reading
 * nothing but the history. Guarantees 2, 3, 5 and the re-copy half of 6 need
 * the physical writes (`new History({ physical: true })`).
 */
export function checkHistory(history: History, options: CheckOptions = {}): CheckResult {
  const ctx = checkContext(history, resolveOptions(options));
  const wants = (...guarantees: Guarantee[]) => guarantees.some((g) => ctx.config.guarantees.has(g));
  const reads = wants('snapshot-consistency', 'no-lost-writes') ? checkReads(ctx) : null;
  const isolationWritesChecked = wants('split-isolation') ? checkIsolation(ctx) : 0;
  const pairsCompared = wants('mirror-convergence') ? checkConvergence(ctx) : 0;
  const phases = copyPhases(ctx.timeline);
  if (wants('incremental-equals-full')) checkIncremental(ctx, phases);
  if (wants('progress')) checkProgress(ctx, phases);
  const refusedCommandsChecked = wants('rejected-commands-change-nothing') ? checkRejected(ctx) : 0;
  return {
    verdicts: ctx.log.kept.filter((v) => ctx.config.guarantees.has(v.guarantee)),
    stats: {
      opsChecked: ctx.ops.count,
      readsChecked: reads?.readsChecked ?? 0,
      blocksChecked: reads?.blocksChecked ?? 0,
      entriesPeak: reads?.entriesPeak ?? 0,
      physicalWrites: ctx.physical?.count ?? 0,
      isolationWritesChecked,
      pairsCompared,
      phasesChecked: phases.length,
      refusedCommandsChecked,
      violations: Object.fromEntries(GUARANTEES.map((g) => [g, ctx.config.guarantees.has(g) ? ctx.log.counts[g] : 0])) as Record<Guarantee, number>,
      skipped: skipped(ctx),
    },
  };
}

/** The guarantees asked for but not judged, and why. */
function skipped(ctx: CheckContext): { guarantee: Guarantee; reason: string }[] {
  const notJudged: { guarantee: Guarantee; reason: string }[] = [];
  for (const guarantee of ['split-isolation', 'mirror-convergence', 'incremental-equals-full'] as const) {
    if (!ctx.physical && ctx.config.guarantees.has(guarantee)) notJudged.push({ guarantee, reason: 'the history holds no physical writes' });
  }
  if (ctx.config.guarantees.has('progress') && !ctx.config.phaseBoundNs) notJudged.push({ guarantee: 'progress', reason: 'no phase bound given: phases were not timed' });
  return notJudged;
}
