import type { TimeNs } from '../engine/time.js';
import type { CommandPathError } from './command-path.js';
import { Float64Column, StampPool } from './columns.js';

/** What caused a change of a volume's content. */
export type WriteSource =
  | 'host' // a host write addressed to this volume
  | 'mirror' // a host write to the other side of an established pair, applied here too
  | 'copy' // the background copy task of a pair
  | 'copy-on-read' // a host read of an unrestored track brought the track in
  | 'copy-before-write' // a host write to a protected BCV brought the track into STD first
  | 'merge' // a partial host write brought the rest of its track in first
  | 'destage'; // the cache wrote dirty data to the drives

export const WRITE_SOURCES: readonly WriteSource[] = [
  'host', 'mirror', 'copy', 'copy-on-read', 'copy-before-write', 'merge', 'destage',
];

/** `cache`: the volume's content changed (what reads see); `disk`: the drives were written (destage). */
export type WriteLayer = 'cache' | 'disk';

/** One host I/O, as the history holds it. */
export interface HostOp {
  readonly id: number;
  readonly host: string;
  readonly volume: string;
  readonly write: boolean;
  readonly startBlock: number;
  readonly blockCount: number;
  readonly issueNs: TimeNs;
  /** -1 while in flight (only seen if the run stopped before it completed). */
  readonly completeNs: TimeNs;
  /** Null when it succeeded. */
  readonly error: string | null;
  /** For a write: its stamp on every block. For a completed read: the stamps it returned. */
  readonly stamps: Uint32Array;
}

export interface PhysicalWrite {
  readonly timeNs: TimeNs;
  readonly volume: string;
  readonly layer: WriteLayer;
  readonly source: WriteSource;
  readonly startBlock: number;
  readonly blockCount: number;
  readonly stamps: Uint32Array;
}

export interface CommandRecord {
  readonly id: number;
  readonly command: string;
  /** The pair (one record per member for a group command). */
  readonly target: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** The group the command was addressed to (one record per member), or null for a command to the pair itself. */
  readonly group: string | null;
  readonly issueNs: TimeNs;
  /**
   * The target pair's state (with qualifiers) when the command took effect on
   * it (for a group split, at the member's step), or when it was refused;
   * null for an unknown target.
   */
  stateBefore: string | null;
  /** The instant the command took effect (e.g. the split instant, common to a consistent split's members); -1 if it was refused. */
  effectiveNs: TimeNs;
  /** The instant it was carried out on this pair (a group split steps through its members); -1 if refused. */
  appliedNs: TimeNs;
  /** When the command was acknowledged to the issuer. */
  completeNs: TimeNs;
  /** Null when accepted; otherwise the error code (the command changed nothing). */
  error: string | null;
  message: string;
  /**
   * When the command was refused for its pair's state (`illegal-in-state`,
   * `incremental-needs-split`, or a group member refused for its own state):
   * the commands legal in `stateBefore`, as the message names them.
   */
  readonly legal?: readonly string[];
  /** The host that sent the command through one of its front-end directors; absent for a command from the timeline or `Protocol.command`. */
  readonly host?: string;
  /** With `host`: the host command's number (1, 2, … in the order the protocol was given them), shared by all its records (a group's members). */
  readonly requestId?: number;
  /**
   * With `host`, when the host was told something else than this record
   * says: its director failed (`director-failed`) or the array lost power
   * (`array-offline`) after the command was handed over, so the command was
   * carried out (or refused) as recorded, but the host only knows it failed.
   */
  answer?: CommandPathError;
}

/** Why a pair entered a state: the id of the accepted command record, or the end of background work. */
export type StateCause = number | 'copy-done' | 'split-done';

/** A pair entering a state (recorded by the protocol). */
export interface StateChangeRecord {
  readonly pair: string;
  readonly state: string;
  /** The state with its qualifiers, e.g. `RestInProg (protected)`. */
  readonly label: string;
  readonly atNs: TimeNs;
  /** Absent in histories that do not record it (the checkers then infer it). */
  readonly cause?: StateCause;
}

