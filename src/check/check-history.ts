import type { History } from '../array/history.js';
import { checkAvailability } from './availability.js';
import { checkContext, resolveOptions, type CheckContext, type CheckOptions } from './context.js';
import { checkConvergence } from './convergence.js';
import { checkGroupAtomicity } from './group-atomicity.js';
import { checkIncremental } from './incremental.js';
import { checkIoEnds } from './io-ends.js';
import { checkIsolation } from './isolation.js';
import { copyPhases } from './phases.js';
import { checkProgress } from './progress.js';
import { checkQueryAnswers } from './query-answers.js';
import { checkReads } from './read-checker.js';
import { checkRejected } from './rejected.js';
import { checkCommandTable } from './command-table.js';
import { checkStandardSharing } from './standard-sharing.js';
import { checkRefusals } from './refusals.js';
import { checkDestaged } from './destage.js';
import { checkSplitSettling } from './split-settling.js';
import { checkCommandTiming } from './command-timing.js';
import { checkRestoreWays } from './restore-ways.js';
import { checkRestoredIndicator } from './restored-indicator.js';
import { GUARANTEES, type Guarantee, type Verdict } from './verdict.js';
import { assertWellFormed } from './well-formed.js';

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
  /** Destage writes judged against the cache's content (guarantee 4 at the drives, see `destage.ts`). */
  readonly destagesChecked: number;
  readonly phasesChecked: number;
  readonly refusedCommandsChecked: number;
  /** Command records and background state changes judged against DESIGN.md §1's table (see `command-table.ts`), and commands timed (`command-timing.ts`). */
  readonly commandsCheckedByTable: number;
  /** Host I/Os judged for availability (every completed one). */
  readonly availabilityOpsChecked: number;
  /** Host I/Os timed against the I/O bound. */
  readonly ioEndsChecked: number;
  /** Group commands judged for atomicity. */
  readonly groupCommandsChecked: number;
  /** Restored-indicator records judged. */
  readonly indicatorRecordsChecked: number;
  /** `query` answers held to the history (guarantee 11). */
  readonly queryAnswersChecked: number;
  /** Every violation found, per guarantee (including those not kept in `verdicts`). */
  readonly violations: Readonly<Record<Guarantee, number>>;
  /** Guarantees not judged (`entirely`) or judged only in part, and why (e.g. a history without physical writes). */
  readonly skipped: readonly NotJudged[];
}

export interface NotJudged {
  readonly guarantee: Guarantee;
  readonly reason: string;
  /** Nothing of the guarantee was judged (else only the part the reason names). */
  readonly entirely: boolean;
}

export interface CheckResult {
  /** The violations kept (the first ones per guarantee): empty when the history keeps every guarantee. */
  readonly verdicts: readonly Verdict[];
  readonly stats: CheckStats;
}

/**
 * Checks a recorded history against guarantees 1–11 of DESIGN.md §1, reading
 * nothing but the history. Guarantees 2, 3, 5, the re-copy half of 6 and the
 * content half of 11 need the physical writes (`new History({ physical: true })`);
 * 9 needs an I/O bound (the history's, or `ioBoundNs`).
 */
export function checkHistory(history: History, options: CheckOptions = {}): CheckResult {
  assertWellFormed(history);
  const ctx = checkContext(history, resolveOptions(options, history.bounds));
  const wants = (...guarantees: Guarantee[]) => guarantees.some((g) => ctx.config.guarantees.has(g));
  const reads = wants('snapshot-consistency', 'no-lost-writes', 'reads-atomic') ? checkReads(ctx) : null;
  const isolationWritesChecked = wants('split-isolation') ? checkIsolation(ctx) : 0;
  const pairsCompared = wants('mirror-convergence') ? checkConvergence(ctx) : 0;
  const destagesChecked = wants('no-lost-writes') ? checkDestaged(ctx) + checkSplitSettling(ctx) : 0;
  const phases = copyPhases(ctx.timeline);
  if (wants('incremental-equals-full')) checkIncremental(ctx, phases);
  if (wants('progress')) checkProgress(ctx, phases);
  const refusedCommandsChecked = wants('rejected-commands-change-nothing') ? checkRejected(ctx) : 0;
  const commandsCheckedByTable = wants('rejected-commands-change-nothing') ? checkCommandTable(ctx) + checkStandardSharing(ctx) + checkRefusals(ctx) + checkCommandTiming(ctx) : 0;
  const availabilityOpsChecked = wants('availability') ? checkAvailability(ctx) : 0;
  const ioEndsChecked = wants('every-io-ends') ? checkIoEnds(ctx) : 0;
  const groupCommandsChecked = wants('reads-atomic') && !history.unrecorded.has('command-groups') ? checkGroupAtomicity(ctx) : 0;
  const indicatorRecordsChecked = wants('restored-indicator') && !history.unrecorded.has('restored-indicator') ? checkRestoredIndicator(ctx) : 0;
  const queryAnswersChecked = wants('restored-indicator') ? checkQueryAnswers(ctx) : 0;
  if (wants('restored-indicator')) checkRestoreWays(ctx);
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
      destagesChecked,
      phasesChecked: phases.length,
      refusedCommandsChecked,
      commandsCheckedByTable,
      availabilityOpsChecked,
      ioEndsChecked,
      groupCommandsChecked,
      indicatorRecordsChecked,
      queryAnswersChecked,
      violations: Object.fromEntries(GUARANTEES.map((g) => [g, ctx.config.guarantees.has(g) ? ctx.log.counts[g] : 0])) as Record<Guarantee, number>,
      skipped: skipped(ctx),
    },
  };
}

/** The guarantees asked for but not judged, and why. */
function skipped(ctx: CheckContext): NotJudged[] {
  const notJudged: NotJudged[] = [];
  const add = (guarantee: Guarantee, reason: string, entirely = false) => notJudged.push({ guarantee, reason, entirely });
  for (const guarantee of ['split-isolation', 'mirror-convergence', 'incremental-equals-full'] as const) {
    if (!ctx.physical && ctx.config.guarantees.has(guarantee)) add(guarantee, 'the history holds no physical writes', true);
  }
  const wants = (g: Guarantee) => ctx.config.guarantees.has(g);
  const { history } = ctx;
  if (wants('progress') && !ctx.config.phaseBoundNs) add('progress', 'no phase bound given: phases were not timed');
  if (wants('availability') && history.unrecorded.has('faults')) {
    add('availability', 'the history does not record faults: fault errors (media-error, drive-failed, director-failed, array-offline) were not judged');
  }
  if (wants('availability') && history.settings === null) {
    add('availability', 'the history records no protocol settings: write-protected was allowed during any protected restore, and BCV writes then were not judged');
  }
  if (wants('every-io-ends') && ctx.config.ioBoundNs === null) add('every-io-ends', 'no I/O bound given: host I/Os were not timed', true);
  if (wants('reads-atomic') && history.unrecorded.has('command-groups')) {
    add('reads-atomic', 'the history does not record command groups: group commands were not judged');
  }
  if (wants('restored-indicator') && history.unrecorded.has('restored-indicator')) {
    add('restored-indicator', 'the history does not record the restored indicator', true);
  } else if (wants('restored-indicator') && !ctx.physical && history.indicatorCount > 0) {
    add('restored-indicator', 'the history holds no physical writes: the content of restored tracks was not judged');
  }
  return notJudged;
}
