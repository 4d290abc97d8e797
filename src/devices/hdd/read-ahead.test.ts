import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiskSimHddParams } from '../disksim/load.js';
import { Layout } from './layout.js';
import type { CacheSpec, ReadAheadScope } from './params.js';
import { ReadAheadPolicy } from './read-ahead.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const atlas = loadDiskSimHddParams(DATA + 'atlas10k');
const layout = new Layout(atlas.geometry);

function policy(readAhead: ReadAheadScope, maxReadAheadSectors = 100_000, keepRequestData = true): ReadAheadPolicy {
  const cache: CacheSpec = { ...atlas.cache, readAhead, maxReadAheadSectors, keepRequestData };
  return new ReadAheadPolicy(layout, cache, atlas.geometry.capacitySectors);
}

describe('ReadAheadPolicy (Atlas 10K: 334 sectors per track, 6 tracks per cylinder, segments of 374)', () => {
  it('stops at the end of the track, of the cylinder, or when the segment is full', () => {
    expect(policy('none').limit(0, 4, 0)).toBe(4);
    expect(policy('track').limit(0, 4, 0)).toBe(334);
    expect(policy('cylinder').limit(0, 4, 0)).toBe(6 * 334);
    expect(policy('segment').limit(100, 4, 100)).toBe(100 + 374);
    expect(policy('segment', 100_000, false).limit(100, 4, 100)).toBe(104 + 374);
  });

  it('runs one track further ahead once the segment reaches back past the current track (a stream)', () => {
    expect(policy('next-track').limit(100, 8, 100)).toBe(334);
    expect(policy('next-track').limit(400, 8, 300)).toBe(668 + 334);
  });

  it('never passes the maximum read-ahead or the end of the drive', () => {
    expect(policy('cylinder', 50).limit(0, 4, 0)).toBe(54);
    const end = atlas.geometry.capacitySectors;
    expect(policy('segment').limit(end - 4, 4, end - 4)).toBe(end);
  });
});
