import { History } from '../../array/history.js';

export interface SyntheticOptions {
  readonly ops: number;
  readonly blocks: number;
  readonly blocksPerTrack: number;
  /** A command every this many ops (cycling establish, split, restore, split, restore, …). */
  readonly commandEvery: number;
  readonly seed: number;
}

type PairMode = 'Synchronized' | 'Split' | 'Restored';

/**
 * A large, correct history built without the simulator: one pair, a stream
 * of overlapping reads and writes, and commands. Each op takes effect a
 * fixed delay after its issue (so effects happen in issue order) and
 * completes a random while later; reads return the content at their effect.
 * Commands take effect between two ops' effects, while others are in flight.
 * Physical writes are recorded as the simulator would: host and mirror
 * writes at their effect, and every track of a copy phase at its start.
 */
export function syntheticHistory(o: SyntheticOptions): History {
  const history = new History({ physical: true });
  history.topology = {
    blocksPerTrack: o.blocksPerTrack,
    volumes: [{ name: 'std', blocks: o.blocks }, { name: 'bcv', blocks: o.blocks }],
    pairs: [{ name: 'p1', std: 'std', bcv: 'bcv' }],
  };
  const content = { std: new Uint32Array(o.blocks), bcv: new Uint32Array(o.blocks) };
  let random = o.seed >>> 0 || 1;
  const next = (n: number) => {
    random ^= random << 13;
    random >>>= 0;
    random ^= random >>> 17;
    random ^= random << 5;
    random >>>= 0;
    return random % n;
  };
  const EFFECT_NS = 5_000;
  let mode: PairMode = 'Synchronized';
  let issueNs = 1_000;
  let stamp = 0;
  let commands = 0;
  copyAll(history, content, 'std', 'bcv', issueNs);
  establish(history, issueNs);
  for (let k = 0; k < o.ops; k++) {
    if (k > 0 && k % o.commandEvery === 0) {
      // Between the last op's effect (issueNs + EFFECT_NS) and the next one's.
      const atNs = issueNs + EFFECT_NS + 1;
      mode = command(history, content, commands++, mode, atNs);
      issueNs += 2;
    }
    issueNs += 1 + next(1_000);
    const effectNs = issueNs + EFFECT_NS;
    const completeNs = effectNs + next(40_000);
    const volume = mode !== 'Synchronized' && next(10) < 3 ? 'bcv' : 'std';
    const blockCount = 1 + next(o.blocksPerTrack);
    const startBlock = next(o.blocks - blockCount + 1);
    if (next(2) === 0) {
      const id = history.issue('h', volume, true, startBlock, blockCount, issueNs, ++stamp);
      content[volume].fill(stamp, startBlock, startBlock + blockCount);
      history.physicalWrite(effectNs, volume, 'cache', 'host', startBlock, content[volume], startBlock, blockCount);
      if (mode === 'Synchronized' && volume === 'std') {
        content.bcv.fill(stamp, startBlock, startBlock + blockCount);
        history.physicalWrite(effectNs, 'bcv', 'cache', 'mirror', startBlock, content.bcv, startBlock, blockCount);
      }
      history.complete(id, completeNs, null, null);
    } else {
      const id = history.issue('h', volume, false, startBlock, blockCount, issueNs, 0);
      history.complete(id, completeNs, null, content[volume].slice(startBlock, startBlock + blockCount));
    }
  }
  return history;
}

/** The next command of the cycle establish → split → restore → split → restore → establish …, at `atNs`. */
function command(history: History, content: Record<'std' | 'bcv', Uint32Array>, n: number, mode: PairMode, atNs: number): PairMode {
  const record = (command: string, options: Record<string, unknown>) =>
    history.command({ command, target: 'p1', group: null, options, issueNs: atNs, stateBefore: null, effectiveNs: atNs, completeNs: atNs, error: null, message: '' });
  const state = (label: string) => history.stateChanges.push({ pair: 'p1', state: label.split(' ')[0]!, label, atNs });
  if (mode === 'Synchronized') {
    record('split', { consistent: false, instant: false, force: false });
    // The BCV's pending writes reach its drives before the split settles.
    history.physicalWrite(atNs, 'bcv', 'disk', 'destage', 0, content.bcv, 0, content.bcv.length);
    state('SplitInProg');
    state('Split');
    return 'Split';
  }
  if (mode === 'Restored' && n % 5 === 4) {
    copyAll(history, content, 'std', 'bcv', atNs);
    establish(history, atNs);
    return 'Synchronized';
  }
  record('restore', { incremental: false, protected: true });
  state('RestInProg (protected)');
  copyAll(history, content, 'bcv', 'std', atNs);
  state('Restored (protected)');
  return 'Restored';
}

function establish(history: History, atNs: number): void {
  history.command({ command: 'establish', target: 'p1', group: null, options: { incremental: false }, issueNs: atNs, stateBefore: null, effectiveNs: atNs, completeNs: atNs, error: null, message: '' });
  history.stateChanges.push({ pair: 'p1', state: 'SyncInProg', label: 'SyncInProg', atNs });
  history.stateChanges.push({ pair: 'p1', state: 'Synchronized', label: 'Synchronized', atNs });
}

/** A full copy phase, done at once: every track recorded as copied. */
function copyAll(history: History, content: Record<'std' | 'bcv', Uint32Array>, from: 'std' | 'bcv', to: 'std' | 'bcv', atNs: number): void {
  content[to].set(content[from]);
  const bpt = history.topology.blocksPerTrack;
  for (let first = 0; first < content[to].length; first += bpt) {
    history.physicalWrite(atNs, to, 'cache', 'copy', first, content[to], first, Math.min(bpt, content[to].length - first));
  }
}
