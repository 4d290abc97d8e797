import { AssertionError, unreachable } from '../engine/assert.js';
import type { Rng } from '../engine/rng.js';
import { createAddressPicker, type AddressPicker } from './address.js';
import type { IoRequest } from './io.js';
import { WeightedChoice } from './random.js';
import { resolveArrival, resolveSyntheticWorkload, WorkloadSpecError, type ResolvedArrival, type ResolvedSyntheticWorkload } from './resolve.js';
import { SizePicker } from './size.js';
import type { PhaseSpec, WorkloadSpec } from './spec.js';
import { TraceReplaySource } from './traces/replay.js';

/** Produces a workload's requests one at a time. */
export interface RequestSource {
  /** The next request, or undefined once the source is exhausted. */
  next(): IoRequest | undefined;
}

/** When a timed source's next request is due, in ns from the replay's origin; Infinity when none is left. */
export interface ArrivalTimes {
  peekNs(): number;
}

/** How a driver paces a source: the resolved arrival process, with the recorded times for a timed replay. */
export type Pacing = ResolvedArrival | { readonly kind: 'timed'; readonly times: ArrivalTimes };

/** A workload ready to drive: everything resolved, random streams attached. */
export interface Workload {
  readonly source: RequestSource;
  readonly pacing: Pacing;
  readonly phases: PhaseSpec | undefined;
  /** Infinity when there is no limit. */
  readonly limitIos: number;
}

/** Hands out a host's named random streams (`host:NAME:part`), each taken at most once. */
export type StreamFactory = (part: string) => Rng;

export function createWorkload(spec: WorkloadSpec, streams: StreamFactory): Workload {
  switch (spec.kind) {
    case 'synthetic': {
      const resolved = resolveSyntheticWorkload(spec);
      const source = new SyntheticSource(resolved, streams);
      return { source, pacing: resolved.arrival, phases: resolved.phases, limitIos: resolved.limitIos };
    }
    case 'trace': {
      const source = new TraceReplaySource(spec.trace);
      const limitIos = spec.limitIos ?? Number.POSITIVE_INFINITY;
      if (!(limitIos === Number.POSITIVE_INFINITY || (Number.isSafeInteger(limitIos) && limitIos >= 0))) {
        throw new WorkloadSpecError('limitIos', 'an integer ≥ 0', spec.limitIos);
      }
      const pacing: Pacing = spec.replay.kind === 'timed' ? { kind: 'timed', times: source } : resolveArrival(spec.replay);
      return { source, pacing, phases: undefined, limitIos };
    }
    default:
      return unreachable(spec, 'workload kind');
  }
}

/**
 * Synthetic requests. Each concern draws from its own stream, so that
 * changing, say, the size mix leaves the addresses of a run unchanged.
 */
export class SyntheticSource implements RequestSource {
  private readonly volumes: Int32Array;
  private readonly sizesBlocks: Float64Array;
  private readonly pickers: readonly AddressPicker[];
  private readonly volumeChoice: WeightedChoice;
  private readonly sizes: SizePicker;
  private readonly readFraction: number;
  private readonly volumeRng: Rng;
  private readonly mixRng: Rng;

  constructor(workload: ResolvedSyntheticWorkload, streams: StreamFactory) {
    const targets = workload.targets;
    this.volumes = Int32Array.from(targets, (t) => t.volume);
    this.sizesBlocks = Float64Array.from(targets, (t) => t.sizeBlocks);
    this.volumeChoice = new WeightedChoice(targets.map((t) => t.weight));
    this.volumeRng = streams('volume');
    const addressRng = streams('address');
    this.pickers = targets.map((t) => createAddressPicker(t, workload.alignment, addressRng));
    this.sizes = new SizePicker(workload.sizes, streams('size'));
    this.mixRng = streams('mix');
    this.readFraction = workload.readFraction;
  }

  next(): IoRequest {
    const target = this.volumeChoice.draw(this.volumeRng);
    const blockCount = this.sizes.draw();
    const startBlock = this.pickers[target]!.pick(blockCount);
    if (!(startBlock >= 0 && startBlock + blockCount <= this.sizesBlocks[target]!)) {
      throw new AssertionError(`I/O [${startBlock}, +${blockCount}) outside volume ${this.volumes[target]}`);
    }
    const write = !this.mixRng.chance(this.readFraction);
    return { volume: this.volumes[target]!, startBlock, blockCount, write };
  }
}
