import type { CommandRecord } from '../array/history.js';
import type { CheckContext } from './context.js';
import type { GroupAtomicityViolation } from './verdict.js';

/**
 * Guarantee 10 (b): a group command takes effect for all its members or for
 * none. Its records (one per member: same `group`, same command, same issue
 * instant, consecutive) must be all accepted or all refused, name every pair
 * of the group (when the topology lists the groups), and, for a consistent
 * split, share one effective instant. Returns the group commands judged.
 */
export function checkGroupAtomicity(ctx: CheckContext): number {
  const groups = new Map((ctx.history.topology.groups ?? []).map((g) => [g.name, g.pairs]));
  const batches = groupCommands(ctx.history.commands);
  for (const batch of batches) {
    const first = batch[0]!;
    const group = first.group!;
    const accepted = batch.filter((c) => c.error === null);
    if (accepted.length > 0 && accepted.length < batch.length) report(ctx, batch, 'group-partly-refused', []);
    const pairs = groups.get(group);
    const named = new Set(batch.map((c) => c.target));
    const missing = pairs ? pairs.filter((p) => !named.has(p)) : [];
    if (missing.length > 0) report(ctx, batch, 'group-member-missing', missing);
    const consistent = first.command === 'split' && first.options['consistent'] === true;
    if (consistent && new Set(accepted.map((c) => c.effectiveNs)).size > 1) report(ctx, batch, 'consistent-split-instants-differ', []);
  }
  return batches.length;
}

/** The records of each group command: runs of consecutive records with one group, command and issue instant, no pair twice. */
function groupCommands(commands: readonly CommandRecord[]): CommandRecord[][] {
  const batches: CommandRecord[][] = [];
  let current: CommandRecord[] = [];
  for (const record of commands) {
    const head = current[0];
    const continues =
      head !== undefined &&
      record.group === head.group &&
      record.command === head.command &&
      record.issueNs === head.issueNs &&
      !current.some((c) => c.target === record.target);
    if (!continues) {
      if (current.length > 0) batches.push(current);
      current = [];
    }
    if (record.group !== null) current.push(record);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function report(ctx: CheckContext, batch: readonly CommandRecord[], reason: GroupAtomicityViolation['reason'], missing: readonly string[]): void {
  const first = batch[0]!;
  ctx.log.add({
    guarantee: 'reads-atomic',
    reason,
    group: first.group!,
    command: first.command,
    issueNs: first.issueNs,
    members: batch.map((c) => ({ commandId: c.id, pair: c.target, error: c.error, effectiveNs: c.effectiveNs, appliedNs: c.appliedNs })),
    missing,
    message: '',
  });
}
