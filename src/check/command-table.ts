import type { CommandRecord, StateChangeRecord } from '../array/history.js';
import type { CheckContext } from './context.js';
import type { CommandTableViolation } from './verdict.js';

/**
 * Guarantee 7 as DESIGN.md §1 states it in full: an illegal command is
 * refused, naming the legal alternatives, and changes nothing; so a legal
 * one is accepted (unless something else than its pair's state stands in
 * its way: another pair of its standard, a command still taking effect, a
 * lost path) and takes its pair where the table says; background work ends
 * where the table says. The table below is the design's, restated here and
 * never taken from the protocol, so that a protocol that drifts from the
 * design is caught.
 */


/** What the design says a command does to a pair in a state (by its label): the label it enters, or why it is refused. */
type Outcome = { readonly next: string } | { readonly refused: 'illegal-in-state' | 'incremental-needs-split' };

const protectedness = (label: string): string => (label.endsWith('(unprotected)') ? 'unprotected' : 'protected');

/** DESIGN.md §1's commands — `establish`, `split`, `restore` — from each state; `options` as recorded or sent (a flag is set only when `true`). */
export function designOutcome(command: string, before: string, options: object): Outcome | null {
  const flag = (name: string) => (options as Readonly<Record<string, unknown>>)[name] === true;
  const state = before.split(' ')[0]!;
  const illegal = { refused: 'illegal-in-state' } as const;
  switch (command) {
    case 'establish':
      if (state === 'NeverEstab') return flag('incremental') ? { refused: 'incremental-needs-split' } : { next: 'SyncInProg' };
      return ['Split', 'SplitBfrSync', 'SplitBfrRest', 'Restored'].includes(state) ? { next: 'SyncInProg' } : illegal;
    case 'split':
      if (state === 'Synchronized') return { next: 'SplitInProg' };
      // After a protected restore the BCV never stopped being split; after an unprotected one it mirrors, and settles like a synchronized pair.
      if (state === 'Restored') return { next: protectedness(before) === 'protected' ? 'Split' : 'SplitInProg' };
      if (state === 'SyncInProg') return flag('force') ? { next: 'SplitBfrSync' } : illegal;
      if (state === 'RestInProg') return flag('force') ? { next: `SplitBfrRest (${protectedness(before)})` } : illegal;
      return illegal;
    case 'restore': {
      const again = (state === 'Restored' || state === 'SplitBfrRest') && protectedness(before) === 'protected';
      return state === 'Split' || again ? { next: `RestInProg (${flag('protected') ? 'protected' : 'unprotected'})` } : illegal;
    }
    default:
      return null;
  }
}

/**
 * The commands a refusal names as legal in a state (by its label), as a user
 * types them; `(full)`: the command copies every track, whatever is asked.
 */
export const LEGAL_IN: Readonly<Record<string, readonly string[]>> = {
  NeverEstab: ['establish (full)'],
  SyncInProg: ['split --force'],
  Synchronized: ['split'],
  SplitInProg: [],
  Split: ['establish', 'restore'],
  SplitBfrSync: ['establish (full)'],
  'RestInProg (protected)': ['split --force'],
  'RestInProg (unprotected)': ['split --force'],
  'Restored (protected)': ['split', 'establish', 'restore'],
  'Restored (unprotected)': ['split', 'establish'],
  'SplitBfrRest (protected)': ['establish (full)', 'restore (full)'],
  'SplitBfrRest (unprotected)': ['establish (full)'],
};

/** Background work: the state a pair must be in for it to end, and the state it then enters. */
export function afterBackground(cause: 'copy-done' | 'split-done', before: string): string | null {
  const state = before.split(' ')[0]!;
  if (cause === 'split-done') return state === 'SplitInProg' ? 'Split' : null;
  if (state === 'SyncInProg') return 'Synchronized';
  return state === 'RestInProg' ? `Restored (${protectedness(before)})` : null;
}

/** Judges every command record and every change background work made against the table. Returns the records judged. */
export function checkCommandTable(ctx: CheckContext): number {
  let judged = 0;
  const steps = new Map(ctx.timeline.steps.map((step) => [step.record.id, step]));
  for (const record of ctx.history.commands) {
    if (!ctx.timeline.pairByName.has(record.target)) continue;
    const step = steps.get(record.id);
    const before = step ? step.before.label : record.stateBefore;
    if (before === null || !(before in LEGAL_IN)) continue;
    const outcome = designOutcome(record.command, before, record.options);
    if (!outcome) continue;
    judged++;
    const report = (reason: CommandTableViolation['reason'], expected: string, got: string) =>
      ctx.log.add({ guarantee: 'rejected-commands-change-nothing', reason, command: refOf(record), before, expected, got, message: '' });
    if (record.error === null) {
      if ('refused' in outcome) report('illegal-accepted', outcome.refused, 'accepted');
      else if (step?.change && step.change.label !== outcome.next) report('wrong-next-state', outcome.next, step.change.label);
      continue;
    }
    if ('next' in outcome) {
      if (record.error === 'illegal-in-state' || record.error === 'incremental-needs-split') report('legal-refused', outcome.next, record.error);
      continue;
    }
    if (isStateCode(record.error) && record.error !== outcome.refused) report('wrong-refusal', outcome.refused, record.error);
    const legal = record.legal;
    if (!legal) continue;
    if (!sameList(legal, LEGAL_IN[before]!)) report('wrong-legal-list', list(LEGAL_IN[before]!), list(legal));
    // The refusal tells its user, in its message, which pair, the state it is in, and what is legal there
    // (where nothing is, that nothing is: `none`, not an empty list).
    const names = [`pair ${record.target}`, before.split(' ')[0]!, ...(legal.length > 0 ? legal : ['none'])];
    const unnamed = names.filter((name) => !record.message.includes(name));
    if (unnamed.length > 0) report('message-incomplete', `a message naming ${names.join(', ')}`, JSON.stringify(record.message));
  }
  for (const changes of ctx.timeline.changes.values()) {
    for (const change of changes) {
      const cause = change.record.cause;
      if (cause !== 'copy-done' && cause !== 'split-done') continue;
      judged++;
      const expected = afterBackground(cause, change.previous.label);
      if (expected !== change.record.label) backgroundViolation(ctx, change.record, change.previous.label, expected);
    }
  }
  return judged;
}

function backgroundViolation(ctx: CheckContext, change: StateChangeRecord, before: string, expected: string | null): void {
  const cause = change.cause as 'copy-done' | 'split-done';
  ctx.log.add({
    guarantee: 'rejected-commands-change-nothing',
    reason: 'wrong-background-change',
    change,
    before,
    expected: expected ?? `no ${cause} in ${before}`,
    got: change.label,
    message: '',
  });
}

const isStateCode = (code: string): boolean => code === 'illegal-in-state' || code === 'incremental-needs-split';


/** A command record as a violation names it. */
export function refOf(record: CommandRecord): CommandTableViolation['command'] {
  return { id: record.id, command: record.command, target: record.target, options: record.options, error: record.error, issueNs: record.issueNs };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);
const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));