/** What a checker needs to know of the configuration: the volumes, the pairs joining them, the groups. */
export interface Topology {
  readonly blocksPerTrack: number;
  /** Bytes per block (absent: not recorded; `query` answers' MB are then not judged). */
  readonly blockBytes?: number;
  readonly volumes: readonly { readonly name: string; readonly blocks: number }[];
  /** `copy`: the pair's copy settings (absent: not recorded; the copy's pace is then not judged). */
  readonly pairs: readonly {
    readonly name: string;
    readonly std: string;
    readonly bcv: string;
    readonly copy?: PairCopySettings;
    /** The front-end director (by index) whose copy task copies the pair: its copies start only while that director and the array are up. */
    readonly copyDirector?: number;
  }[];
  readonly groups?: readonly { readonly name: string; readonly pairs: readonly string[] }[];
}

/**
 * One track copy of a pair's background copy task: from the instant it
 * claimed the track to the instant it let go of it (it landed, found
 * nothing to do, failed, or its task was stopped). `endNs` -1: under way
 * when the run ended.
 */
export interface CopyRecord {
  readonly pair: string;
  readonly track: number;
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
}

/** A pair's background copy settings (the protocol's `CopyConfig`), as the history records them. */
export interface PairCopySettings {
  /** Upper bound on the copy task's throughput, MB/s (0: no limit). */
  readonly rateMBps: number;
  /** Tracks copied at once. */
  readonly concurrency: number;
  /** `low`: the copy's drive and adapter work waits behind host work; `equal`: same priority. */
  readonly priority: 'low' | 'equal';
  /** `track`: ascending track order; `touched-first`: tracks hosts asked for go first. */
  readonly order: 'track' | 'touched-first';
}

/** The protocol settings that change what a host may see (set by the protocol when built). */
export interface HistorySettings {
  /** A host read of an unrestored track also restores it. */
  readonly copyOnRead: boolean;
  /** A host write to a BCV under a protected restore: refused (`write-protected`) or served after copying its tracks. */
  readonly bcvWriteDuringRestore: 'refuse' | 'copy-before-write';
  /** Processing time of a command before it takes effect. */
  readonly commandNs: TimeNs;
  /** Time a group split takes per member. */
  readonly splitStepNs: TimeNs;
}

/** What the run's driver declares about the run (every field optional: a scenario run may declare none). */
export interface HistoryBounds {
  /** When the load stopped: no host I/O was issued after it by the workload under test. */
  readonly loadEndNs?: TimeNs;
  /** When the run stopped: what would have happened later is not in the history. */
  readonly runEndNs?: TimeNs;
  /** Every host I/O must end within this of max(its issue, loadEndNs). */
  readonly ioBoundNs?: TimeNs;
  /** Every copy phase must end within this of max(its start, loadEndNs). */
  readonly copyBoundNs?: TimeNs;
  /** When the run fell idle with nothing left to happen (every copy, destage and host I/O done): the drives then hold what the cache holds. */
  readonly idleNs?: TimeNs;
}

/** A fault injected into the array, or a recovery from one, at an instant. */
export type FaultEventRecord =
  | { readonly kind: 'drive-failed'; readonly atNs: TimeNs; readonly drive: string; readonly spare: string | null; readonly volumes: readonly string[] }
  | { readonly kind: 'media-error'; readonly atNs: TimeNs; readonly drive: string; readonly volume: string; readonly block: number; readonly mirror: number }
  | { readonly kind: 'drive-slow'; readonly atNs: TimeNs; readonly drive: string; readonly factor: number }
  | { readonly kind: 'rebuild-done'; readonly atNs: TimeNs; readonly drive: string }
  | { readonly kind: 'director-failed' | 'director-restarted'; readonly atNs: TimeNs; readonly director: number }
  | { readonly kind: 'power-lost'; readonly atNs: TimeNs; readonly vaulted: boolean }
  | { readonly kind: 'power-restored'; readonly atNs: TimeNs };

