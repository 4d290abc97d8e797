import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiskSimHddParams } from '../disksim/load.js';
import { Layout } from './layout.js';
import type { CacheSpec, ReadAheadScope, RequestDataPolicy } from './params.js';
import { ReadAheadPolicy } from './read-ahead.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const atlas = loadDiskSimHddParams(DATA + 'atlas10k');
const layout = new Layout(atlas.geometry);

function policy(readAhead: ReadAheadScope, maxReadAheadSectors = 0, requestData: RequestDataPolicy = 'keep', minReadAheadSectors = 0): ReadAheadPolicy {
  const cache: CacheSpec = { ...atlas.cache, readAhead, maxReadAheadSectors, requestData, minReadAheadSectors };
  return new ReadAheadPolicy(layout, cache, atlas.geometry.capacitySectors);
}

describe('ReadAheadPolicy (Atlas 10K: 334 sectors per track, 6 tracks per cylinder, segments of 374)', () => {
  it('with a maximum, reads that far past the request, stopping at the track or cylinder end for those scopes', () => {
    expect(policy('none', 100).limit(0, 4, 0)).toBe(4);
    expect(policy('segment', 100).limit(0, 4, 0)).toBe(104);
    expect(policy('track', 1000).limit(0, 4, 0)).toBe(334);
    expect(policy('cylinder', 5000).limit(0, 4, 0)).toBe(6 * 334);
    expect(policy('cylinder', 50).limit(0, 4, 0)).toBe(54);
    // A request ending on the track's last sector leaves a track-bounded read-ahead nothing to read.
    expect(policy('track', 1000).limit(330, 4, 330)).toBe(334);
  });

  it('without a maximum, fills the segment beside the request, past it, or only the minimum', () => {
    expect(policy('segment', 0, 'keep').limit(100, 4, 100)).toBe(100 + 374);
    expect(policy('segment', 0, 'overwrite').limit(100, 4, 100)).toBe(104 + 374);
    // The request fills (nearly) the whole segment: only the minimum read-ahead is left to it.
    expect(policy('segment', 0, 'keep', 10).limit(100, 370, 100)).toBe(470 + 10);
  });

  it('next-track: to the end of the track holding the next sector, one track further for a stream, whatever the maximum', () => {
    expect(policy('next-track', 20).limit(100, 8, 100)).toBe(334);
    expect(policy('next-track', 20).limit(400, 8, 300)).toBe(668 + 334);
  });

  it('never passes the end of the drive', () => {
    const end = atlas.geometry.capacitySectors;
    expect(policy('segment').limit(end - 4, 4, end - 4)).toBe(end);
    expect(policy('next-track').limit(end - 4, 4, end - 4)).toBe(end);
  });
});
