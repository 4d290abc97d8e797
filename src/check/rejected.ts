import type { CheckContext } from './context.js';

/**
 * Guarantee 7: a refused command changes nothing. What the history shows of a
 * change is the pairs' state changes: a refused command's target pair must
 * have none at the instant of the refusal (its `completeNs`) that no accepted
 * command, copy completion or split settling explains.
 *
 * It cannot see changes the history does not record: the change-tracking
 * tables, copy bookkeeping, or a state change at another instant. Content
 * changes by a refused command show up in the read, isolation and
 * convergence checks instead. Returns the number of refused commands judged.
 */
export function checkRejected(ctx: CheckContext): number {
  let judged = 0;
  for (const command of ctx.history.commands) {
    if (command.error === null) continue;
    judged++;
    for (const change of ctx.timeline.changesOf(command.target)) {
      if (change.record.atNs !== command.completeNs || change.cause.kind !== 'unexplained') continue;
      ctx.log.add({
        guarantee: 'rejected-commands-change-nothing',
        command: {
          id: command.id,
          command: command.command,
          target: command.target,
          error: command.error,
          issueNs: command.issueNs,
          completeNs: command.completeNs,
        },
        change: change.record,
        previousLabel: change.previous.label,
        message: '',
      });
    }
  }
  return judged;
}
