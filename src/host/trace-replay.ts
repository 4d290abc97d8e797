import type { IoRequest } from './io.js';
import { MQSIM_SECTOR_BYTES, type MqsimTrace } from './mqsim-trace.js';
import { WorkloadSpecError } from './resolve.js';

/** Volumes are addressed in 4 KiB blocks unless the mapping says otherwise (DESIGN.md). */
const DEFAULT_BLOCK_BYTES = 4096;

/** A trace mapped onto one volume: whole blocks, scaled arrival times. Column-wise, one entry per request. */
export interface TraceRequests {
  readonly file: string;
  readonly volume: number;
  readonly sizeBlocks: number;
  readonly count: number;
  /** Whole nanoseconds from the replay's origin, not decreasing. */
  readonly arrivalNs: Float64Array;
  readonly startBlock: Float64Array;
  readonly blockCount: Int32Array;
  /** 1 for a write, 0 for a read. */
  readonly write: Uint8Array;
}

export interface TraceMappingOptions {
  /** Index of the target volume in the host's list (what the requests carry). */
  readonly volume: number;
  readonly sizeBlocks: number;
  /** 512-byte sectors per volume block; default 8 (4 KiB blocks). */
  readonly sectorsPerBlock?: number;
  /** Multiplies the trace's times: 0.5 replays twice as fast. Default 1. */
  readonly timeScale?: number;
  /** Keep only the requests of these devices; default all. */
  readonly devices?: readonly number[];
  /**
   * `first` (default): the first kept request is due at the replay's start,
   * skipping the trace's idle lead-in; `trace`: keep the trace's own clock.
   */
  readonly origin?: 'first' | 'trace';
}

/**
 * Maps trace requests onto a volume. Sectors round out to whole blocks (a
 * request touching part of a block touches the block; a zero-length request,
 * which MQSim traces contain, touches the block it names). A block beyond
 * the volume wraps modulo its size, and an I/O that would then run past the
 * end is moved back to end there, so every request stays whole and in range.
 */
export function traceRequests(trace: MqsimTrace, options: TraceMappingOptions): TraceRequests {
  const { volume, sizeBlocks } = options;
  const sectorsPerBlock = options.sectorsPerBlock ?? DEFAULT_BLOCK_BYTES / MQSIM_SECTOR_BYTES;
  const timeScale = options.timeScale ?? 1;
  checkMapping(options, sectorsPerBlock, timeScale);
  const keep = keptIndices(trace, options.devices);
  const originNs = (options.origin ?? 'first') === 'first' && keep.length > 0 ? trace.arrivalNs[keep[0]!]! : 0;
  const out = {
    file: trace.file,
    volume,
    sizeBlocks,
    count: keep.length,
    arrivalNs: new Float64Array(keep.length),
    startBlock: new Float64Array(keep.length),
    blockCount: new Int32Array(keep.length),
    write: new Uint8Array(keep.length),
  };
  keep.forEach((i, j) => {
    const first = Math.floor(trace.startSector[i]! / sectorsPerBlock);
    const end = Math.ceil((trace.startSector[i]! + trace.sectorCount[i]!) / sectorsPerBlock);
    const blocks = Math.max(1, end - first);
    if (blocks > sizeBlocks) {
      throw new WorkloadSpecError(`trace ${trace.file} request ${i + 1}`, `at most the volume's ${sizeBlocks} blocks`, blocks);
    }
    out.arrivalNs[j] = Math.round((trace.arrivalNs[i]! - originNs) * timeScale);
    out.startBlock[j] = Math.min(first % sizeBlocks, sizeBlocks - blocks);
    out.blockCount[j] = blocks;
    out.write[j] = trace.write[i]!;
  });
  return out;
}

function checkMapping(options: TraceMappingOptions, sectorsPerBlock: number, timeScale: number): void {
  const count = (v: number, min: number) => Number.isSafeInteger(v) && v >= min;
  if (!count(options.volume, 0)) throw new WorkloadSpecError('trace volume', 'an integer ≥ 0', options.volume);
  if (!count(options.sizeBlocks, 1)) throw new WorkloadSpecError('trace sizeBlocks', 'an integer ≥ 1', options.sizeBlocks);
  if (!count(sectorsPerBlock, 1)) throw new WorkloadSpecError('trace sectorsPerBlock', 'an integer ≥ 1', sectorsPerBlock);
  if (!(timeScale > 0 && Number.isFinite(timeScale))) throw new WorkloadSpecError('trace timeScale', 'a number > 0', timeScale);
}

function keptIndices(trace: MqsimTrace, devices: readonly number[] | undefined): number[] {
  const wanted = devices ? new Set(devices) : undefined;
  const keep: number[] = [];
  for (let i = 0; i < trace.count; i++) if (!wanted || wanted.has(trace.device[i]!)) keep.push(i);
  return keep;
}

/** Hands out a mapped trace's requests in order, with the time each is due. */
export class TraceSource {
  private index = 0;

  constructor(private readonly requests: TraceRequests) {}

  next(): IoRequest | undefined {
    const r = this.requests;
    const i = this.index;
    if (i >= r.count) return undefined;
    this.index = i + 1;
    return { volume: r.volume, startBlock: r.startBlock[i]!, blockCount: r.blockCount[i]!, write: r.write[i] === 1 };
  }

  peekNs(): number {
    const i = this.index;
    return i < this.requests.count ? this.requests.arrivalNs[i]! : Number.POSITIVE_INFINITY;
  }
}
