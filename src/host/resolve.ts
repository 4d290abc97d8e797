import { unreachable } from '../engine/assert.js';
import type {
  AddressSpec, AlignmentSpec, ArrivalSpec, DurationSpec, PhaseSpec, SizeSpec, SyntheticWorkloadSpec, VolumeTarget,
} from './spec.js';

/**
 * A workload spec that makes no sense (a negative rate, a size larger than
 * the volume): an operating error in the user's scenario, not a bug, so it is
 * a typed error naming the field.
 */
export class WorkloadSpecError extends Error {
  override readonly name = 'WorkloadSpecError';
  readonly code = 'invalid-workload';

  constructor(
    readonly field: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`workload ${field}: expected ${expected}, got ${JSON.stringify(got)}`);
  }
}

export type ResolvedAddress =
  | { readonly kind: 'uniform' }
  | { readonly kind: 'zipf'; readonly theta: number; readonly itemBlocks: number; readonly scatter: boolean }
  | { readonly kind: 'sequential'; readonly streams: number }
  | {
      readonly kind: 'hotspot';
      readonly hotFraction: number;
      readonly hotAccessFraction: number;
      readonly hotStartFraction: number;
    };

export interface ResolvedTarget {
  readonly volume: number;
  readonly sizeBlocks: number;
  readonly blocksPerTrack: number;
  readonly weight: number;
  readonly address: ResolvedAddress;
}

export type ResolvedArrival =
  | { readonly kind: 'open'; readonly rateIops: number }
  | { readonly kind: 'closed'; readonly queueDepth: number; readonly think: DurationSpec | undefined };

export interface ResolvedSizes {
  readonly blocks: readonly number[];
  readonly weights: readonly number[];
}

export interface ResolvedSyntheticWorkload {
  readonly targets: readonly ResolvedTarget[];
  readonly alignment: AlignmentSpec;
  readonly readFraction: number;
  readonly sizes: ResolvedSizes;
  readonly arrival: ResolvedArrival;
  readonly phases: PhaseSpec | undefined;
  /** Infinity when there is no limit. */
  readonly limitIos: number;
}

export function resolveSyntheticWorkload(spec: SyntheticWorkloadSpec): ResolvedSyntheticWorkload {
  if (spec.volumes.length === 0) throw new WorkloadSpecError('volumes', 'at least one volume', spec.volumes);
  const sizes = resolveSizes(spec.size);
  const targets = spec.volumes.map((v, i) => resolveTarget(v, i, spec.address));
  const smallest = Math.min(...targets.map((t) => t.sizeBlocks));
  const largest = Math.max(...sizes.blocks);
  if (largest > smallest) throw new WorkloadSpecError('size', `I/O sizes ≤ the smallest volume (${smallest} blocks)`, largest);
  if (!targets.some((t) => t.weight > 0)) throw new WorkloadSpecError('volumes', 'a volume with weight > 0', spec.volumes);
  check('readFraction', spec.readFraction >= 0 && spec.readFraction <= 1, 'a number in [0, 1]', spec.readFraction);
  const limitIos = spec.limitIos ?? Number.POSITIVE_INFINITY;
  check('limitIos', limitIos === Number.POSITIVE_INFINITY || isCount(limitIos, 0), 'an integer ≥ 0', spec.limitIos);
  if (spec.phases) checkPhases(spec.phases);
  return {
    targets,
    alignment: spec.alignment ?? 'size',
    readFraction: spec.readFraction,
    sizes,
    arrival: resolveArrival(spec.arrival),
    phases: spec.phases,
    limitIos,
  };
}

function resolveTarget(target: VolumeTarget, i: number, address: AddressSpec): ResolvedTarget {
  const field = `volumes[${i}]`;
  check(`${field}.volume`, isCount(target.volume, 0), 'an integer ≥ 0', target.volume);
  check(`${field}.sizeBlocks`, isCount(target.sizeBlocks, 1), 'an integer ≥ 1', target.sizeBlocks);
  check(`${field}.blocksPerTrack`, isCount(target.blocksPerTrack, 1), 'an integer ≥ 1', target.blocksPerTrack);
  const weight = target.weight ?? 1;
  check(`${field}.weight`, weight >= 0 && Number.isFinite(weight), 'a number ≥ 0', target.weight);
  return { ...target, weight, address: resolveAddress(address, target) };
}

