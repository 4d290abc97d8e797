import type { TimeNs } from '../engine/time.js';
import type { TraceReplaySpec } from './traces/replay.js';

/**
 * Workload specifications: plain data, as a scenario file describes them.
 * `resolveSyntheticWorkload` checks one and fills in its defaults once;
 * nothing downstream reads a default again.
 */

/** One volume a host sends I/O to. */
export interface VolumeTarget {
  /** Index of the volume in the host's list of volumes (what `IoRequest.volume` carries). */
  readonly volume: number;
  readonly sizeBlocks: number;
  readonly blocksPerTrack: number;
  /** Relative share of the host's I/Os that go to this volume; default 1. */
  readonly weight?: number;
}

/** Where in a volume an I/O lands. */
export type AddressSpec =
  | { readonly kind: 'uniform' }
  | {
      readonly kind: 'zipf';
      /** Skew θ > 0: P(rank k) ∝ k^-θ. 0.99 is the YCSB default. */
      readonly theta: number;
      /**
       * Blocks per ranked item; default: the volume's blocks per track, since
       * tracks are the unit the mirror copies and its bitmaps record.
       */
      readonly itemBlocks?: number;
      /** Spread popular items over the volume (a keyed bijection); default true. */
      readonly scatter?: boolean;
    }
  | {
      readonly kind: 'sequential';
      /** Independent cursors per volume, evenly spaced at the start; default 1. */
      readonly streams?: number;
    }
  | {
      readonly kind: 'hotspot';
      /** Share of the volume that is hot, in (0, 1). */
      readonly hotFraction: number;
      /** Share of the I/Os that go to the hot region, in [0, 1]. */
      readonly hotAccessFraction: number;
      /** Where the hot region begins, as a share of the volume; default 0. */
      readonly hotStartFraction?: number;
    };

/**
 * What an I/O's first block is a multiple of: its own size (the default, as
 * file systems and databases issue them), one block (none), or a track.
 */
export type AlignmentSpec = 'size' | 'block' | 'track';

export type SizeSpec =
  | { readonly kind: 'fixed'; readonly blocks: number }
  | { readonly kind: 'weighted'; readonly choices: readonly SizeChoice[] };

export interface SizeChoice {
  readonly blocks: number;
  readonly weight: number;
}

/** A random duration. */
export type DurationSpec =
  | { readonly kind: 'fixed'; readonly ns: TimeNs }
  | { readonly kind: 'exponential'; readonly meanNs: TimeNs };

/** When I/Os are issued. */
export type ArrivalSpec =
  /** Poisson arrivals at `rateIops`, whatever the array's latency (open loop). */
  | { readonly kind: 'open'; readonly rateIops: number }
  /** `queueDepth` I/Os outstanding; each completion issues the next after a think time (closed loop). */
  | { readonly kind: 'closed'; readonly queueDepth: number; readonly think?: DurationSpec };

/** Bursts: alternating on and off phases. Off means no new I/O is issued; in-flight ones finish. */
export interface PhaseSpec {
  readonly on: DurationSpec;
  readonly off: DurationSpec;
  /** Begin in an off phase; default false. */
  readonly startOff?: boolean;
}

export interface SyntheticWorkloadSpec {
  readonly kind: 'synthetic';
  readonly volumes: readonly VolumeTarget[];
  readonly address: AddressSpec;
  readonly alignment?: AlignmentSpec;
  /** Share of I/Os that are reads, in [0, 1]. */
  readonly readFraction: number;
  readonly size: SizeSpec;
  readonly arrival: ArrivalSpec;
  readonly phases?: PhaseSpec;
  /** Stop issuing after this many I/Os. */
  readonly limitIos?: number;
}

/** How a trace is replayed. */
export type ReplaySpec =
  /** Each request at its recorded arrival time (open loop). */
  | { readonly kind: 'timed' }
  /** In the trace's order, ignoring its times, with a fixed number outstanding. */
  | { readonly kind: 'closed'; readonly queueDepth: number; readonly think?: DurationSpec };

export interface TraceWorkloadSpec {
  readonly kind: 'trace';
  /** The trace file and how it is laid onto its volume; read as the replay goes. */
  readonly trace: TraceReplaySpec;
  readonly replay: ReplaySpec;
  readonly limitIos?: number;
}

export type WorkloadSpec = SyntheticWorkloadSpec | TraceWorkloadSpec;
