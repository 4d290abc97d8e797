import { AssertionError } from '../engine/assert.js';
import { BlockStamps } from './block-stamps.js';
import { writersOf, type CheckContext } from './context.js';
import { replay } from './events.js';
import { ReferenceModel } from './model.js';
import { modelSteps, modelVolumeCount } from './model-steps.js';
import { tracksOf } from './phase-copies.js';
import type { PairTopo } from './timeline.js';
import type { Candidate } from './verdict.js';

/** An instant the indicator counts tracks restored: a restore's start (every track not listed), or a track's mark. */
export type IndicatorProbe =
  | { readonly kind: 'start'; readonly pair: PairTopo; readonly atNs: number; readonly physicalBefore: number; readonly restoreNs: number; readonly unrestored: ReadonlySet<number> }
  | { readonly kind: 'mark'; readonly pair: PairTopo; readonly atNs: number; readonly physicalBefore: number; readonly restoreNs: number; readonly track: number };

interface WrongTrack {
  readonly probe: IndicatorProbe;
  readonly track: number;
  readonly blocks: { readonly block: number; readonly held: number; readonly allowed: readonly Candidate[] }[];
  wrong: number;
}

/**
 * Guarantee 11's content half: a track the indicator counts restored holds
 * the snapshot's data (overlaid with host writes since the restore began).
 * At each probe, every block of the track, as the physical cache writes
 * recorded before it left STD, must be a value the reference model allows
 * just after that instant. The model is replayed on its own and asked only
 * (`allowsAfter`): this check teaches it nothing.
 */
export function checkIndicatorContent(ctx: CheckContext, probes: readonly IndicatorProbe[]): void {
  const physical = ctx.physical!;
  const bpt = ctx.history.topology.blocksPerTrack;
  const model = new ReferenceModel(modelVolumeCount(ctx.timeline, ctx.volumes.count));
  const content = new Map<number, BlockStamps>(probes.map((p) => [p.pair.stdVolume, new BlockStamps()]));
  const order = [...probes.keys()].sort((a, b) => probes[a]!.atNs - probes[b]!.atNs || a - b);
  const wrong: WrongTrack[] = [];
  let applied = 0;
  const blocksOf = new Map(ctx.history.topology.volumes.map((v) => [v.name, v.blocks]));
  const judge = (probe: IndicatorProbe, track: number, std: BlockStamps) => {
    const first = track * bpt;
    const end = Math.min(first + bpt, blocksOf.get(probe.pair.std) ?? first + bpt);
    let found: WrongTrack | null = null;
    for (let block = first; block < end; block++) {
      const held = std.get(block);
      if (model.allowsAfter(probe.pair.stdVolume, block, held, probe.atNs)) continue;
      found ??= { probe, track, blocks: [], wrong: 0 };
      if (found.wrong++ < ctx.config.maxBlocks) found.blocks.push({ block, held, allowed: model.candidatesAfter(probe.pair.stdVolume, block, probe.atNs) });
    }
    if (!found) return;
    // Details for as many tracks as verdicts can be kept; the rest are counted.
    if (wrong.length < 2 * ctx.config.maxVerdicts) wrong.push(found);
    else ctx.log.count('restored-indicator');
  };
  replay(
    ctx.ops,
    modelSteps(ctx.timeline, ctx.volumes.count),
    {
      writeIssued(id) {
        const { ops } = ctx;
        model.setCutoff(ops.issueNs[id]!);
        model.writeIssued(ops.volume[id]!, ops.startBlock[id]!, ops.blockCount[id]!, ops.stamp[id]!, id, ops.issueNs[id]!, ops.completeNs[id]! >= 0 ? ops.completeNs[id]! : Infinity);
      },
      writeCompleted(id) {
        const { ops } = ctx;
        model.setCutoff(ops.completeNs[id]!);
        model.writeCompleted(ops.volume[id]!, ops.startBlock[id]!, ops.blockCount[id]!, ops.issueNs[id]!, ops.completeNs[id]!);
      },
      command(step) {
        model.setCutoff(step.atNs);
        model.apply(step);
      },
      readCompleted() {},
      probe(i) {
        const probe = probes[order[i]!]!;
        if (probe.physicalBefore < applied) throw new AssertionError(`indicator records out of order: physicalBefore ${probe.physicalBefore} after ${applied}`);
        for (; applied < probe.physicalBefore && applied < physical.count; applied++) {
          const std = physical.disk[applied] === 0 ? content.get(physical.volume[applied]!) : undefined;
          std?.set(physical.startBlock[applied]!, physical.stamps(applied));
        }
        const std = content.get(probe.pair.stdVolume)!;
        if (probe.kind === 'mark') return judge(probe, probe.track, std);
        const tracks = tracksOf(ctx, probe.pair.std);
        for (let track = 0; track < tracks; track++) if (!probe.unrestored.has(track)) judge(probe, track, std);
      },
    },
    order.map((i) => probes[i]!.atNs),
  );
  report(ctx, wrong);
}

function report(ctx: CheckContext, wrong: readonly WrongTrack[]): void {
  const origin = writersOf(ctx.ops, wrong.flatMap((w) => w.blocks.map((b) => b.held)));
  for (const { probe, track, blocks, wrong: blocksWrong } of wrong) {
    ctx.log.add({
      guarantee: 'restored-indicator',
      pair: probe.pair.name,
      reason: 'not-snapshot',
      atNs: probe.atNs,
      restoreNs: probe.restoreNs,
      track,
      fromStart: probe.kind === 'start',
      blocks: blocks.map((b) => ({ ...b, heldBy: origin(b.held) })),
      blocksWrong,
      tracks: [],
      tracksWrong: 0,
      message: '',
    });
  }
}
