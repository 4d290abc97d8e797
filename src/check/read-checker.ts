import { answeredParts } from './answering.js';
import { writersOf, type CheckContext } from './context.js';
import { replay } from './events.js';
import { ReferenceModel } from './model.js';
import { modelSteps, modelVolumeCount } from './model-steps.js';
import type { BlockMismatch, Candidate, ReadAtomicityViolation, ReadViolation, Span } from './verdict.js';

export interface ReadCheckStats {
  readonly readsChecked: number;
  readonly blocksChecked: number;
  readonly entriesPeak: number;
}

interface PendingMismatch {
  readonly block: number;
  readonly returned: number;
  readonly allowed: readonly Candidate[];
}

/** A read's wrong blocks: those no value explains (`plain`), and those explained only outside the parts its volume answered in. */
interface ReadFinding {
  readonly id: number;
  readonly plain: Mismatches;
  readonly atomic: Mismatches;
  readonly answered: readonly Span[];
}

interface Mismatches {
  readonly blocks: PendingMismatch[];
  wrong: number;
}

/**
 * Guarantees 1 and 4: replays the history through the reference model and
 * judges every successful read, block by block: the value returned must be
 * one the model held at some instant of the read's interval.
 *
 * A violation is `snapshot-consistency` when the block's allowed values came
 * through a restore (a read of a standard after a restore of it that returned
 * the pre-restore value, or anything else not from the snapshot), otherwise
 * `no-lost-writes` (the read missed an acknowledged write).
 *
 * Guarantee 10 (a): a read of a BCV sees it only while it answers, so its
 * window is clipped to those parts (the model makes a hidden BCV
 * unconstrained: an unclipped window would allow anything). A block allowed
 * only by the whole window is a `reads-atomic` violation.
 */
export function checkReads(ctx: CheckContext): ReadCheckStats {
  const { ops } = ctx;
  const model = new ReferenceModel(modelVolumeCount(ctx.timeline, ctx.volumes.count));
  const reads = checkableReads(ctx);
  const checked = new Uint8Array(ops.count);
  let front = 0;
  let readsChecked = 0;
  let blocksChecked = 0;
  const found: ReadFinding[] = [];
  const cutoffAt = (nowNs: number) => {
    while (front < reads.length && checked[reads[front]!] === 1) front++;
    model.setCutoff(front < reads.length ? Math.min(nowNs, ops.issueNs[reads[front]!]!) : nowNs);
  };

  replay(ops, modelSteps(ctx.timeline, ctx.volumes.count), {
    writeIssued(id) {
      cutoffAt(ops.issueNs[id]!);
      // A failed write may have landed by its completion; one never completed, at any time.
      const appliedNs = ops.completeNs[id]! >= 0 ? ops.completeNs[id]! : Infinity;
      model.writeIssued(ops.volume[id]!, ops.startBlock[id]!, ops.blockCount[id]!, ops.stamp[id]!, id, ops.issueNs[id]!, appliedNs);
    },
    writeCompleted(id) {
      cutoffAt(ops.completeNs[id]!);
      model.writeCompleted(ops.volume[id]!, ops.startBlock[id]!, ops.blockCount[id]!, ops.issueNs[id]!, ops.completeNs[id]!);
    },
    command(step) {
      cutoffAt(step.atNs);
      model.apply(step);
    },
    readCompleted(id) {
      cutoffAt(ops.completeNs[id]!);
      // Details (the allowed sets) only for as many reads as verdicts can be kept; the rest are counted.
      const mismatches = judgeRead(ctx, model, id, found.length < 2 * ctx.config.maxVerdicts);
      if (mismatches) found.push(mismatches);
      readsChecked++;
      blocksChecked += ops.blockCount[id]!;
      checked[id] = 1;
    },
  });
  report(ctx, found);
  return { readsChecked, blocksChecked, entriesPeak: model.entriesPeak };
}

