import { WINDOWS, windowOf, type NamedPhase } from '../restores.js';
import { NS_PER_MS, colorOf, fileSafe, line, lineChart, linearAxis, logAxis } from './common.js';
import type { ChartSpec, LineDataset } from './types.js';

const WINDOW_LABELS = { before: 'before the restore', during: 'during the restore', after: 'after the restore' } as const;
const WINDOW_COLORS = { before: colorOf(0), during: colorOf(1), after: colorOf(2) } as const;

/**
 * Host latency CDFs (every host, reads and writes) in the windows before,
 * during and after one restore. Null when none of the windows holds an I/O
 * (or the run did not record the history the windows come from).
 */
export function latencyCdfChart(restore: NamedPhase): ChartSpec | null {
  const datasets: LineDataset[] = WINDOWS.flatMap((name) => {
    const window = windowOf(restore.phase, name);
    if (!window || window.all.count === 0 || !window.cdf) return [];
    const { percentiles, latencyNs } = window.cdf;
    // A log axis has no zero; no host I/O takes 0 ns, so this drops nothing real.
    const data = percentiles.flatMap((p, i) => (latencyNs[i]! > 0 ? [{ x: latencyNs[i]! / NS_PER_MS, y: p }] : []));
    return [line(`${WINDOW_LABELS[name]} (${window.all.count} I/Os)`, data, WINDOW_COLORS[name], { borderWidth: 2 })];
  });
  if (datasets.length === 0) return null;
  const title = `Host latency CDF around ${restore.name} (${restore.kindLabel})`;
  return {
    id: fileSafe(`latency-cdf-${restore.pair.name}-restore-${restore.ordinal}`),
    title,
    config: lineChart({
      title,
      x: logAxis('latency (ms, log scale)'),
      y: linearAxis('host I/Os completed within the latency (%)', { min: 0, max: 100 }),
      datasets,
    }),
  };
}
