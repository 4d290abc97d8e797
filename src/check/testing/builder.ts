import { History, type FaultEventRecord, type HistorySettings, type WriteLayer, type WriteSource } from '../../array/history.js';

export interface BuilderOptions {
  readonly blocks?: number;
  readonly blocksPerTrack?: number;
  readonly pairs?: readonly { name: string; std: string; bcv: string }[];
  readonly groups?: readonly { name: string; pairs: readonly string[] }[];
  readonly settings?: Partial<HistorySettings>;
}

/** The protocol's default settings, as a built history records them. */
export const BUILDER_SETTINGS: HistorySettings = { copyOnRead: true, bcvWriteDuringRestore: 'refuse', commandNs: 0, splitStepNs: 0 };

/**
 * Builds histories by hand, as the simulator would record them: host I/Os
 * with chosen times and stamps, commands with their state changes, physical
 * writes. Stamps count up from 1, as the front end hands them out.
 */
export class HistoryBuilder {
  readonly history = new History({ physical: true });
  private stamp = 0;

  constructor(options: BuilderOptions = {}) {
    const pairs = options.pairs ?? [{ name: 'p1', std: 'std', bcv: 'bcv' }];
    const names = [...new Set(pairs.flatMap((p) => [p.std, p.bcv]))];
    this.history.topology = {
      blocksPerTrack: options.blocksPerTrack ?? 4,
      volumes: names.map((name) => ({ name, blocks: options.blocks ?? 16 })),
      pairs,
      ...(options.groups ? { groups: options.groups } : {}),
    };
    this.history.settings = { ...BUILDER_SETTINGS, ...options.settings };
  }

  /** A write of one fresh stamp; `completeNs` -1: never completed. Returns its op id and stamp. */
  write(volume: string, startBlock: number, blockCount: number, issueNs: number, completeNs: number, error: string | null = null): { id: number; stamp: number } {
    const stamp = ++this.stamp;
    const id = this.history.issue('h', volume, true, startBlock, blockCount, issueNs, stamp);
    if (completeNs >= 0) this.history.complete(id, completeNs, error, null);
    return { id, stamp };
  }

  /** A successful read that returned `returned` (one stamp per block). */
  read(volume: string, startBlock: number, returned: readonly number[], issueNs: number, completeNs: number): number {
    const id = this.history.issue('h', volume, false, startBlock, returned.length, issueNs, 0);
    this.history.complete(id, completeNs, null, Uint32Array.from(returned));
    return id;
  }

  /** A host I/O that failed with `error` (a write gets a fresh stamp). Returns its op id. */
  failed(volume: string, write: boolean, startBlock: number, blockCount: number, issueNs: number, completeNs: number, error: string): number {
    const id = this.history.issue('h', volume, write, startBlock, blockCount, issueNs, write ? ++this.stamp : 0);
    this.history.complete(id, completeNs, error, null);
    return id;
  }

  /** A read still in flight when the history ends. */
  pendingRead(volume: string, startBlock: number, blockCount: number, issueNs: number): number {
    return this.history.issue('h', volume, false, startBlock, blockCount, issueNs, 0);
  }

  fault(record: FaultEventRecord): void {
    this.history.faults.push(record);
  }

  /** An accepted command taking effect at `atNs`, and the states it (then background work) put the pair in. */
  command(command: string, target: string, atNs: number, options: Record<string, unknown>, states: readonly (string | [string, number])[]): number {
    const record = this.history.command({ command, target, group: null, options, issueNs: atNs, stateBefore: null, effectiveNs: atNs, completeNs: atNs, error: null, message: '' });
    for (const entry of states) {
      const [label, when] = typeof entry === 'string' ? [entry, atNs] : entry;
      this.state(target, label, when);
    }
    return record.id;
  }

  /** A refused command, acknowledged at `atNs`, its message naming the command and the pair. */
  refused(command: string, target: string, atNs: number, error = 'illegal-in-state'): number {
    const message = `${command} refused for pair ${target}`;
    return this.history.command({ command, target, group: null, options: {}, issueNs: atNs, stateBefore: null, effectiveNs: -1, completeNs: atNs, error, message }).id;
  }

  /** A state change; `label` as `RestInProg (protected)`, the state being its first word. */
  state(pair: string, label: string, atNs: number): void {
    this.history.stateChanges.push({ pair, state: label.split(' ')[0]!, label, atNs });
  }

  physical(timeNs: number, volume: string, layer: WriteLayer, source: WriteSource, startBlock: number, stamps: readonly number[]): void {
    const data = Uint32Array.from(stamps);
    this.history.physicalWrite(timeNs, volume, layer, source, startBlock, data, 0, data.length);
  }

  // Short-hands for the usual commands. A copy phase ends (Synchronized, Restored) only when told when.
  establish(atNs: number, pair = 'p1', synchronizedNs = -1): number {
    const states: (string | [string, number])[] = ['SyncInProg'];
    if (synchronizedNs >= 0) states.push(['Synchronized', synchronizedNs]);
    return this.command('establish', pair, atNs, { incremental: false }, states);
  }

  split(atNs: number, pair = 'p1', force = false): number {
    return this.command('split', pair, atNs, { consistent: false, instant: false, force }, force ? ['SplitBfrSync'] : ['SplitInProg', 'Split']);
  }

  restore(atNs: number, options: { protected?: boolean; incremental?: boolean; restoredNs?: number } = {}, pair = 'p1'): number {
    const label = options.protected === false ? 'unprotected' : 'protected';
    const opts = { incremental: options.incremental ?? false, protected: options.protected ?? true };
    const states: (string | [string, number])[] = [`RestInProg (${label})`];
    if (options.restoredNs !== undefined) states.push([`Restored (${label})`, options.restoredNs]);
    return this.command('restore', pair, atNs, opts, states);
  }
}

/**
 * Rewrites one stamp a recorded read returned. `History.op` hands out a view
 * of its stamp pool, so writing through it edits the record: for planting
 * bugs in real histories only.
 */
export function editReturned(history: History, opId: number, offset: number, stamp: number): void {
  const op = history.op(opId);
  if (op.write || offset >= op.stamps.length) throw new Error(`op ${opId} is not a read covering offset ${offset}`);
  op.stamps[offset] = stamp;
}
