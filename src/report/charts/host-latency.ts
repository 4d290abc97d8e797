import type { RunResult } from '../../scenario/results.js';
import type { IoPoint } from '../../metrics/io-series.js';
import { NS_PER_MS, colorOf, line, lineChart, logAxis, secondsOf, timeAxis } from './common.js';
import { bandLegend, phaseBands } from './phase-bands.js';
import type { ChartSpec, XY } from './types.js';

/** An interval's point at its middle; an interval without I/O leaves a gap (a log axis has no zero). */
function latencyPoints(points: readonly IoPoint[], pick: (point: IoPoint) => number): XY[] {
  return points.map((point) => {
    const valueNs = pick(point);
    return { x: secondsOf(point.tNs + point.spanNs / 2), y: point.ops > 0 && valueNs > 0 ? valueNs / NS_PER_MS : null };
  });
}

/** Host latency over time: p50 (solid) and p99 (dashed) per host per metrics interval, with the protocol's phases shaded. */
export function hostLatencyChart(result: RunResult): ChartSpec | null {
  if (result.hosts.length === 0) return null;
  const datasets = result.hosts.flatMap((host, i) => {
    const points = result.metrics.groups[`host:${host.name}`]?.series.io.points ?? [];
    const color = colorOf(i);
    return [
      line(`${host.name} p50`, latencyPoints(points, (p) => p.latency.p50Ns), color),
      line(`${host.name} p99`, latencyPoints(points, (p) => p.latency.p99Ns), color, { borderDash: [6, 4] }),
    ];
  });
  const bands = phaseBands(result);
  const intervalS = secondsOf(result.metrics.intervalNs);
  const title = `Host latency per ${intervalS} s interval: p50 (solid) and p99 (dashed)`;
  return {
    id: 'host-latency',
    title,
    config: lineChart({
      title,
      x: timeAxis(result.simulatedNs),
      y: logAxis('latency (ms, log scale)'),
      datasets: [...datasets, ...bandLegend(bands)],
      bands,
    }),
  };
}