export const FAULT_KINDS: readonly FaultEventRecord['kind'][] = [
  'drive-failed', 'media-error', 'drive-slow', 'rebuild-done', 'director-failed', 'director-restarted', 'power-lost', 'power-restored',
];

/**
 * A host read of a standard that found tracks a running restore still
 * lacked, and so was routed track by track (from the BCV, or by
 * copy-on-read): recorded by the protocol as it decides, as the read arrives.
 */
export interface RedirectedReadRecord {
  /** The host I/O's id. */
  readonly opId: number;
  readonly pair: string;
  /** Which of the pair's copy phases (its index among them). */
  readonly phase: number;
  readonly atNs: TimeNs;
  /** The read's tracks the restore lacked as it arrived. */
  readonly tracks: readonly number[];
}

/**
 * A change of a pair's restored indicator (claims 10, 33). `physicalBefore`:
 * the number of physical writes recorded before it, so that a checker knows
 * which of them preceded it even at the same instant.
 */
export type IndicatorRecord =
  | {
      readonly kind: 'restore-start';
      readonly pair: string;
      readonly atNs: TimeNs;
      readonly physicalBefore: number;
      /** The tracks not yet restored, as runs [first track, count]; every other track is restored from the start. */
      readonly unrestored: readonly (readonly [number, number])[];
    }
  | { readonly kind: 'track-restored'; readonly pair: string; readonly atNs: TimeNs; readonly physicalBefore: number; readonly track: number };

/**
 * What `query` answers for a pair, in the terms of TimeFinder's `query`
 * output (claims 10, 33: the restored indicator and the "Inv. Tracks"
 * columns as users read them). The protocol's `PairQuery` is this, with
 * more; the history records this much of every answer.
 */
export interface QueryAnswer {
  readonly pair: string;
  readonly atNs: TimeNs;
  readonly state: string;
  readonly label: string;
  readonly tracks: number;
  /**
   * "Inv. Tracks": tracks still to copy to each side while a copy runs; in
   * the split states, tracks changed on each side since the split.
   */
  readonly invalidTracks: { readonly std: number; readonly bcv: number };
  readonly invalidMB: { readonly std: number; readonly bcv: number };
  /**
   * Progress of the current copy phase: the share of all the pair's tracks
   * whose copy target is level (tracks outside an incremental phase's scope
   * from its start), as TimeFinder reports it; 100 when no copy runs.
   */
  readonly percentComplete: number;
  /** Tracks of STD restored by the current or last restore (the restored indicator), and of how many. */
  readonly restoredTracks: number;
  /** How the current or last copy phase brought its tracks across (null: the pair never copied). */
  readonly copied: CopiedTracks | null;
}

/**
 * A `query` answer as the history records it, and where it falls among the
 * other records: `statesBefore` state changes and `indicatorBefore`
 * restored-indicator records were recorded before it, so a checker knows
 * what the answer must agree with, even at the same instant.
 */
export interface QueryRecord extends QueryAnswer {
  readonly statesBefore: number;
  readonly indicatorBefore: number;
}

/** How the tracks of a copy phase were brought across. */
export interface CopiedTracks {
  /** Copied by the background copy task. */
  readonly background: number;
  /** Restored because a host read them (copy-on-read). */
  readonly copyOnRead: number;
  /** Restored because a host wrote part of them (the rest came from the BCV). */
  readonly merged: number;
  /** Restored because a host wrote all of them: nothing had to be copied. */
  readonly overwritten: number;
  /** Restored because a host wrote to the BCV (copy-before-write). */
  readonly copyBeforeWrite: number;
}

/** Kinds of record a history may lack (one read from an older format): the guarantees needing them are skipped. */
export type RecordKind = 'settings' | 'faults' | 'restored-indicator' | 'command-groups';

export interface HistoryOptions {
  /** Record host I/Os (default on). */
  readonly ops?: boolean;
  /** Record every change of a volume's content, with its source (default off: checkers turn it on). */
  readonly physical?: boolean;
}

