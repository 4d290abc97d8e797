import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { NS_PER_MS, NS_PER_S } from '../engine/time.js';
import { MetricsCollector } from './collector.js';
import { LatencyHistogram } from './histogram.js';

describe('MetricsCollector', () => {
  it('hands out one handle per group name', () => {
    const metrics = new MetricsCollector({ intervalNs: NS_PER_S });
    expect(metrics.group('host:h1')).toBe(metrics.group('host:h1'));
    expect(metrics.group('host:h1').level('queueDepth')).toBe(metrics.group('host:h1').level('queueDepth'));
    expect(metrics.group('drive:d0')).not.toBe(metrics.group('host:h1'));
  });

  it('totals ops, bytes, IOPS and MB/s over the measured span, leaving the warm-up out of totals only', () => {
    const metrics = new MetricsCollector({ intervalNs: NS_PER_S, warmupNs: NS_PER_S });
    const host = metrics.group('host:h1');
    for (let i = 0; i < 100; i++) host.recordRead(i * 10 * NS_PER_MS, 1_000_000, 4_096); // warm-up: 100 slow reads
    for (let i = 0; i < 300; i++) host.recordRead(NS_PER_S + i * NS_PER_MS, 100_000, 4_096);
    for (let i = 0; i < 100; i++) host.recordWrite(2 * NS_PER_S + i * NS_PER_MS, 200_000, 65_536);
    const report = metrics.snapshot(3 * NS_PER_S);
    expect(report.measuredNs).toBe(2 * NS_PER_S);
    const { totals, series } = report.groups['host:h1']!;
    expect(totals).toMatchObject({ spanNs: 2 * NS_PER_S, ops: 400, reads: 300, writes: 100 });
    expect(totals.bytes).toBe(300 * 4_096 + 100 * 65_536);
    expect(totals.iops).toBe(200);
    expect(totals.mbPerS).toBeCloseTo((300 * 4_096 + 100 * 65_536) / 1e6 / 2, 9);
    expect(totals.latency.read).toMatchObject({ count: 300, maxNs: 100_000, meanNs: 100_000 });
    expect(totals.latency.write).toMatchObject({ count: 100, p50Ns: 200_000 });
    expect(totals.latency.all).toMatchObject({ count: 400, minNs: 100_000, maxNs: 200_000, meanNs: 125_000 });
    expect(series.io.points.map((p) => p.ops)).toEqual([100, 300, 100]);
    expect(series.io.points[0]!.latency.meanNs).toBe(1_000_000);
  });

  it('counts a sample completing exactly at the end of the warm-up', () => {
    const metrics = new MetricsCollector({ intervalNs: 100, warmupNs: 50 });
    const drive = metrics.group('drive:d0');
    drive.recordRead(49, 10, 512);
    drive.recordRead(50, 20, 512);
    expect(metrics.snapshot(60).groups['drive:d0']!.totals.latency.all).toMatchObject({ count: 1, minNs: 20 });
  });

  it('reports levels: time-weighted mean after the warm-up, and their series', () => {
    const metrics = new MetricsCollector({ intervalNs: 100, warmupNs: 100 });
    const drive = metrics.group('drive:d0');
    const busy = drive.level('busy');
    busy.set(50, 1);
    busy.set(150, 0); // busy 50 ns before the warm-up ends, 50 after
    busy.set(175, 1);
    const report = metrics.snapshot(200); // busy [175, 200): 25 more
    expect(report.groups['drive:d0']!.levels['busy']).toEqual({ spanNs: 100, mean: 0.75, max: 1 });
    expect(report.groups['drive:d0']!.series.levels['busy']!.points.map((p) => p.mean)).toEqual([0.5, 0.75]);
  });

  it('keeps latency per phase per group, by completion time, over reopened and overlapping phases', () => {
    const metrics = new MetricsCollector({ intervalNs: 1_000, warmupNs: 500 });
    const std = metrics.group('volume:std1');
    const host = metrics.group('host:h1');
    std.recordWrite(100, 10, 4_096); // in no phase (and in the warm-up, which phases ignore)
    metrics.openPhase('restore', 200);
    std.recordWrite(200, 20, 4_096);
    host.recordRead(300, 30, 4_096);
    metrics.openPhase('fault', 350);
    std.recordRead(400, 40, 4_096); // in both
    metrics.closePhase('restore', 450);
    std.recordRead(450, 50, 4_096); // fault only: a completion at the closing instant is outside
    metrics.closePhase('fault', 600);
    std.recordRead(700, 70, 4_096); // no phase
    metrics.openPhase('restore', 800);
    std.recordRead(900, 90, 4_096);
    const report = metrics.snapshot(1_000);
    expect(report.phases).toEqual([
      { name: 'restore', durationNs: 450, spans: [
        { startNs: 200, endNs: 450, open: false }, { startNs: 800, endNs: 1_000, open: true }] },
      { name: 'fault', durationNs: 250, spans: [{ startNs: 350, endNs: 600, open: false }] },
    ]);
    const stdRestore = report.groups['volume:std1']!.phases['restore']!;
    expect(stdRestore).toMatchObject({ ops: 3, reads: 2, writes: 1, spanNs: 450 });
    expect(stdRestore.latency.all).toMatchObject({ minNs: 20, maxNs: 90, meanNs: 50 });
    expect(report.groups['volume:std1']!.phases['fault']!.latency.read).toMatchObject({ count: 2, minNs: 40, maxNs: 50 });
    expect(report.groups['host:h1']!.phases['restore']!.latency.read).toMatchObject({ count: 1, p50Ns: 30 });
    expect(report.groups['host:h1']!.phases['fault']!.ops).toBe(0);
    expect(report.groups['volume:std1']!.totals.ops).toBe(2); // 700 and 900: after the warm-up
  });

  it('refuses phases misused and samples recorded before a phase change or a snapshot', () => {
    const metrics = new MetricsCollector({ intervalNs: 1_000 });
    const group = metrics.group('host:h1');
    metrics.openPhase('restore', 100);
    expect(() => metrics.openPhase('restore', 150)).toThrow(/already open/);
    expect(() => metrics.closePhase('split', 150)).toThrow(/not open/);
    expect(() => group.recordRead(90, 1, 1)).toThrow(/before a phase change/);
    metrics.snapshot(500);
    expect(() => metrics.closePhase('restore', 400)).toThrow(/before/);
    expect(() => group.recordRead(499, 1, 1)).toThrow(/before|≥ the last one/);
    expect(() => new MetricsCollector({ intervalNs: 1_000, warmupNs: -1 })).toThrow(/warm-up/);
  });

  it('produces plain JSON data, with full histograms when asked, that survives a round trip', () => {
    const metrics = new MetricsCollector({ intervalNs: 10 * NS_PER_MS, warmupNs: 5 * NS_PER_MS });
    const rng = new Rng('collector/json');
    const host = metrics.group('host:h1');
    const depth = host.level('queueDepth');
    for (let t = 0; t < 50 * NS_PER_MS; t += 10_000) {
      if (t === 20 * NS_PER_MS) metrics.openPhase('restore', t);
      depth.set(t, rng.int(8));
      const latencyNs = Math.round(rng.exponential(300_000));
      if (rng.chance(0.7)) host.recordRead(t, latencyNs, 4_096);
      else host.recordWrite(t, latencyNs, 16_384);
    }
    const report = metrics.snapshot(50 * NS_PER_MS, { histograms: true });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const { totals, phases } = report.groups['host:h1']!;
    const all = LatencyHistogram.fromJSON(totals.histograms!.all);
    expect(all.summary()).toEqual(totals.latency.all);
    expect(phases['restore']!.histograms!.read.count).toBe(phases['restore']!.reads);
    expect(report.groups['host:h1']!.series.io.points).toHaveLength(5);
    expect(metrics.snapshot(50 * NS_PER_MS).groups['host:h1']!.totals.histograms).toBeUndefined();
  });
});
