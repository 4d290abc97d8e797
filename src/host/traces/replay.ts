import type { IoRequest } from '../io.js';
import { WorkloadSpecError } from '../resolve.js';
import type { TraceFormatName } from './format.js';
import { openTrace, type TraceReader, type TraceRecord } from './reader.js';
import { TraceParseError } from './trace-error.js';

/** Volumes are addressed in 4 KiB blocks unless the mapping says otherwise (DESIGN.md). */
const DEFAULT_BLOCK_BYTES = 4096;

/** What to do with a request that reaches beyond the volume. */
export type BeyondVolume = 'wrap' | 'refuse';

/** A trace file, and how its requests are laid onto one volume. Plain data, as a scenario gives it. */
export interface TraceReplaySpec {
  readonly file: string;
  /** Default `mqsim`. */
  readonly format?: TraceFormatName;
  /** Index of the target volume in the host's list (what the requests carry). */
  readonly volume: number;
  readonly sizeBlocks: number;
  /** Bytes per volume block; default 4096. */
  readonly blockBytes?: number;
  /** Multiplies the trace's times: 0.5 replays twice as fast. Default 1. */
  readonly timeScale?: number;
  /** Skip the requests of the trace's first `startNs` (counted from its first request, on the trace's own clock). Default 0. */
  readonly startNs?: number;
  /** Keep only the requests of these devices (or volumes), as the format names them; default all. */
  readonly devices?: readonly string[];
  /** `wrap` (default): a request beyond the volume is folded back into it; `refuse`: it stops the replay with its line. */
  readonly beyondVolume?: BeyondVolume;
}

/**
 * A trace's requests mapped onto a volume, read as they are asked for: the
 * trace is never held whole. Bytes round out to whole blocks (a request
 * touching part of a block touches the block; a zero-length one touches the
 * block it names). The first request kept is due at the replay's start
 * (the trace's idle lead-in is skipped) and the others at their distance
 * from it, times `timeScale`. Under `wrap`, a block beyond the volume wraps
 * modulo its size, and an I/O that would then run past the end is moved
 * back to end there, so that every request stays whole and in range.
 */
export class TraceReplaySource {
  /** Requests handed out so far. */
  issued = 0;
  private readonly reader: TraceReader;
  private readonly blockBytes: number;
  private readonly timeScale: number;
  private readonly startNs: number;
  private readonly devices: ReadonlySet<string> | undefined;
  private readonly refuse: boolean;
  private originNs = -1;
  private pending: IoRequest | undefined;
  private pendingNs = Number.POSITIVE_INFINITY;
  /** Whether `pending` holds the next request (or the trace has ended): it is read only when asked for. */
  private loaded = false;

  constructor(
    private readonly spec: TraceReplaySpec,
    /** The trace's reader; by default the file is opened. */
    reader?: TraceReader,
  ) {
    this.blockBytes = spec.blockBytes ?? DEFAULT_BLOCK_BYTES;
    this.timeScale = spec.timeScale ?? 1;
    this.startNs = spec.startNs ?? 0;
    checkSpec(spec, this.blockBytes, this.timeScale, this.startNs);
    this.devices = spec.devices ? new Set(spec.devices) : undefined;
    this.refuse = spec.beyondVolume === 'refuse';
    this.reader = reader ?? openTrace(spec.file, spec.format ?? 'mqsim');
  }

  /** When the next request is due, in ns from the replay's origin; Infinity when none is left. */
  peekNs(): number {
    if (!this.loaded) this.load();
    return this.pendingNs;
  }

  next(): IoRequest | undefined {
    if (!this.loaded) this.load();
    const request = this.pending;
    if (request === undefined) return undefined;
    this.pending = undefined;
    this.loaded = false;
    this.issued++;
    return request;
  }

  private load(): void {
    this.loaded = true;
    for (let r = this.reader.next(); r !== undefined; r = this.reader.next()) {
      if (r.timeNs < this.startNs || (this.devices && !this.devices.has(r.device))) continue;
      if (this.originNs < 0) this.originNs = r.timeNs;
      this.pendingNs = Math.round((r.timeNs - this.originNs) * this.timeScale);
      this.pending = this.map(r);
      return;
    }
    this.pendingNs = Number.POSITIVE_INFINITY;
  }

  private map(r: TraceRecord): IoRequest {
    const { sizeBlocks } = this.spec;
    const first = Math.floor(r.offsetBytes / this.blockBytes);
    const end = Math.ceil((r.offsetBytes + r.sizeBytes) / this.blockBytes);
    const blocks = Math.max(1, end - first);
    if (blocks > sizeBlocks) {
      throw new TraceParseError(this.reader.file, r.line, `a request of at most the volume's ${sizeBlocks} blocks (${sizeBlocks * this.blockBytes} bytes)`, `${r.sizeBytes} bytes`, false);
    }
    if (this.refuse && first + blocks > sizeBlocks) {
      throw new TraceParseError(
        this.reader.file,
        r.line,
        `a request inside the volume's ${sizeBlocks * this.blockBytes} bytes (beyondVolume: refuse; wrap folds it back)`,
        `one at byte ${r.offsetBytes} + ${r.sizeBytes} bytes`,
        false,
      );
    }
    const startBlock = Math.min(first % sizeBlocks, sizeBlocks - blocks);
    return { volume: this.spec.volume, startBlock, blockCount: blocks, write: r.write };
  }
}

function checkSpec(spec: TraceReplaySpec, blockBytes: number, timeScale: number, startNs: number): void {
  const count = (v: number, min: number) => Number.isSafeInteger(v) && v >= min;
  if (!count(spec.volume, 0)) throw new WorkloadSpecError('trace volume', 'an integer ≥ 0', spec.volume);
  if (!count(spec.sizeBlocks, 1)) throw new WorkloadSpecError('trace sizeBlocks', 'an integer ≥ 1', spec.sizeBlocks);
  if (!count(blockBytes, 1)) throw new WorkloadSpecError('trace blockBytes', 'an integer ≥ 1', blockBytes);
  if (!(timeScale > 0 && Number.isFinite(timeScale))) throw new WorkloadSpecError('trace timeScale', 'a number > 0', timeScale);
  if (!count(startNs, 0)) throw new WorkloadSpecError('trace startNs', 'an integer ≥ 0', startNs);
}