/**
 * The run's recorded history: host I/Os with their times and stamps,
 * commands, and (optionally) every physical write. Checkers read only this.
 * Host I/Os live in columns so that millions of them stay cheap.
 */
export class History {
  readonly recordsOps: boolean;
  /** Not readonly: a reader of an older file learns only from its lines whether they were recorded. */
  recordsPhysical: boolean;
  private readonly hostNames: string[] = [];
  private readonly volumeNames: string[] = [];
  private readonly hostIds = new Map<string, number>();
  private readonly volumeIds = new Map<string, number>();

  // Host I/O columns.
  private readonly opHost = new Float64Column();
  private readonly opVolume = new Float64Column();
  private readonly opFlags = new Float64Column(); // bit 0: write; bits 1..: error code index + 1
  private readonly opStart = new Float64Column();
  private readonly opCount = new Float64Column();
  private readonly opIssue = new Float64Column();
  private readonly opComplete = new Float64Column();
  private readonly opData = new Float64Column(); // offset in `stamps`, -1 for a read still in flight
  private readonly errorCodes: string[] = [];
  private readonly stamps = new StampPool();

  // Physical-write columns.
  private readonly pwTime = new Float64Column();
  private readonly pwVolume = new Float64Column();
  private readonly pwKind = new Float64Column(); // layer index * 16 + source index
  private readonly pwStart = new Float64Column();
  private readonly pwCount = new Float64Column();
  private readonly pwData = new Float64Column();
  private readonly pwStamps = new StampPool();

  // Restored-indicator columns: one row per record, in recording order.
  private readonly indKind = new Float64Column(); // 0: restore-start, 1: track-restored
  private readonly indPair = new Float64Column();
  private readonly indAt = new Float64Column();
  private readonly indPhysical = new Float64Column();
  private readonly indValue = new Float64Column(); // the track, or the first of the start's runs in `indRuns`
  private readonly indRuns = new Float64Column(); // a start's runs as (first, count), ended by -1
  private readonly pairNames: string[] = [];
  private readonly pairIds = new Map<string, number>();

  readonly commands: CommandRecord[] = [];
  readonly stateChanges: StateChangeRecord[] = [];
  /** Faults and recoveries, in the order they happened (recorded by the fault injector). */
  readonly faults: FaultEventRecord[] = [];
  /** Every `query` answer, in the order given. */
  readonly queries: QueryRecord[] = [];
  /** Reads routed track by track because a restore lacked some of their tracks, in the order they arrived (not written to history files: no checker judges them). */
  readonly redirectedReads: RedirectedReadRecord[] = [];
  /** Every track copy of the background copy tasks, in the order they started (when physical writes are recorded). */
  readonly copies: CopyRecord[] = [];
  /** By pair, by track: the copies under way, oldest first (an engine may copy one track twice at once). */
  private readonly copiesUnderWay = new Map<string, Map<number, number[]>>();
  /** Set by whoever assembles the run (the protocol fills in the pairs). */
  topology: Topology = { blocksPerTrack: 1, volumes: [], pairs: [] };
  /** Null when not known (a hand-built history, an older file). */
  settings: HistorySettings | null = null;
  /** Set by the run's driver, if it declares any. */
  bounds: HistoryBounds = {};
  /** What this history does not record at all (as opposed to: recorded, and none happened). */
  readonly unrecorded = new Set<RecordKind>();

  constructor(options: HistoryOptions = {}) {
    this.recordsOps = options.ops ?? true;
    this.recordsPhysical = options.physical ?? false;
  }

  get opCountTotal(): number {
    return this.opHost.length;
  }

  /** Every volume a host I/O or a physical write named, once each. */
  get recordedVolumes(): readonly string[] {
    return this.volumeNames;
  }

  get physicalCount(): number {
    return this.pwTime.length;
  }

