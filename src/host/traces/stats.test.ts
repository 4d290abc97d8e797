import { describe, expect, it } from 'vitest';
import { textLines } from './lines.js';
import { TraceReader } from './reader.js';
import { MAX_DEVICES, MAX_INTERVALS, traceStats } from './stats.js';

const stats = (text: string, format: 'alibaba' | 'tencent' | 'blkparse' = 'alibaba') => traceStats(new TraceReader(textLines(text, 't'), format));

describe('trace statistics', () => {
  const TRACE = ['device_id,opcode,offset,length,timestamp', '1,R,4096,4096,0', '1,W,0,512,250000', '2,R,1048576,1048576,500000', '', '1,R,8192,2000000,2750000'].join('\n');

  it('counts requests, reads, bytes, the duration and the size distribution', () => {
    const s = stats(TRACE);
    expect([s.lines, s.skippedLines, s.requests, s.reads, s.bytesRead, s.bytesWritten, s.durationNs]).toEqual([6, 1, 4, 3, 4096 + 1_048_576 + 2_000_000, 512, 2_750_000_000]);
    expect(s.sizeBytes).toEqual({ min: 512, mean: (4096 + 512 + 1_048_576 + 2_000_000) / 4, max: 2_000_000 });
    const used = s.sizes.filter((b) => b.reads + b.writes > 0);
    expect(used).toEqual([
      { upToBytes: 512, reads: 0, writes: 1 },
      { upToBytes: 4096, reads: 1, writes: 0 },
      { upToBytes: 1_048_576, reads: 1, writes: 0 },
      { upToBytes: null, reads: 1, writes: 0 },
    ]);
  });

  it('gives the address span, overall and per device, the busiest first', () => {
    const s = stats(TRACE);
    expect(s.span).toEqual({ lowBytes: 0, highBytes: 2_097_152 });
    expect(s.devices).toEqual([
      { device: '1', requests: 3, reads: 2, lowBytes: 0, highBytes: 8192 + 2_000_000 },
      { device: '2', requests: 1, reads: 1, lowBytes: 1_048_576, highBytes: 2_097_152 },
    ]);
  });

  it('counts requests per interval, coarsening the interval to keep at most a few dozen', () => {
    expect(stats(TRACE).iops).toEqual({ intervalNs: 2e8, counts: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] });
    // One request a second for an hour: 3600 one-second intervals merge into ones of 10 minutes.
    const hour = Array.from({ length: 3600 }, (_, i) => `${1_500_000_000 + i},0,8,0,1`).join('\n');
    const s = stats(hour, 'tencent');
    expect(s.iops.intervalNs).toBe(6e11);
    expect(s.iops.counts).toEqual([600, 600, 600, 600, 600, 600]);
    expect(s.iops.counts.length).toBeLessThanOrEqual(MAX_INTERVALS);
  });

  it(`tells at most ${MAX_DEVICES} devices apart and counts the rest together`, () => {
    const many = Array.from({ length: MAX_DEVICES + 5 }, (_, i) => `${i},R,0,512,${i}`).join('\n');
    const s = stats(many);
    expect(s.devices).toHaveLength(MAX_DEVICES);
    expect(s.otherDeviceRequests).toBe(5);
  });

  it('says nothing false about an empty trace', () => {
    const s = stats('');
    expect([s.requests, s.durationNs, s.span, s.iops.counts, s.sizeBytes]).toEqual([0, 0, { lowBytes: 0, highBytes: 0 }, [], { min: 0, mean: 0, max: 0 }]);
  });
});
