import { WRITE_SOURCES } from '../array/history.js';
import { formatNs } from '../engine/time.js';
import type { CheckContext } from './context.js';
import { FaultIndex } from './faults-index.js';
import type { AvailabilityViolation, Span } from './verdict.js';

/**
 * Guarantee 8: every failed host I/O failed with an error the model allows
 * at some instant of it, and no host I/O succeeded on a volume that answered
 * at no instant of it.
 *
 * - `not-ready`: the volume did not answer at its address (a BCV mirroring
 *   its standard, or restoring it unprotected). A standard always answers.
 * - `write-protected`: a write to a BCV whose pair ran a protected restore,
 *   under the setting `refuse` (any setting when the history does not say).
 * - `media-error`: a media error injected under a track it touches, on its
 *   volume or the other side of one of its pairs (a restore reads the BCV
 *   for STD), by its completion. `drive-failed`: a drive failure under those
 *   volumes by its completion. Lenient (the fault may have been repaired or
 *   mirrored since), never without a fault.
 * - `director-failed`: some director down during it; `array-offline`: the
 *   power off during it.
 * Conversely a BCV write may not succeed while, all through it, a protected
 * restore refused BCV writes, nor land while its BCV does not answer or
 * while such a restore runs; and no write lands after its answer.
 * Returns the number of I/Os judged.
 */
export function checkAvailability(ctx: CheckContext): number {
  const { ops, spans, history } = ctx;
  const faults = history.unrecorded.has('faults') ? null : new FaultIndex(history);
  const refuses = history.settings === null ? null : history.settings.bcvWriteDuringRestore === 'refuse';
  let judged = 0;
  for (let id = 0; id < ops.count; id++) {
    const completeNs = ops.completeNs[id]!;
    if (completeNs < 0) continue; // in flight at the end: guarantee 9's to judge
    judged++;
    const volume = ops.volume[id]!;
    const issueNs = ops.issueNs[id]!;
    if (ops.failed[id] === 0) {
      if (spans.hiddenThroughout(volume, issueNs, completeNs)) {
        report(ctx, id, 'answered-while-hidden', `it succeeded, yet ${ctx.volumes.names[volume]} answered at no instant of it`);
      } else if (ops.write[id] === 1 && refuses === true && spans.protectedRestoreThroughout(volume, issueNs, completeNs)) {
        report(ctx, id, 'accepted-while-refusing', 'it succeeded, yet all through it a protected restore refused writes to this BCV (bcvWriteDuringRestore: refuse)');
      }
      continue;
    }
    const why = refusalOf(ctx, id, faults, refuses);
    if (why !== null) report(ctx, id, 'error-not-allowed', why);
  }
  checkLandings(ctx, refuses === true);
  return judged;
}

/**
 * A host write to a BCV lands, as the physical lines show, at an instant the
 * BCV answers: one accepted while it answered and still waiting (for cache
 * room, for its tracks' locks) when an establish or an unprotected restore
 * hid the BCV fails `not-ready` rather than land in a volume that now mirrors
 * its standard. Nor, under `refuse`, while a protected restore runs: one
 * accepted before the restore began fails `write-protected` when it comes
 * to land. At the instant the BCV was hidden, or the restore began, it may
 * still land (the two happened at one instant, the write first). And no
 * write lands — in its volume, or mirrored to a BCV — after the host had its
 * answer: acknowledged, it had landed; failed, its data is gone. Reported
 * once per write.
 */
function checkLandings(ctx: CheckContext, refuses: boolean): void {
  const { physical, ops, spans } = ctx;
  if (!physical) return;
  const host = WRITE_SOURCES.indexOf('host');
  const mirror = WRITE_SOURCES.indexOf('mirror');
  const reported = new Set<number>();
  for (let i = 0; i < physical.count; i++) {
    if (physical.disk[i] === 1 || (physical.source[i] !== host && physical.source[i] !== mirror)) continue;
    const volume = physical.volume[i]!;
    const atNs = physical.timeNs[i]!;
    const id = ops.writeOfStamp(physical.stamps(i)[0]!);
    if (id === undefined || reported.has(id)) continue;
    const name = ctx.volumes.names[volume];
    const answeredNs = ops.completeNs[id]!;
    if (answeredNs >= 0 && atNs > answeredNs) {
      reported.add(id);
      const answer = ops.failed[id] === 1 ? 'failed' : 'was acknowledged';
      report(ctx, id, 'landed-after-answer', `it landed in ${name} at ${formatNs(atNs)}, after it ${answer} at ${formatNs(answeredNs)}`);
      continue;
    }
    if (physical.source[i] !== host) continue;
    const inside = (spans: readonly Span[]) => spans.some((h) => h.fromNs < atNs && atNs < h.toNs);
    const hidden = inside(spans.hiddenOf(volume));
    if (!hidden && !(refuses && inside(spans.protectedRestoreOf(volume)))) continue;
    reported.add(id);
    if (hidden) report(ctx, id, 'landed-while-hidden', `it landed in ${name} at ${formatNs(atNs)}, while ${name} did not answer at its address`);
    else report(ctx, id, 'landed-while-refusing', `it landed in ${name} at ${formatNs(atNs)}, while a protected restore refused writes to this BCV (bcvWriteDuringRestore: refuse)`);
  }
}

/** Why the op's error is not allowed; null when it is. */
function refusalOf(ctx: CheckContext, id: number, faults: FaultIndex | null, refuses: boolean | null): string | null {
  const { ops, spans } = ctx;
  const op = ctx.history.op(id);
  const volume = ops.volume[id]!;
  const [from, to] = [op.issueNs, op.completeNs];
  const name = op.volume;
  switch (op.error) {
    case 'not-ready':
      if (spans.hiddenSometime(volume, from, to)) return null;
      return spans.isBcv(volume) ? `${name} answered at its address all through it` : `${name} is a standard (or in no pair): it always answers`;
    case 'write-protected':
      if (op.write && refuses !== false && spans.protectedRestoreSometime(volume, from, to)) return null;
      if (!op.write) return 'only writes are write-protected';
      if (!spans.isBcv(volume)) return `${name} is a standard: a restore never refuses its I/O`;
      return refuses === false ? 'BCV writes during a protected restore are served (bcvWriteDuringRestore: copy-before-write)' : 'no protected restore ran during it';
    case 'media-error':
      if (faults === null || faults.mediaErrorUnder(name, op.startBlock, op.blockCount, to)) return null;
      return `no media error was injected under the tracks it touches, on ${name} or a volume paired with it, before it ended`;
    case 'drive-failed':
      if (faults === null || faults.driveFailedUnder(name, to)) return null;
      return `no drive holding ${name} or a volume paired with it had failed before it ended`;
    case 'director-failed':
      if (faults === null || faults.directorDownDuring(from, to)) return null;
      return 'no director was down during it';
    case 'array-offline':
      if (faults === null || faults.powerDownDuring(from, to)) return null;
      return 'the array had power all through it';
    default:
      return `"${op.error}" is no error the array gives`;
  }
}

function report(ctx: CheckContext, id: number, reason: AvailabilityViolation['reason'], why: string): void {
  if (!ctx.log.keeps('availability')) return ctx.log.count('availability');
  const op = ctx.ops.ref(id);
  ctx.log.add({
    guarantee: 'availability',
    op,
    reason,
    why,
    states: ctx.spans.statesOf(ctx.ops.volume[id]!, op.issueNs, op.completeNs),
    message: '',
  });
}
