import type { StageBreakdown } from '../metrics/breakdown-book.js';
import { STAGES, type StageName } from '../metrics/stage-ledger.js';
import type { RunResult } from '../scenario/results.js';
import type { WindowBreakdown } from '../scenario/phase-breakdown.js';
import { copyPhases, WINDOWS } from './restores.js';

/** A report breaks down the windows of this many copy phases at most (the earliest), as it charts six restores. */
const MAX_PHASES_BROKEN_DOWN = 6;

/** How a report names each stage (docs/latency-breakdown.md says what each holds). */
export const STAGE_LABELS: Readonly<Record<StageName, string>> = {
  frontEndQueue: 'front-end queue',
  director: 'director',
  splitHold: 'split hold',
  trackLock: 'track lock',
  writePending: 'write pending',
  cache: 'cache',
  backEnd: 'back end',
  driveQueue: 'drive queue',
  behindCopy: 'behind copy',
  driveOverhead: 'drive overhead',
  seek: 'seek',
  rotation: 'rotation',
  transfer: 'transfer',
  driveService: 'drive service',
  port: 'port',
  retry: 'retry',
};

/**
 * Each stage's colour: families by where the time goes — blues in the front
 * end, purples waiting on the protocol, greens in the cache, oranges in the
 * back end and the drive's queue, red behind the copy, greys and browns in
 * the drive's service — so that a stack reads at a glance.
 */
export const STAGE_COLORS: Readonly<Record<StageName, string>> = {
  frontEndQueue: '#9ecae1',
  director: '#3182bd',
  splitHold: '#bcbddc',
  trackLock: '#756bb1',
  writePending: '#a1d99b',
  cache: '#31a354',
  backEnd: '#fdae6b',
  driveQueue: '#e6550d',
  behindCopy: '#d62728',
  driveOverhead: '#bdbdbd',
  seek: '#8c6d31',
  rotation: '#bd9e39',
  transfer: '#636363',
  driveService: '#969696',
  port: '#17becf',
  retry: '#000000',
};

/** One set of I/Os a report breaks down: the whole run, or a window around a copy phase. */
export interface BreakdownRow {
  /** E.g. `whole run`, `p1 restore #1 during`. */
  readonly label: string;
  readonly window: WindowBreakdown;
}

/** The sets of I/Os a report breaks down, in order: the whole run, then before, during and after each copy phase (the first six). */
export function breakdownRows(result: RunResult): BreakdownRow[] {
  if (!result.breakdown) return [];
  const rows: BreakdownRow[] = [{ label: 'whole run', window: result.breakdown }];
  for (const named of copyPhases(result).slice(0, MAX_PHASES_BROKEN_DOWN)) {
    const breakdown = named.phase.breakdown;
    if (!breakdown) continue;
    for (const name of WINDOWS) {
      const window = breakdown[name];
      const last = rows.at(-1)!;
      // One phase's "after" is often the next one's "before": one row, named for both.
      if (rows.length > 1 && last.window.startNs === window.startNs && last.window.endNs === window.endNs) rows[rows.length - 1] = { label: `${last.label} = ${named.name} ${name}`, window };
      else rows.push({ label: `${named.name} ${name}`, window });
    }
  }
  return rows;
}

/** The stages any of `breakdowns` spent time in, in STAGES order: the rest would be empty columns and invisible segments. */
export function stagesUsed(breakdowns: readonly StageBreakdown[]): StageName[] {
  return STAGES.filter((name) => breakdowns.some((b) => b.meanNs[name] > 0 || b.tail.share[name] > 0));
}
