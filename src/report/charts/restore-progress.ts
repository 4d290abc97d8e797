import type { ProgressSample } from '../../protocol/progress.js';
import type { NamedPhase } from '../restores.js';
import { colorOf, fileSafe, line, lineChart, linearAxis, secondsOf, translucent } from './common.js';
import type { ChartSpec, XY } from './types.js';

const SERIES = [
  { label: 'background copy', count: (s: ProgressSample) => s.background },
  { label: 'copy-on-read', count: (s: ProgressSample) => s.copyOnRead },
  { label: 'by host writes', count: (s: ProgressSample) => s.merged + s.overwritten + s.copyBeforeWrite },
] as const;

/**
 * Restore progress: the share of the restore's tracks already in the
 * standard over time, stacked by how each got there. The top of the stack
 * is the restored indicator's percentage. Null for a restore with nothing to copy.
 */
export function restoreProgressChart(restore: NamedPhase): ChartSpec | null {
  const { phase } = restore;
  if (phase.tracksInScope === 0 || phase.progress.length === 0) return null;
  const datasets = SERIES.map((series, i) => {
    const data: XY[] = phase.progress.map((s) => ({ x: secondsOf(s.atNs), y: (100 * series.count(s)) / phase.tracksInScope }));
    return line(series.label, data, colorOf(i), { backgroundColor: translucent(colorOf(i), 0.45), fill: i === 0 ? 'origin' : '-1' });
  });
  const title = `Progress of ${restore.name} (${restore.kindLabel}, ${phase.tracksInScope} tracks)`;
  const last = phase.progress.at(-1)!;
  return {
    id: fileSafe(`restore-progress-${restore.pair.name}-restore-${restore.ordinal}`),
    title,
    config: lineChart({
      title,
      x: linearAxis('simulated time (s)', { min: secondsOf(phase.startNs), max: secondsOf(phase.endNs ?? last.atNs) }),
      y: linearAxis('tracks restored (% of the restore)', { min: 0, max: 100, stacked: true }),
      datasets,
    }),
  };
}