/** Successful, completed reads in issue order (the ones a pruned entry must stay visible to). */
function checkableReads(ctx: CheckContext): Int32Array {
  const { ops } = ctx;
  return ops.byIssue().filter((id) => ops.write[id] === 0 && ops.failed[id] === 0 && ops.completeNs[id]! >= 0);
}

function judgeRead(ctx: CheckContext, model: ReferenceModel, id: number, detailed: boolean): ReadFinding | null {
  const { ops, config } = ctx;
  const volume = ops.volume[id]!;
  const start = ops.startBlock[id]!;
  const issueNs = ops.issueNs[id]!;
  const completeNs = ops.completeNs[id]!;
  const returned = ops.returned(id);
  // Null: the volume answered all along. Empty: it never did (availability's to judge): the whole window then.
  const answered = ctx.spans.isBcv(volume) ? answeredParts(ctx.spans.hiddenOf(volume), issueNs, completeNs) : null;
  const parts = answered !== null && answered.length > 0 ? answered : null;
  let result: ReadFinding | null = null;
  for (let k = 0; k < ops.blockCount[id]!; k++) {
    const stamp = returned[k] ?? 0;
    const block = start + k;
    if (parts === null ? model.admitsRead(volume, block, stamp, issueNs, completeNs) : parts.some((p) => model.admitsRead(volume, block, stamp, p.fromNs, p.toNs))) continue;
    result ??= { id, plain: { blocks: [], wrong: 0 }, atomic: { blocks: [], wrong: 0 }, answered: parts ?? [] };
    const atomic = parts !== null && model.allows(volume, block, stamp, issueNs, completeNs);
    const into = atomic ? result.atomic : result.plain;
    into.wrong++;
    if (detailed && into.blocks.length < config.maxBlocks) {
      const allowed = atomic ? parts.flatMap((p) => model.candidates(volume, block, p.fromNs, p.toNs)) : model.candidates(volume, block, issueNs, completeNs);
      into.blocks.push({ block, returned: stamp, allowed });
    }
  }
  return result;
}

/** Names the writer of every returned stamp (one more pass over the ops), then logs the verdicts. */
function report(ctx: CheckContext, found: readonly ReadFinding[]): void {
  const origin = writersOf(ctx.ops, found.flatMap((f) => [...f.plain.blocks, ...f.atomic.blocks].map((b) => b.returned)));
  for (const finding of found) {
    if (finding.plain.wrong > 0) reportPlain(ctx, finding.id, finding.plain, origin);
    if (finding.atomic.wrong > 0) reportAtomic(ctx, finding, origin);
  }
}

function reportAtomic(ctx: CheckContext, finding: ReadFinding, origin: ReturnType<typeof writersOf>): void {
  const { blocks, wrong } = finding.atomic;
  const verdict: ReadAtomicityViolation = {
    guarantee: 'reads-atomic',
    reason: 'read-across-hiding',
    op: ctx.ops.ref(finding.id),
    answered: finding.answered,
    blocks: blocks.map((b) => ({ ...b, returnedBy: origin(b.returned) })),
    blocksWrong: wrong,
    message: '',
  };
  if (blocks.length === 0) ctx.log.count('reads-atomic');
  else ctx.log.add(verdict);
}

function reportPlain(ctx: CheckContext, id: number, { blocks, wrong }: Mismatches, origin: ReturnType<typeof writersOf>): void {
  const mismatches: BlockMismatch[] = blocks.map((b) => ({ ...b, returnedBy: origin(b.returned) }));
  const throughRestore = blocks.some((b) => b.allowed.some((c) => c.via?.effect === 'restore'));
  const verdict: ReadViolation = {
    guarantee: throughRestore ? 'snapshot-consistency' : 'no-lost-writes',
    op: ctx.ops.ref(id),
    blocks: mismatches,
    blocksWrong: wrong,
    message: '',
  };
  // Past the detail cap the allowed sets were not gathered: such reads are counted as lost writes.
  if (blocks.length === 0) ctx.log.count(verdict.guarantee);
  else ctx.log.add(verdict);
}
