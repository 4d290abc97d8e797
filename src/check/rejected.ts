import type { CheckContext } from './context.js';
import type { CommandStep } from './timeline.js';

/**
 * Guarantee 7: a refused command changes nothing. What the history shows of a
 * change is the pairs' state changes: a refused command's target pair must
 * have none at the instant of the refusal (its `completeNs`) that no accepted
 * command, copy completion or split settling explains. A command a host sent
 * through a director and that was refused (or lost on the way) must have no
 * record of the same request (`requestId`) that took effect either.
 *
 * It cannot see changes the history does not record: the change-tracking
 * tables, copy bookkeeping, or a state change at another instant. Content
 * changes by a refused command show up in the read, isolation and
 * convergence checks instead. Returns the number of refused commands judged.
 */
export function checkRejected(ctx: CheckContext): number {
  let judged = 0;
  const tookEffect = requestsThatTookEffect(ctx);
  for (const command of ctx.history.commands) {
    if (command.error === null) continue;
    judged++;
    const ref = { id: command.id, command: command.command, target: command.target, error: command.error, issueNs: command.issueNs, completeNs: command.completeNs };
    for (const change of ctx.timeline.changesOf(command.target)) {
      if (change.record.atNs !== command.completeNs || change.cause.kind !== 'unexplained') continue;
      ctx.log.add({ guarantee: 'rejected-commands-change-nothing', command: ref, change: change.record, previousLabel: change.previous.label, message: '' });
    }
    for (const step of command.requestId === undefined ? [] : (tookEffect.get(command.requestId) ?? [])) {
      const sameRequest = { id: step.record.id, effectiveNs: step.record.effectiveNs };
      ctx.log.add({ guarantee: 'rejected-commands-change-nothing', command: ref, change: step.change!, previousLabel: step.before.label, sameRequest, message: '' });
    }
  }
  return judged;
}

/** The accepted commands sent by hosts that changed their pair's state, by request id. */
function requestsThatTookEffect(ctx: CheckContext): Map<number, CommandStep[]> {
  const byRequest = new Map<number, CommandStep[]>();
  for (const step of ctx.timeline.steps) {
    const id = step.record.requestId;
    if (id === undefined || step.change === null) continue;
    byRequest.set(id, [...(byRequest.get(id) ?? []), step]);
  }
  return byRequest;
}
