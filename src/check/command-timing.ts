import type { CommandRecord } from '../array/history.js';
import { commandsOf } from './commands.js';
import type { CheckContext } from './context.js';
import type { CommandTableViolation } from './verdict.js';

/**
 * When a command takes effect and is acknowledged, from the settings the
 * history declares (`commandNs`, `splitStepNs`). A command reaches the array
 * at E: `commandNs` after it was issued from the timeline, at least that
 * after a host sent it (its director's queue comes first). Then:
 *
 * - a refusal is acknowledged at E, for every record of the command;
 * - an establish or a restore takes effect on every member at E and is acknowledged then;
 * - a split steps through its members: the i-th (from 0) is carried out at
 *   E + (i + 1) × `splitStepNs`; it takes effect then, or, for a consistent
 *   split, at E for all (new writes are held from E); an instant split is
 *   acknowledged at its last step, any other once every member has settled
 *   (entered `Split`, or a forced split's state, which needs no settling).
 *
 * Judged under guarantee 7 (see `command-table.ts`), reason `off-schedule`.
 * Returns the commands judged.
 */
export function checkCommandTiming(ctx: CheckContext): number {
  const settings = ctx.history.settings;
  if (!settings) return 0;
  let judged = 0;
  // Lost before they reached the array: nothing to time.
  for (const records of commandsOf(ctx.history).filter((c) => c[0]!.error !== 'director-failed' && c[0]!.error !== 'array-offline')) {
    const first = records[0]!;
    const reached = arrival(records, settings.splitStepNs);
    const off = (what: string, expected: number, got: number) => report(ctx, first, what, expected, got);
    judged++;
    if (first.host === undefined ? reached !== first.issueNs + settings.commandNs : reached < first.issueNs + settings.commandNs) {
      off(`reached the array${first.host === undefined ? '' : ' no sooner than'}`, first.issueNs + settings.commandNs, reached);
      continue;
    }
    if (first.error !== null) {
      for (const r of records) if (r.completeNs !== reached) off(`${r.target}: refused, acknowledged`, reached, r.completeNs);
      continue;
    }
    if (first.command !== 'split') {
      for (const r of records) for (const [what, got] of [['took effect', r.effectiveNs], ['was carried out', r.appliedNs], ['was acknowledged', r.completeNs]] as const) if (got !== reached) off(`${r.target}: ${what}`, reached, got);
      continue;
    }
    const consistent = first.options['consistent'] === true;
    const instant = first.options['instant'] === true;
    const lastStep = reached + records.length * settings.splitStepNs;
    records.forEach((r, i) => {
      const step = reached + (i + 1) * settings.splitStepNs;
      if (r.appliedNs !== step) off(`${r.target}: was carried out (step ${i + 1})`, step, r.appliedNs);
      if (r.effectiveNs !== (consistent ? reached : step)) off(`${r.target}: took effect`, consistent ? reached : step, r.effectiveNs);
    });
    // A split whose members did not all settle before the history ends was never acknowledged (-1).
    const settled = records.map((r) => settledAt(ctx, r));
    const ack = instant ? lastStep : settled.includes(-1) ? -1 : Math.max(...settled);
    for (const r of records) if (r.completeNs !== ack) off(`${r.target}: was acknowledged`, ack, r.completeNs);
  }
  return judged;
}

/** When the command reached the array (E), as its records show it. */
export function arrival(records: readonly CommandRecord[], splitStepNs: number): number {
  const first = records[0]!;
  if (first.error !== null) return first.completeNs;
  return first.command === 'split' ? first.appliedNs - splitStepNs : first.effectiveNs;
}

/** When a split member settled: its pair entered `Split` (or a forced split's state) after the split; -1: it never did. */
function settledAt(ctx: CheckContext, record: CommandRecord): number {
  const changes = ctx.timeline.changesOf(record.target);
  const own = changes.findIndex((c) => c.cause.kind === 'command' && c.cause.commandId === record.id);
  if (own < 0) return -1;
  if (changes[own]!.record.state !== 'SplitInProg') return changes[own]!.record.atNs;
  const next = changes[own + 1];
  return next && next.record.state === 'Split' ? next.record.atNs : -1;
}

function report(ctx: CheckContext, record: CommandRecord, what: string, expected: number, got: number): void {
  ctx.log.add({
    guarantee: 'rejected-commands-change-nothing',
    reason: 'off-schedule',
    command: { id: record.id, command: record.command, target: record.group ?? record.target, options: record.options, error: record.error, issueNs: record.issueNs },
    before: what,
    expected: String(expected),
    got: String(got),
    message: '',
  } satisfies CommandTableViolation);
}
