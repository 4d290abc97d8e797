import type { RunResult } from '../../scenario/results.js';
import type { ChartSpec } from '../charts/types.js';
import { arraySection, timelineSection } from './array.js';
import { breakdownSection } from './breakdown.js';
import { heading, paragraph, type Block, type ReportDoc } from './blocks.js';
import { chartBlock } from './chart-block.js';
import { configurationSection } from './configuration.js';
import { copySection } from './copy.js';
import { faultSection } from './faults.js';
import { hostTable, phaseLatencySection } from './latency.js';

export type { Block, ReportDoc } from './blocks.js';

function hostSection(result: RunResult, charts: ReadonlyMap<string, ChartSpec>): Block[] {
  if (result.hosts.length === 0) return [];
  return [
    heading('Host latency'),
    ...chartBlock(
      charts,
      'host-latency',
      `Latency of the host I/Os completing in each metrics interval; shaded: establish copies (sync), splits and restores${result.faults.length > 0 ? '; red lines: faults and recoveries' : ''}.`,
    ),
    hostTable(result),
  ];
}

/** The report of a run as a document: a pure function of the results and the charts made from them. */
export function reportDoc(result: RunResult, charts: readonly ChartSpec[]): ReportDoc {
  const byId = new Map(charts.map((chart) => [chart.id, chart]));
  const s = result.scenario;
  const blocks: Block[] = [
    ...(s.description ? [paragraph(s.description)] : []),
    ...(result.complete ? [] : [paragraph('This run was interrupted: every figure below covers only the simulated time reached.')]),
    ...configurationSection(result),
    ...faultSection(result),
    ...hostSection(result, byId),
    ...copySection(result, byId),
    ...phaseLatencySection(result),
    ...breakdownSection(result, byId),
    ...arraySection(result, byId),
    ...timelineSection(result),
  ];
  return { title: `Performance report: ${s.name}`, blocks };
}
