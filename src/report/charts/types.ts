/**
 * The Chart.js configurations the report's charts are made of, narrowed to
 * plain JSON data: no callbacks, so that one configuration both renders to
 * PNG in Node and is embedded as JSON in the HTML report, where the page
 * hands it to Chart.js unchanged. Shaded protocol phases are drawn by the
 * report's own plugin (see plugin.ts), configured under `plugins.phaseBands`.
 */

/** A point of a series; `y: null` leaves a gap (an interval without I/O). */
export interface XY {
  readonly x: number;
  readonly y: number | null;
}

export interface LineDataset {
  readonly label: string;
  readonly data: readonly XY[];
  readonly borderColor: string;
  readonly backgroundColor: string;
  readonly borderWidth: number;
  readonly borderDash?: readonly number[];
  readonly pointRadius: number;
  /** `'origin'` (or `'-1'`, the dataset below) fills under the line: stacked areas. */
  readonly fill?: false | 'origin' | '-1';
  readonly spanGaps?: boolean;
}

export interface AxisTitle {
  readonly display: true;
  readonly text: string;
}

export interface AxisConfig {
  readonly type: 'linear' | 'logarithmic' | 'category';
  readonly title: AxisTitle;
  readonly min?: number;
  readonly max?: number;
  readonly stacked?: boolean;
}

/** A band of the time axis in which a protocol phase ran (seconds of simulated time). */
export interface PhaseBand {
  readonly kind: 'sync' | 'split' | 'restore' | 'fault';
  readonly startS: number;
  readonly endS: number;
  readonly color: string;
}

export interface ChartOptions {
  readonly animation: false;
  readonly responsive: boolean;
  readonly maintainAspectRatio: boolean;
  readonly aspectRatio: number;
  readonly interaction?: { readonly mode: 'nearest' | 'index'; readonly intersect: boolean };
  readonly scales: { readonly x: AxisConfig; readonly y: AxisConfig };
  readonly plugins: {
    readonly title: { readonly display: true; readonly text: string; readonly font: { readonly size: number } };
    readonly legend: { readonly display: boolean; readonly position: 'top' | 'bottom' };
    readonly phaseBands: { readonly bands: readonly PhaseBand[]; readonly background: string };
  };
}

export interface LineChartConfig {
  readonly type: 'line';
  readonly data: { readonly datasets: readonly LineDataset[] };
  readonly options: ChartOptions;
}

/** One stack segment of every bar: a value per bar, in the order of the chart's labels. */
export interface BarDataset {
  readonly label: string;
  readonly data: readonly number[];
  readonly backgroundColor: string;
  readonly borderColor: string;
  readonly borderWidth: number;
}

/** Stacked bars: one bar per label, one segment per dataset. */
export interface BarChartConfig {
  readonly type: 'bar';
  readonly data: { readonly labels: readonly string[]; readonly datasets: readonly BarDataset[] };
  readonly options: ChartOptions;
}

export type ChartConfig = LineChartConfig | BarChartConfig;

/** One chart of a report: a file-safe id (the PNG's name), a caption, and its configuration. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly config: ChartConfig;
}
