import type { ChartSpec } from '../charts/types.js';
import { fileSafe } from '../charts/common.js';
import type { Block } from './blocks.js';

/** The chart block for `id` if the report has that chart (charts with nothing to show are left out). */
export function chartBlock(charts: ReadonlyMap<string, ChartSpec>, id: string, caption: string): Block[] {
  const chart = charts.get(fileSafe(id));
  return chart ? [{ kind: 'chart', chartId: chart.id, title: chart.title, caption }] : [];
}
