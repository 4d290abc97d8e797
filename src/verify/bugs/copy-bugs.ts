import { CopyTask } from '../../protocol/copy-task.js';

/*
 * Seeded bugs in the background copy: each replaces a step of CopyTask's
 * copy of one track (its hooks) with a plausible wrong one, and pastes none
 * of the rest. Used only by the verification gate.
 */

/** The copy takes no track lock and does not look again before landing: it can overwrite a track a host wrote meanwhile. */
export class CopyOverwritesHostWrite extends CopyTask {
  protected override lockTrack(_track: number, locked: () => void): void {
    locked();
  }

  protected override unlockTrack(): void {}

  protected override landing(): boolean {
    return !this.stopped;
  }
}

/** The track is marked restored when its copy starts, before its data is read and landed (and its lock is let go with the mark). */
export class RestoredMarkBeforeCopy extends CopyTask {
  protected override readTrack(track: number, done: (data: Uint32Array | null) => void): void {
    this.context.trackCopied(this.pair, track, 'background');
    super.readTrack(track, done);
  }

  protected override landing(): boolean {
    return !this.stopped;
  }

  protected override land(track: number, data: Uint32Array): void {
    this.context.cache.put(this.target, this.firstBlock(track), this.source.geometry.blocksPerTrack, data, 'copy');
  }
}

/** Copies already in flight when a forced split ends the phase still land on the target. */
export class CopyLandsAfterForcedSplit extends CopyTask {
  protected override landing(track: number): boolean {
    return this.pair.toCopy.has(track);
  }

  protected override land(track: number, data: Uint32Array): void {
    this.context.cache.put(this.target, this.firstBlock(track), this.source.geometry.blocksPerTrack, data, 'copy');
    if (!this.stopped) this.context.trackCopied(this.pair, track, 'background');
  }
}

/** The copy finds a track's blocks as if every track held 16 (the product's default), whatever the array's geometry. */
export class CopyAssumes16BlockTracks extends CopyTask {
  protected override firstBlock(track: number): number {
    return track * 16;
  }
}

/**
 * A copy still in flight when a forced split ends the phase lets go of its
 * track lock on the way out, and again when it finishes (a lock released
 * twice: the locks' own assertion throws — a crash).
 */
export class DoubleUnlockAfterForcedSplit extends CopyTask {
  protected override landing(track: number): boolean {
    const lands = super.landing(track);
    if (!lands && this.stopped) this.unlockTrack(track);
    return lands;
  }
}
