import { AssertionError } from '../../engine/assert.js';
import type { TimeNs } from '../../engine/time.js';
import { SECTOR_BYTES } from '../drive.js';

/** What a user may set; every field but `name` has a default (`SSD_DEFAULTS`). */
export interface SsdOptions {
  readonly name: string;
  readonly capacitySectors?: number;
  /** Flash channels, each a bus shared by its dies that carries one page at a time. */
  readonly channels?: number;
  readonly diesPerChannel?: number;
  /**
   * Planes per die, each modelled as an independent unit (as in independent
   * multi-plane reads). 1 makes a die serve one page operation at a time.
   */
  readonly planesPerDie?: number;
  /** Flash page size: the unit of striping, of array reads (tR) and of programs (tPROG). */
  readonly pageBytes?: number;
  /** tR: array read of one page into the die's page register. */
  readonly readNs?: TimeNs;
  /** tPROG: programming one page from the page register. */
  readonly programNs?: TimeNs;
  /** Channel bus rate in MB/s (10^6 bytes per second). */
  readonly channelMBps?: number;
  /** Fixed controller time per request (command fetch, FTL lookup, completion), before its pages start. */
  readonly overheadNs?: TimeNs;
  /** Bound on requests accepted and not yet completed (the NVMe queue limit is 65 536). */
  readonly outstandingMax?: number;
}

/** The fully-qualified configuration: resolved once, nothing downstream re-reads defaults. */
export type SsdConfig = Required<SsdOptions>;

/*
 * Defaults: an Intel SSD DC P4500 4.0 TB (PCIe 3.0 x4, 3D TLC NAND), with
 * flash timing and geometry from MQSim.
 *
 * Published by the vendor — Lenovo Press product guide "ThinkSystem Intel
 * P4500 Entry NVMe PCIe SSDs", table "Technical specifications", 4.0 TB
 * drive: capacity 4.0 TB; 645 000 random 4 KB read IOPS; 62 500 random 4 KB
 * write IOPS; 3.2 GB/s sequential read; random read access latency 115 µs;
 * random write access latency 20 µs.
 *
 * Published in a peer-reviewed paper's simulator — MQSim (Tavakkol et al.,
 * "MQSim: A Framework for Enabling Realistic Studies of Modern Multi-Queue
 * SSD Devices", USENIX FAST 2018), default flash parameters of its
 * repository (src/exec/Flash_Parameter_Set.cpp, ssdconfig.xml): page read
 * latency 75 µs; page program latency 750 µs; 8 channels of 4 chips × 2 dies;
 * channel 333 MT/s × 8 bit (NV-DDR2); 8 KiB pages; 2 planes per die.
 *
 * Derived here:
 * - channelMBps 333 = 333 MT/s × 1 byte per transfer.
 * - overheadNs 27 700 = 115 µs (vendor QD1 random read) − 75 µs (tR) −
 *   12.3 µs (4 KiB over a 333 MB/s channel), so an idle 4 KiB read takes
 *   the vendor's 115 µs.
 * - planesPerDie 1, not MQSim's 2: a multi-plane operation needs the same
 *   page offset on each plane, which random small I/O rarely offers.
 * - capacity 4.0 TB = 7 812 500 000 sectors of 512 bytes (timing does not
 *   depend on it).
 *
 * How the model then compares with the vendor's figures (measured on this
 * model; the first two are checked in ssd-throughput.test.ts): an idle 4 KiB
 * read takes 115 µs (vendor 115 µs); deep-queue random 4 KiB reads are
 * channel-bound at 8 × 333 MB/s / 4 KiB = 650 000 IOPS, 643 000 measured at
 * queue depth 1 024 (vendor 645 000); 128 KiB sequential reads reach 2.66 GB/s
 * (vendor 3.2 GB/s); random 4 KiB writes are die-bound at 64 dies / (12.3 +
 * 750 µs) ≈ 84 000 IOPS, 82 000 measured (vendor 62 500, sustained with
 * garbage collection, which is not modelled); 128 KiB sequential writes reach 0.68 GB/s (vendor 1.8 GB/s: the
 * real part programs several planes, and TLC word lines, at once). An idle
 * write takes 790 µs, not the vendor's 20 µs: the drive acknowledges writes
 * from its power-protected DRAM buffer, which this model does not have.
 */
export const SSD_DEFAULTS: Omit<SsdConfig, 'name'> = {
  capacitySectors: 4_000_000_000_000 / SECTOR_BYTES,
  channels: 8,
  diesPerChannel: 8,
  planesPerDie: 1,
  pageBytes: 8_192,
  readNs: 75_000,
  programNs: 750_000,
  channelMBps: 333,
  overheadNs: 27_700,
  outstandingMax: 65_536,
};

/** A field an SSD cannot be built with, and what it needs. */
export interface SsdConfigProblem {
  readonly field: keyof SsdConfig;
  readonly message: string;
}

/** Fills in defaults and checks every field; throws an `AssertionError` naming the first bad one. */
export function resolveSsdConfig(options: SsdOptions): SsdConfig {
  const config = withDefaults(options);
  const problem = ssdConfigProblem(config);
  if (problem) throw new AssertionError(`${config.name}: ${problem.field}: ${problem.message}`);
  return config;
}

/**
 * The first field an SSD cannot be built with (defaults filled in), or
 * null: for an input check to report where the user wrote the value.
 */
export function ssdConfigProblem(options: SsdOptions): SsdConfigProblem | null {
  const config = withDefaults(options);
  const positive = ['capacitySectors', 'channels', 'diesPerChannel', 'planesPerDie', 'pageBytes', 'outstandingMax'] as const;
  for (const key of positive) if (!isInteger(config[key], 1)) return { field: key, message: `expected an integer ≥ 1, got ${String(config[key])}` };
  for (const key of ['readNs', 'programNs', 'overheadNs'] as const) {
    if (!isInteger(config[key], 0)) return { field: key, message: `expected an integer ≥ 0, got ${String(config[key])}` };
  }
  if (config.pageBytes % SECTOR_BYTES !== 0) return { field: 'pageBytes', message: `expected a multiple of ${SECTOR_BYTES} bytes, got ${config.pageBytes}` };
  if (!(Number.isFinite(config.channelMBps) && config.channelMBps > 0)) return { field: 'channelMBps', message: `expected a rate > 0, got ${config.channelMBps}` };
  // Transfer times and unit indices live in Int32Arrays.
  if (!(transferNs(config, config.pageBytes) < 2 ** 31)) {
    return { field: 'channelMBps', message: `expected a rate at which a page of ${config.pageBytes} bytes crosses the channel in under 2^31 ns, got ${config.channelMBps} MB/s` };
  }
  if (config.channels * config.diesPerChannel * config.planesPerDie > 2 ** 24) {
    return { field: 'diesPerChannel', message: `expected at most 2^24 flash units (channels × dies per channel × planes), got ${config.channels * config.diesPerChannel * config.planesPerDie}` };
  }
  return null;
}

/** Time to move `bytes` over one channel, rounded to the nanosecond. */
export function transferNs(config: SsdConfig, bytes: number): TimeNs {
  return Math.round((bytes * 1_000) / config.channelMBps);
}

function isInteger(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function withDefaults(options: SsdOptions): SsdConfig {
  return { ...SSD_DEFAULTS, ...definedOnly(options) };
}

/** Drops keys given as `undefined`, so that they do not hide a default. */
function definedOnly(options: SsdOptions): SsdOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== undefined) out[key] = value;
  return out as unknown as SsdOptions;
}
