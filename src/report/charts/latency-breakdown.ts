import type { StageBreakdown } from '../../metrics/breakdown-book.js';
import type { StageName } from '../../metrics/stage-ledger.js';
import type { RunResult } from '../../scenario/results.js';
import { tailStageNs } from '../../metrics/breakdown-book.js';
import { breakdownRows, STAGE_COLORS, STAGE_LABELS, stagesUsed } from '../stages.js';
import { bar, NS_PER_MS, stackedBarChart } from './common.js';
import type { ChartSpec } from './types.js';

/** What a bar shows of a breakdown: the mean I/O's time in a stage, or the p99 tail's. */
type Measure = (breakdown: StageBreakdown, stage: StageName) => number;

const MEAN: Measure = (breakdown, stage) => breakdown.meanNs[stage];
const TAIL: Measure = tailStageNs;

function breakdownChart(result: RunResult, id: string, title: string, yTitle: string, measure: Measure): ChartSpec | null {
  const rows = breakdownRows(result).flatMap((row) => (row.window.all ? [{ label: row.label, all: row.window.all }] : []));
  if (rows.length === 0) return null;
  const datasets = stagesUsed(rows.map((row) => row.all)).map((stage) =>
    bar(STAGE_LABELS[stage], rows.map((row) => measure(row.all, stage) / NS_PER_MS), STAGE_COLORS[stage]),
  );
  return { id, title, config: stackedBarChart({ title, labels: rows.map((row) => row.label), yTitle, datasets }) };
}

/**
 * Where the mean host I/O's time went, stage by stage: a bar for the whole
 * run and for the windows before, during and after each copy phase (every
 * host). Null without a breakdown.
 */
export function latencyBreakdownChart(result: RunResult): ChartSpec | null {
  return breakdownChart(result, 'latency-breakdown', 'Where host latency went: the mean I/O', 'mean time per host I/O (ms)', MEAN);
}

/** The same for the p99 tail: the slowest 1 % of the I/Os, their mean time per stage. */
export function tailBreakdownChart(result: RunResult): ChartSpec | null {
  return breakdownChart(result, 'latency-breakdown-tail', 'Where host latency went: the p99 tail (the slowest 1 %)', 'mean time per tail I/O (ms)', TAIL);
}
