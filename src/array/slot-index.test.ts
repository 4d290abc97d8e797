import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { SlotIndex } from './slot-index.js';

describe('SlotIndex', () => {
  it('agrees with a Map under random inserts, updates and deletes at full load', () => {
    const rng = new Rng('slot-index');
    const capacity = 64;
    const index = new SlotIndex(capacity);
    const model = new Map<string, number>();
    for (let step = 0; step < 200_000; step++) {
      const volume = rng.int(3);
      const track = rng.int(100);
      const key = `${volume}:${track}`;
      if (model.size < capacity && rng.chance(0.55)) {
        const slot = rng.int(1000);
        index.set(volume, track, slot);
        model.set(key, slot);
      } else {
        index.delete(volume, track);
        model.delete(key);
      }
      const probeVolume = rng.int(3);
      const probeTrack = rng.int(100);
      expect(index.get(probeVolume, probeTrack)).toBe(model.get(`${probeVolume}:${probeTrack}`) ?? -1);
    }
  });
});
