import type { StageBreakdown } from '../../metrics/breakdown-book.js';
import type { StageName } from '../../metrics/stage-ledger.js';
import type { RunResult } from '../../scenario/results.js';
import type { ChartSpec } from '../charts/types.js';
import { tailStageNs } from '../../metrics/breakdown-book.js';
import { breakdownRows, STAGE_LABELS, stagesUsed, type BreakdownRow } from '../stages.js';
import { heading, paragraph, table, type Block } from './blocks.js';
import { chartBlock } from './chart-block.js';
import { ms, percent } from './format.js';

interface HostRow {
  readonly label: string;
  readonly host: string;
  readonly breakdown: StageBreakdown;
}

/** Each row's breakdown over every host, then each host's (when there are several). */
function hostRows(rows: readonly BreakdownRow[]): HostRow[] {
  return rows.flatMap((row) => {
    const hosts = Object.entries(row.window.byHost);
    const all = row.window.all ? [{ label: row.label, host: hosts.length > 1 ? 'every host' : (hosts[0]?.[0] ?? '-'), breakdown: row.window.all }] : [];
    return hosts.length > 1 ? [...all, ...hosts.map(([host, breakdown]) => ({ label: row.label, host, breakdown }))] : all;
  });
}

function meanTable(rows: readonly HostRow[], stages: readonly StageName[]): Block {
  return table(
    ['I/Os of', 'host', 'I/Os', 'mean ms', ...stages.map((stage) => STAGE_LABELS[stage])],
    rows.map(({ label, host, breakdown }) => [label, host, breakdown.ios, ms(meanOf(breakdown)), ...stages.map((stage) => ms(breakdown.meanNs[stage]))]),
  );
}

function tailTable(rows: readonly HostRow[], stages: readonly StageName[]): Block {
  return table(
    ['I/Os of', 'host', 'tail I/Os', 'p99 ms', 'tail mean ms', ...stages.map((stage) => `${STAGE_LABELS[stage]} %`)],
    rows.map(({ label, host, breakdown }) => [label, host, breakdown.tail.ios, ms(breakdown.tail.minLatencyNs), ms(breakdown.tail.meanLatencyNs), ...stages.map((stage) => percent(breakdown.tail.share[stage]))]),
  );
}

function meanOf(breakdown: StageBreakdown): number {
  return Object.values(breakdown.meanNs).reduce((sum, ns) => sum + ns, 0);
}

/** The stage the tail spent most time in, for the section's summary line. */
function tailLeader(breakdown: StageBreakdown, stages: readonly StageName[]): StageName {
  return stages.reduce((best, stage) => (tailStageNs(breakdown, stage) > tailStageNs(breakdown, best) ? stage : best), stages[0]!);
}

/**
 * Where host latency went (with `metrics.breakdown`): the stacked charts of
 * the mean I/O and of the p99 tail, and their tables, per host, for the
 * whole run and before, during and after each copy phase.
 */
export function breakdownSection(result: RunResult, charts: ReadonlyMap<string, ChartSpec>): Block[] {
  const rows = hostRows(breakdownRows(result));
  if (rows.length === 0) return [];
  const stages = stagesUsed(rows.map((row) => row.breakdown));
  const whole = rows[0]!.breakdown;
  return [
    heading('Where the time went'),
    paragraph(
      'Each host I/O\'s latency, from the instant the host issued it to the instant it had its answer, split into the stages it spent it in; ' +
        'the stages add up to the latency, I/O by I/O. "Behind copy" is time in a drive\'s queue while the drive served the background copy\'s work ' +
        '(its reads, and the destage of what it wrote), or waiting for a track the copy held. The tail is the slowest 1 % of the I/Os, its p99 the fastest of them. ' +
        'docs/latency-breakdown.md describes every stage.',
    ),
    paragraph(`Over the whole run the mean I/O took ${ms(meanOf(whole))} ms; the p99 tail averaged ${ms(whole.tail.meanLatencyNs)} ms, most of it (${percent(whole.tail.share[tailLeader(whole, stages)])} %) ${STAGE_LABELS[tailLeader(whole, stages)]}.`),
    ...chartBlock(charts, 'latency-breakdown', 'Mean time per host I/O (every host) in each stage: the whole run after the warm-up, and the windows before, during and after each copy phase.'),
    ...chartBlock(charts, 'latency-breakdown-tail', 'The same for the slowest 1 % of the I/Os of each window: their mean time in each stage.'),
    heading('The mean I/O, per stage (ms)', 3),
    meanTable(rows, stages),
    heading('The p99 tail: each stage\'s share of its time (%)', 3),
    tailTable(rows, stages),
  ];
}
