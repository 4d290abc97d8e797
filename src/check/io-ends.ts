import type { CheckContext } from './context.js';

/**
 * Guarantee 9: every host I/O ends, with its data or an error, within the
 * I/O bound of max(its issue, the load's end). One that completed later
 * overran it; one that never completed, in a history reaching past its
 * deadline, never ended. (One still in flight when a history stops short of
 * its deadline may yet end: nothing is said of it.) Without a bound nothing
 * is judged. Returns the number of I/Os judged.
 */
export function checkIoEnds(ctx: CheckContext): number {
  const boundNs = ctx.config.ioBoundNs;
  if (boundNs === null) return 0;
  const { ops } = ctx;
  const loadEndNs = ctx.config.loadEndNs;
  let judged = 0;
  for (let id = 0; id < ops.count; id++) {
    const deadlineNs = Math.max(ops.issueNs[id]!, loadEndNs ?? -Infinity) + boundNs;
    const completeNs = ops.completeNs[id]!;
    if (completeNs < 0 && ctx.endNs <= deadlineNs) continue;
    judged++;
    if (completeNs >= 0 && completeNs <= deadlineNs) continue;
    if (!ctx.log.keeps('every-io-ends')) {
      ctx.log.count('every-io-ends');
      continue;
    }
    ctx.log.add({
      guarantee: 'every-io-ends',
      op: ops.ref(id),
      reason: completeNs < 0 ? 'never-completed' : 'late',
      boundNs,
      deadlineNs,
      loadEndNs,
      runEndNs: ctx.endNs,
      message: '',
    });
  }
  return judged;
}
