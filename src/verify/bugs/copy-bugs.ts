import { CopyTask } from '../../protocol/copy-task.js';

/*
 * Seeded bugs in the background copy: each replaces CopyTask's copy of one
 * track with a plausible wrong version. Used only by the verification gate.
 */

/** The copy takes no track lock and does not look again before writing: it can overwrite a track a host wrote meanwhile. */
export class CopyOverwritesHostWrite extends CopyTask {
  protected override copyTrack(track: number): void {
    const { cache } = this.context;
    const bpt = this.source.geometry.blocksPerTrack;
    const locks = this.context.locksOf(this.pair.std);
    if (!this.pair.toCopy.has(track)) {
      locks.acquire(track, () => this.finishTrack(track, locks));
      return;
    }
    const data = new Uint32Array(bpt);
    cache.read(this.source, track * bpt, bpt, data, this.priority, () => {
      cache.admit(1, () => {
        if (!this.stopped) cache.put(this.target, track * bpt, bpt, data, 'copy');
        if (!this.stopped && this.pair.toCopy.has(track)) this.context.trackCopied(this.pair, track, 'background');
        locks.acquire(track, () => this.finishTrack(track, locks));
      });
    });
  }
}

/** The track is marked restored when its copy starts, before its data is read and written. */
export class RestoredMarkBeforeCopy extends CopyTask {
  protected override copyTrack(track: number): void {
    const { cache } = this.context;
    const bpt = this.source.geometry.blocksPerTrack;
    const locks = this.context.locksOf(this.pair.std);
    locks.acquire(track, () => {
      if (this.stopped || !this.pair.toCopy.has(track)) return this.finishTrack(track, locks);
      this.context.trackCopied(this.pair, track, 'background');
      // The lock is released at once: the mark is taken to mean the track is done.
      locks.release(track);
      const data = new Uint32Array(bpt);
      cache.read(this.source, track * bpt, bpt, data, this.priority, () => {
        cache.admit(1, () => {
          if (!this.stopped) cache.put(this.target, track * bpt, bpt, data, 'copy');
          locks.acquire(track, () => this.finishTrack(track, locks));
        });
      });
    });
  }
}

/** Copies already in flight when a forced split ends the phase still land on the target. */
export class CopyLandsAfterForcedSplit extends CopyTask {
  protected override copyTrack(track: number): void {
    const { cache } = this.context;
    const bpt = this.source.geometry.blocksPerTrack;
    const locks = this.context.locksOf(this.pair.std);
    locks.acquire(track, () => {
      if (this.stopped || !this.pair.toCopy.has(track)) return this.finishTrack(track, locks);
      const data = new Uint32Array(bpt);
      cache.read(this.source, track * bpt, bpt, data, this.priority, () => {
        cache.admit(1, () => {
          if (this.pair.toCopy.has(track)) {
            cache.put(this.target, track * bpt, bpt, data, 'copy');
            if (!this.stopped) this.context.trackCopied(this.pair, track, 'background');
          }
          this.finishTrack(track, locks);
        });
      });
    });
  }
}
