import { NS_PER_S } from '../../engine/time.js';
import type { AxisConfig, BarChartConfig, BarDataset, ChartOptions, LineChartConfig, LineDataset, PhaseBand, XY } from './types.js';

/** Chart.js's own palette, in its order: distinct at a glance, readable on white. */
const PALETTE = ['#36a2eb', '#ff6384', '#4bc0c0', '#ff9f40', '#9966ff', '#ffcd56', '#c9cbcf', '#2e7d32', '#8d6e63', '#283593'];

/** The i-th series colour (cycling). */
export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** `#rrggbb` with an alpha, for fills. */
export function translucent(color: string, alpha: number): string {
  const n = Number.parseInt(color.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export { NS_PER_MS } from '../../engine/time.js';

/** Simulated time on a chart's x axis: seconds. */
export function secondsOf(ns: number): number {
  return ns / NS_PER_S;
}

/** The width of the report's PNGs, and the ratio of width to height both renderings keep. */
export const CHART_WIDTH_PX = 1000;
export const CHART_HEIGHT_PX = 500;

export function linearAxis(text: string, range: { min?: number; max?: number; stacked?: boolean } = {}): AxisConfig {
  return { type: 'linear', title: { display: true, text }, ...range };
}

export function logAxis(text: string): AxisConfig {
  return { type: 'logarithmic', title: { display: true, text } };
}

/** The time axis of a run, from 0 to the simulated time reached. */
export function timeAxis(simulatedNs: number): AxisConfig {
  return linearAxis('simulated time (s)', { min: 0, max: secondsOf(simulatedNs) });
}

export function line(label: string, data: readonly XY[], color: string, style: Partial<LineDataset> = {}): LineDataset {
  return { label, data, borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, spanGaps: false, ...style };
}

export interface ChartParts {
  readonly title: string;
  readonly x: AxisConfig;
  readonly y: AxisConfig;
  readonly datasets: readonly LineDataset[];
  readonly bands?: readonly PhaseBand[];
}

/** The report's common options: no animation, 2:1, title and legend on top, white background. */
function chartOptions(title: string, x: AxisConfig, y: AxisConfig, bands: readonly PhaseBand[], mode: 'nearest' | 'index'): ChartOptions {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: true,
    aspectRatio: CHART_WIDTH_PX / CHART_HEIGHT_PX,
    interaction: { mode, intersect: false },
    scales: { x, y },
    plugins: {
      title: { display: true, text: title, font: { size: 16 } },
      legend: { display: true, position: 'top' },
      phaseBands: { bands, background: '#ffffff' },
    },
  };
}

/** A line chart with the report's common options. */
export function lineChart(parts: ChartParts): LineChartConfig {
  return { type: 'line', data: { datasets: parts.datasets }, options: chartOptions(parts.title, parts.x, parts.y, parts.bands ?? [], 'nearest') };
}

export interface BarChartParts {
  readonly title: string;
  /** One bar per label. */
  readonly labels: readonly string[];
  readonly yTitle: string;
  /** One stack segment per dataset, bottom first. */
  readonly datasets: readonly BarDataset[];
}

/** Stacked bars with the report's common options; hovering a bar lists every segment of it. */
export function stackedBarChart(parts: BarChartParts): BarChartConfig {
  const x: AxisConfig = { type: 'category', title: { display: true, text: '' }, stacked: true };
  const y = linearAxis(parts.yTitle, { min: 0, stacked: true });
  return { type: 'bar', data: { labels: parts.labels, datasets: parts.datasets }, options: chartOptions(parts.title, x, y, [], 'index') };
}

export function bar(label: string, data: readonly number[], color: string): BarDataset {
  return { label, data, backgroundColor: color, borderColor: color, borderWidth: 0 };
}

/** A name made safe for a file name (chart ids become PNG names). */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-');
}