  /** Records a host I/O as issued; returns its id (or -1 when host I/Os are not recorded). */
  issue(host: string, volume: string, write: boolean, startBlock: number, blockCount: number, issueNs: TimeNs, stamp: number): number {
    if (!this.recordsOps) return -1;
    const id = this.opHost.length;
    this.opHost.push(intern(this.hostIds, this.hostNames, host));
    this.opVolume.push(intern(this.volumeIds, this.volumeNames, volume));
    this.opFlags.push(write ? 1 : 0);
    this.opStart.push(startBlock);
    this.opCount.push(blockCount);
    this.opIssue.push(issueNs);
    this.opComplete.push(-1);
    this.opData.push(write ? this.stamps.appendFill(stamp, blockCount) : -1);
    return id;
  }

  /** Records completion; `returned` holds a successful read's stamps. */
  complete(id: number, completeNs: TimeNs, error: string | null, returned: Uint32Array | null): void {
    if (id < 0) return;
    this.opComplete.set(id, completeNs);
    if (error !== null) {
      let code = this.errorCodes.indexOf(error);
      if (code < 0) code = this.errorCodes.push(error) - 1;
      this.opFlags.set(id, (this.opFlags.get(id) & 1) | ((code + 1) << 1));
    } else if (returned) {
      this.opData.set(id, this.stamps.append(returned, 0, this.opCount.get(id)));
    }
  }

  op(id: number): HostOp {
    const flags = this.opFlags.get(id);
    const errorCode = flags >> 1;
    const blockCount = this.opCount.get(id);
    const data = this.opData.get(id);
    return {
      id,
      host: this.hostNames[this.opHost.get(id)]!,
      volume: this.volumeNames[this.opVolume.get(id)]!,
      write: (flags & 1) === 1,
      startBlock: this.opStart.get(id),
      blockCount,
      issueNs: this.opIssue.get(id),
      completeNs: this.opComplete.get(id),
      error: errorCode === 0 ? null : this.errorCodes[errorCode - 1]!,
      stamps: data < 0 ? new Uint32Array(0) : this.stamps.view(data, blockCount),
    };
  }

  *ops(): IterableIterator<HostOp> {
    for (let id = 0; id < this.opHost.length; id++) yield this.op(id);
  }

  physicalWrite(timeNs: TimeNs, volume: string, layer: WriteLayer, source: WriteSource, startBlock: number, stamps: Uint32Array, from: number, count: number): void {
    if (!this.recordsPhysical) return;
    this.pwTime.push(timeNs);
    this.pwVolume.push(intern(this.volumeIds, this.volumeNames, volume));
    this.pwKind.push((layer === 'cache' ? 0 : 16) + WRITE_SOURCES.indexOf(source));
    this.pwStart.push(startBlock);
    this.pwCount.push(count);
    this.pwData.push(this.pwStamps.append(stamps, from, count));
  }

  physical(i: number): PhysicalWrite {
    const kind = this.pwKind.get(i);
    const blockCount = this.pwCount.get(i);
    return {
      timeNs: this.pwTime.get(i),
      volume: this.volumeNames[this.pwVolume.get(i)]!,
      layer: kind >= 16 ? 'disk' : 'cache',
      source: WRITE_SOURCES[kind & 15]!,
      startBlock: this.pwStart.get(i),
      blockCount,
      stamps: this.pwStamps.view(this.pwData.get(i), blockCount),
    };
  }

  *physicalWrites(): IterableIterator<PhysicalWrite> {
    for (let i = 0; i < this.pwTime.length; i++) yield this.physical(i);
  }

  /** The physical writes of one layer, in record order (only those are built: the drives' are few beside the cache's). */
  *physicalWritesOn(layer: WriteLayer): IterableIterator<PhysicalWrite> {
    const disk = layer === 'disk';
    for (let i = 0; i < this.pwTime.length; i++) if (this.pwKind.get(i) >= 16 === disk) yield this.physical(i);
  }

