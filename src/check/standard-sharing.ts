import type { CommandRecord } from '../array/history.js';
import { designOutcome, refOf } from './command-table.js';
import type { CheckContext } from './context.js';
import { mirroringIn, type PairTopo } from './timeline.js';

/**
 * Guarantee 7 where pairs share a standard (docs/protocol.md): a restore is
 * refused (`std-busy`) while another pair of its standard restores or
 * mirrors it, an establish while another pair restores it — and only then
 * (a split, never).
 * Judged on commands to one pair that its own state allows (a group's
 * members are refused as a group, and a state refusal comes first), at the
 * instant the command was decided: when it took effect, or was refused. A
 * sibling whose state changed at that very instant is not judged (either
 * order is right). A std-busy refusal's message names its pair, the standard
 * and a pair in the way, with that pair's state. Returns the records judged.
 */
export function checkStandardSharing(ctx: CheckContext): number {
  const { timeline } = ctx;
  const siblingsOf = new Map(timeline.pairs.map((pair) => [pair.name, timeline.siblingsOf(pair)]));
  const steps = new Map(timeline.steps.map((step) => [step.record.id, step]));
  let judged = 0;
  for (const record of ctx.history.commands) {
    if (record.group !== null) continue;
    if (record.error !== null && record.error !== 'std-busy') continue;
    const siblings = siblingsOf.get(record.target);
    const before = steps.get(record.id)?.before.label ?? record.stateBefore;
    if (!siblings || siblings.length === 0 || before === null) continue;
    const outcome = designOutcome(record.command, before, record.options);
    if (!outcome || !('next' in outcome)) continue;
    const atNs = record.error === null ? record.effectiveNs : record.completeNs;
    if (siblings.some((s) => timeline.changedAt(s.name, atNs))) continue;
    judged++;
    const inTheWay = siblings.find((s) => blocks(record.command, timeline.stateAt(s.name, atNs)));
    if (record.error === null && inTheWay) {
      const { label } = timeline.stateAt(inTheWay.name, atNs);
      report(ctx, record, before, 'std-busy-accepted', `refused (std-busy): pair ${inTheWay.name} of its standard ${inTheWay.std} was ${label}`, 'accepted');
    } else if (record.error === 'std-busy' && !inTheWay) {
      const states = siblings.map((s) => `${s.name} ${timeline.stateAt(s.name, atNs).label}`).join(', ');
      report(ctx, record, before, 'std-busy-refused', `accepted: no other pair of its standard was in the way (${states})`, 'std-busy');
    } else if (record.error === 'std-busy' && inTheWay) {
      // The refusal tells its user what stands in the way: its pair, the standard, and a pair of it in the way.
      const names = [`pair ${record.target}`, inTheWay.std];
      const namesInTheWay = (s: PairTopo) => {
        const then = timeline.stateAt(s.name, atNs);
        return blocks(record.command, then) && record.message.includes(`pair ${s.name}`) && record.message.includes(then.state);
      };
      const ok = names.every((name) => record.message.includes(name)) && siblings.some(namesInTheWay);
      if (!ok) {
        const { state } = timeline.stateAt(inTheWay.name, atNs);
        report(ctx, record, before, 'message-incomplete', `a message naming ${names.join(', ')} and pair ${inTheWay.name} (${state}), which is in the way`, JSON.stringify(record.message));
      }
    }
  }
  return judged;
}

/** Whether a pair in this state keeps another pair of its standard from the command. */
export function blocks(command: string, { state, label }: { state: string; label: string }): boolean {
  const restoring = state === 'RestInProg';
  if (command === 'restore') return restoring || mirroringIn(state, label);
  return command === 'establish' && restoring; // a split needs nothing of the other pairs
}

function report(ctx: CheckContext, record: CommandRecord, before: string, reason: 'std-busy-accepted' | 'std-busy-refused' | 'message-incomplete', expected: string, got: string): void {
  ctx.log.add({
    guarantee: 'rejected-commands-change-nothing',
    reason,
    command: refOf(record),
    before,
    expected,
    got,
    message: '',
  });
}
