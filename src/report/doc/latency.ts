import type { LatencySummary } from '../../metrics/histogram.js';
import type { RunResult } from '../../scenario/results.js';
import { copyPhases, WINDOWS, windowOf } from '../restores.js';
import { heading, paragraph, table, type Block } from './blocks.js';
import { ms, secondsText } from './format.js';

export const PERCENTILE_HEADER = ['p50 ms', 'p95 ms', 'p99 ms', 'p99.9 ms', 'max ms'];

export function percentileCells(l: LatencySummary): string[] {
  return [ms(l.p50Ns), ms(l.p95Ns), ms(l.p99Ns), ms(l.p999Ns), ms(l.maxNs)];
}

/** Each host's totals over the measured span. */
export function hostTable(result: RunResult): Block {
  return table(
    ['host', 'ops', 'IOPS', 'MB/s', ...PERCENTILE_HEADER, 'failed'],
    result.hosts.map((h) => [h.name, h.totals.ops, h.totals.iops.toFixed(0), h.totals.mbPerS.toFixed(1), ...percentileCells(h.totals.latency.all), h.failed]),
  );
}

/** Host latency percentiles (every host) before, during and after each copy phase. */
export function phaseLatencySection(result: RunResult): Block[] {
  const phases = copyPhases(result);
  if (phases.length === 0) return [];
  const blocks: Block[] = [heading('Host latency before, during and after each copy phase')];
  const rows = phases.flatMap((named) =>
    WINDOWS.flatMap((name) => {
      const window = windowOf(named.phase, name);
      if (!window) return [];
      const cells = window.all.count > 0 ? percentileCells(window.all) : PERCENTILE_HEADER.map(() => '-');
      return [[named.name, name, `${secondsText(window.startNs)}–${secondsText(window.endNs)}`, String(window.all.count), ...cells]];
    }),
  );
  if (rows.length === 0) {
    blocks.push(paragraph('The run did not record the history of host I/Os (metrics.history: false), so there are no per-phase latencies.'));
    return blocks;
  }
  blocks.push(
    paragraph('Every host I/O completing in the window counts: "before" runs from the end of the previous copy phase, "after" to the start of the next one (or the end of the run).'),
    table(['copy phase', 'window', 'span (s)', 'I/Os', ...PERCENTILE_HEADER], rows),
  );
  return blocks;
}
