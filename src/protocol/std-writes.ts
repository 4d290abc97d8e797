import { AssertionError } from '../engine/assert.js';
import type { HostIo, IoDone } from '../array/controller.js';
import { readTracks } from '../array/io-pieces.js';
import type { Pair } from './pair.js';
import type { PairIoContext } from './pair-io.js';
import type { Fetched, RoutingPolicy, TrackWritePlan } from './routing.js';

/**
 * Carries out the routing's plans for host writes to a standard (routing.ts,
 * `writeStd`): under the write's track locks, the tracks a restore needs
 * merged are read from its BCV, room is reserved in the cache, and the write
 * lands on the standard and the BCVs that mirror it as the plan taken at
 * that instant says.
 */
export class StdWrites {
  private readonly routing: RoutingPolicy;

  constructor(private readonly context: PairIoContext) {
    this.routing = context.routing;
  }

  /**
   * A write to a standard, always under its tracks' locks: a copy phase may begin while the write waits for
   * cache room, and its copy of these tracks must not read them before the write lands and write them after.
   */
  write(io: HostIo, done: IoDone): void {
    const [first, last] = this.routing.tracksOf(io);
    const locks = this.context.locksOf(io.volume);
    locks.acquireRange(first, last, io.work, () => {
      this.prepareStdWrite(io, null, (error) => {
        locks.releaseRange(first, last);
        done(error);
      });
    });
  }

  /** Reads from a restoring pair's BCV what the write needs merged (if the plan says so), then reserves room. */
  private prepareStdWrite(io: HostIo, fetched: Fetched<Pair, Uint32Array> | null, done: IoDone): void {
    const routing = this.routing;
    const pairs = this.context.pairsOfStd(io.volume);
    const plan = routing.writeStd(routing, pairs, io, 'arrival', fetched);
    if (plan.kind === 'land') return this.landStdWrite(io, fetched, plan.slots, done);
    if (plan.kind === 'drop') return done(null);
    readTracks(this.context.cache, plan.pair.bcv, plan.tracks, io.work, (error, tracks) => {
      if (error) return done(error);
      this.prepareStdWrite(io, { pair: plan.pair, tracks }, done);
    });
  }

  /** Lands a write to STD once the cache has `slots` of room for it (on STD and the BCVs it reaches), as the plan taken then says. */
  private landStdWrite(io: HostIo, fetched: Fetched<Pair, Uint32Array> | null, slots: number, done: IoDone): void {
    const { cache } = this.context;
    const routing = this.routing;
    cache.admit(slots, io.work, () => {
      const plan = routing.writeStd(routing, this.context.pairsOfStd(io.volume), io, 'landing', fetched);
      if (plan.kind === 'drop') return done(null);
      if (plan.kind === 'fetch') return this.prepareStdWrite(io, null, done);
      // More BCVs mirror than when the room was reserved (an establish or an unprotected restore began): room for them first.
      if (plan.slots > slots) return this.landStdWrite(io, fetched, plan.slots, done);
      if (plan.restore) this.landDuringRestore(io, plan.restore.pair, plan.restore.tracks, fetched);
      else cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
      for (const pair of plan.mirrorTo) cache.put(pair.bcv, io.startBlock, io.blockCount, io.stamp, 'mirror');
      for (const pair of plan.trackOn) for (let track = plan.first; track <= plan.last; track++) pair.stdChanged.add(track);
      done(null);
    });
  }

  private landDuringRestore(io: HostIo, pair: Pair, tracks: readonly TrackWritePlan[], fetched: Fetched<Pair, Uint32Array> | null): void {
    const { cache } = this.context;
    const bpt = io.volume.geometry.blocksPerTrack;
    for (const { track, from, to, how: planned } of tracks) {
      if (!(io.startBlock <= from && from < to && to <= io.startBlock + io.blockCount)) throw new AssertionError(`a write to ${io.volume.name} blocks ${io.startBlock}+${io.blockCount}: the plan of its track ${track} writes blocks ${from}..${to}`);
      // Each track as it lands: one the landing of another has since restored lands as written.
      const how = pair.unrestored(track) ? planned : 'host';
      if (how === 'merge') {
        const merged = fetched!.tracks.get(track)!;
        merged.fill(io.stamp, from - track * bpt, to - track * bpt);
        cache.put(io.volume, track * bpt, bpt, merged, 'merge');
        this.context.trackCopied(pair, track, 'merged');
        continue;
      }
      cache.put(io.volume, from, to - from, io.stamp, 'host');
      if (how === 'overwrite') this.context.trackCopied(pair, track, 'overwritten');
    }
  }
}