  /** Records a command; `group` defaults to none and `appliedNs` to `effectiveNs`. */
  command(record: Omit<CommandRecord, 'id' | 'group' | 'appliedNs'> & Partial<Pick<CommandRecord, 'group' | 'appliedNs'>>): CommandRecord {
    const full: CommandRecord = { id: this.commands.length, ...record, group: record.group ?? null, appliedNs: record.appliedNs ?? record.effectiveNs };
    this.commands.push(full);
    return full;
  }

  /**
   * A restore began: `unrestored` runs [first, count] are the tracks it still has to restore.
   * `physicalBefore` defaults to the physical writes recorded so far (a reader of a file gives it).
   */
  restoreStarted(pair: string, atNs: TimeNs, unrestored: readonly (readonly [number, number])[], physicalBefore = this.pwTime.length): void {
    if (!this.recordsOps) return;
    this.indicatorRow(0, pair, atNs, physicalBefore, this.indRuns.length);
    for (const [first, count] of unrestored) {
      this.indRuns.push(first);
      this.indRuns.push(count);
    }
    this.indRuns.push(-1);
  }

  /** A track of a running restore became restored (its copy landed, or nothing was left to copy). */
  trackRestored(pair: string, track: number, atNs: TimeNs, physicalBefore = this.pwTime.length): void {
    if (!this.recordsOps) return;
    this.indicatorRow(1, pair, atNs, physicalBefore, track);
  }

  /** A background copy task claimed a track of its pair (recorded with physical writes: there are as many). */
  copyStarted(pair: string, track: number, atNs: TimeNs): void {
    if (!this.recordsPhysical) return;
    let tracks = this.copiesUnderWay.get(pair);
    if (!tracks) this.copiesUnderWay.set(pair, (tracks = new Map()));
    let open = tracks.get(track);
    if (!open) tracks.set(track, (open = []));
    open.push(this.copies.length);
    this.copies.push({ pair, track, startNs: atNs, endNs: -1 });
  }

  /** The oldest copy of that track under way let go of it. */
  copyEnded(pair: string, track: number, atNs: TimeNs): void {
    const open = this.copiesUnderWay.get(pair)?.get(track);
    const index = open?.shift();
    if (index === undefined) return;
    this.end(index, atNs);
    if (open!.length === 0) this.copiesUnderWay.get(pair)!.delete(track);
  }

  /** The pair's copy task stopped: its copies under way no longer count (they will not land). */
  copiesStopped(pair: string, atNs: TimeNs): void {
    const tracks = this.copiesUnderWay.get(pair);
    if (!tracks) return;
    for (const open of tracks.values()) for (const index of open) this.end(index, atNs);
    tracks.clear();
  }

  private end(index: number, atNs: TimeNs): void {
    this.copies[index] = { ...this.copies[index]!, endNs: atNs };
  }

  get indicatorCount(): number {
    return this.indKind.length;
  }

  indicator(i: number): IndicatorRecord {
    const pair = this.pairNames[this.indPair.get(i)]!;
    const atNs = this.indAt.get(i);
    const physicalBefore = this.indPhysical.get(i);
    if (this.indKind.get(i) === 1) return { kind: 'track-restored', pair, atNs, physicalBefore, track: this.indValue.get(i) };
    const unrestored: [number, number][] = [];
    for (let k = this.indValue.get(i); this.indRuns.get(k) >= 0; k += 2) unrestored.push([this.indRuns.get(k), this.indRuns.get(k + 1)]);
    return { kind: 'restore-start', pair, atNs, physicalBefore, unrestored };
  }

  *indicatorRecords(): IterableIterator<IndicatorRecord> {
    for (let i = 0; i < this.indKind.length; i++) yield this.indicator(i);
  }

  private indicatorRow(kind: number, pair: string, atNs: TimeNs, physicalBefore: number, value: number): void {
    this.indKind.push(kind);
    this.indPair.push(intern(this.pairIds, this.pairNames, pair));
    this.indAt.push(atNs);
    this.indPhysical.push(physicalBefore);
    this.indValue.push(value);
  }
}

function intern(ids: Map<string, number>, names: string[], name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.push(name) - 1;
    ids.set(name, id);
  }
  return id;
}
