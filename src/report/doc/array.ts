import type { RunResult } from '../../scenario/results.js';
import type { ChartSpec } from '../charts/types.js';
import { heading, paragraph, table, type Block } from './blocks.js';
import { chartBlock } from './chart-block.js';
import { percent, secondsText } from './format.js';

/** Drive utilization over time and in total, and the cache's figures. */
export function arraySection(result: RunResult, charts: ReadonlyMap<string, ChartSpec>): Block[] {
  const c = result.cache;
  return [
    heading('Drives and cache'),
    ...chartBlock(charts, 'drive-utilization', 'The share of each metrics interval each drive had work in hand.'),
    table(
      ['drive', 'busy %', 'mean queue', 'max queue'],
      result.drives.map((d) => [d.name, percent(d.utilization), d.meanQueueDepth.toFixed(2), d.maxQueueDepth]),
    ),
    table(
      ['read hits', 'read misses', 'hit ratio %', 'writes', 'destages', 'writes throttled'],
      [[c.readHits, c.readMisses, percent(c.hitRatio), c.writes, c.destages, c.throttledWrites]],
    ),
  ];
}

/** The scenario's timeline as it happened: when each step fired, and any refusal. */
export function timelineSection(result: RunResult): Block[] {
  if (result.timeline.length === 0) return [];
  const rows = result.timeline.map((step) => [
    String(step.index),
    step.id ?? '-',
    `${step.action} ${step.target}${step.host === undefined ? '' : ` (from host ${step.host})`}`,
    step.firedNs < 0 ? '-' : secondsText(step.firedNs),
    step.firedNs < 0 ? 'never fired (its time or condition did not come)' : (step.error ?? 'ok'),
  ]);
  return [heading('Timeline'), paragraph('Each step of the scenario\'s timeline, when it was carried out (simulated seconds) and its outcome.'), table(['#', 'id', 'step', 'fired s', 'outcome'], rows)];
}