function resolveAddress(address: AddressSpec, target: VolumeTarget): ResolvedAddress {
  switch (address.kind) {
    case 'uniform':
      return address;
    case 'zipf': {
      const itemBlocks = address.itemBlocks ?? target.blocksPerTrack;
      check('address.theta', address.theta > 0 && Number.isFinite(address.theta), 'a number > 0', address.theta);
      check('address.itemBlocks', isCount(itemBlocks, 1), 'an integer ≥ 1', address.itemBlocks);
      return { kind: 'zipf', theta: address.theta, itemBlocks, scatter: address.scatter ?? true };
    }
    case 'sequential': {
      const streams = address.streams ?? 1;
      check('address.streams', isCount(streams, 1), 'an integer ≥ 1', address.streams);
      return { kind: 'sequential', streams };
    }
    case 'hotspot': {
      const { hotFraction, hotAccessFraction } = address;
      const hotStartFraction = address.hotStartFraction ?? 0;
      check('address.hotFraction', hotFraction > 0 && hotFraction < 1, 'a number in (0, 1)', hotFraction);
      check('address.hotAccessFraction', hotAccessFraction >= 0 && hotAccessFraction <= 1, 'a number in [0, 1]', hotAccessFraction);
      check('address.hotStartFraction', hotStartFraction >= 0 && hotStartFraction < 1, 'a number in [0, 1)', hotStartFraction);
      return { kind: 'hotspot', hotFraction, hotAccessFraction, hotStartFraction };
    }
    default:
      return unreachable(address, 'address kind');
  }
}

function resolveSizes(size: SizeSpec): ResolvedSizes {
  switch (size.kind) {
    case 'fixed':
      check('size.blocks', isCount(size.blocks, 1), 'an integer ≥ 1', size.blocks);
      return { blocks: [size.blocks], weights: [1] };
    case 'weighted': {
      check('size.choices', size.choices.length > 0, 'at least one size', size.choices);
      size.choices.forEach((c, i) => {
        check(`size.choices[${i}].blocks`, isCount(c.blocks, 1), 'an integer ≥ 1', c.blocks);
        check(`size.choices[${i}].weight`, c.weight >= 0 && Number.isFinite(c.weight), 'a number ≥ 0', c.weight);
      });
      check('size.choices', size.choices.some((c) => c.weight > 0), 'a size with weight > 0', size.choices);
      return { blocks: size.choices.map((c) => c.blocks), weights: size.choices.map((c) => c.weight) };
    }
    default:
      return unreachable(size, 'size kind');
  }
}

export function resolveArrival(arrival: ArrivalSpec): ResolvedArrival {
  switch (arrival.kind) {
    case 'open':
      check('arrival.rateIops', arrival.rateIops > 0 && Number.isFinite(arrival.rateIops), 'a number > 0', arrival.rateIops);
      return arrival;
    case 'closed':
      check('arrival.queueDepth', isCount(arrival.queueDepth, 1), 'an integer ≥ 1', arrival.queueDepth);
      if (arrival.think) checkDuration('arrival.think', arrival.think, 0);
      return { kind: 'closed', queueDepth: arrival.queueDepth, think: arrival.think };
    default:
      return unreachable(arrival, 'arrival kind');
  }
}

function checkPhases(phases: PhaseSpec): void {
  // A zero-length phase would let the phase clock spin at one instant.
  checkDuration('phases.on', phases.on, 1);
  checkDuration('phases.off', phases.off, 1);
}

function checkDuration(field: string, duration: DurationSpec, minNs: number): void {
  const value = duration.kind === 'fixed' ? duration.ns : duration.meanNs;
  check(field, value >= minNs && Number.isFinite(value), `a duration ≥ ${minNs} ns`, duration);
}

function isCount(value: number, min: number): boolean {
  return Number.isSafeInteger(value) && value >= min;
}

function check(field: string, ok: boolean, expected: string, got: unknown): void {
  if (!ok) throw new WorkloadSpecError(field, expected, got);
}
