import { describe, expect, it } from 'vitest';
import { hostWork, copyWork } from '../array/work.js';
import { Stage, StageLedger } from '../metrics/stage-ledger.js';
import { TrackLocks } from './track-locks.js';

class Clock {
  now = 0;
}

describe('TrackLocks, as a waiting host I/O’s ledger sees them', () => {
  it('waits behind the copy while the copy holds the track, in the track-lock stage while another host I/O does', () => {
    const clock = new Clock();
    const locks = new TrackLocks();
    const copy = copyWork('background');
    const first = hostWork(new StageLedger(clock, 0, Stage.director));
    const second = hostWork(new StageLedger(clock, 0, Stage.director));
    const granted: string[] = [];
    locks.acquire(5, copy, () => granted.push('copy'));
    clock.now = 10;
    // Once it holds its tracks, an I/O goes on to the cache.
    locks.acquire(5, first, () => granted.push('first') && first.ledger!.enter(Stage.cache));
    clock.now = 15;
    locks.acquireRange(4, 5, second, () => granted.push('second') && second.ledger!.enter(Stage.cache)); // track 4 at once, then behind the others on 5
    clock.now = 40;
    locks.release(5); // the copy is done: first holds it, second now waits behind a host I/O
    clock.now = 100;
    locks.release(5);
    locks.releaseRange(4, 5);
    expect(granted).toEqual(['copy', 'first', 'second']);
    for (const work of [first, second]) work.ledger!.finish();
    expect([first.ledger!.ns[Stage.director], first.ledger!.ns[Stage.behindCopy], first.ledger!.ns[Stage.trackLock]]).toEqual([10, 30, 0]);
    expect([second.ledger!.ns[Stage.director], second.ledger!.ns[Stage.behindCopy], second.ledger!.ns[Stage.trackLock]]).toEqual([15, 25, 60]);
    // Every lock was released: a new holder gets each track at once.
    locks.acquireRange(4, 5, copy, () => granted.push('again'));
    expect(granted).toEqual(['copy', 'first', 'second', 'again']);
  });
});
