/**
 * The report's Chart.js plugin: a white background (a PNG is otherwise
 * transparent) and the shaded protocol phases behind the series. The same
 * two functions run in Node (rendered PNGs) and in the HTML report, where
 * their source text is inlined (`pluginSource`), so they must stay
 * self-contained: no imports, no outer variables, plain ES2022 once compiled.
 */

interface Ctx {
  save(): void;
  restore(): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  fillStyle: unknown;
  globalCompositeOperation: string;
}

interface PluginChart {
  readonly ctx: Ctx;
  readonly width: number;
  readonly height: number;
  readonly chartArea: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  readonly scales: Readonly<Record<string, { getPixelForValue(value: number): number } | undefined>>;
}

interface PluginOptions {
  readonly background?: string;
  readonly bands?: readonly { readonly startS: number; readonly endS: number; readonly color: string }[];
}

export const PLUGIN_ID = 'phaseBands';

/** Fills the canvas behind everything Chart.js drew. */
export function paintBackground(chart: PluginChart, _args: unknown, options: PluginOptions): void {
  if (!options || !options.background) return;
  const ctx = chart.ctx;
  ctx.save();
  ctx.globalCompositeOperation = 'destination-over';
  ctx.fillStyle = options.background;
  ctx.fillRect(0, 0, chart.width, chart.height);
  ctx.restore();
}

/** Shades each band of the x axis over the plot area, at least 2 px wide so an instant (a split) still shows. */
export function drawPhaseBands(chart: PluginChart, _args: unknown, options: PluginOptions): void {
  const bands = options && options.bands;
  const x = chart.scales['x'];
  if (!bands || bands.length === 0 || !x) return;
  const area = chart.chartArea;
  const ctx = chart.ctx;
  ctx.save();
  for (const band of bands) {
    const left = Math.max(area.left, Math.min(x.getPixelForValue(band.startS), area.right - 2));
    const right = Math.min(area.right, x.getPixelForValue(band.endS));
    ctx.fillStyle = band.color;
    ctx.fillRect(left, area.top, Math.max(2, right - left), area.bottom - area.top);
  }
  ctx.restore();
}

/** The plugin, for Chart.js in Node. */
export const phaseBandsPlugin = { id: PLUGIN_ID, beforeDraw: paintBackground, beforeDatasetsDraw: drawPhaseBands };

/** The plugin as JavaScript source (an object expression), for the HTML report. */
export function pluginSource(): string {
  return `{ id: ${JSON.stringify(PLUGIN_ID)}, beforeDraw: ${paintBackground.toString()}, beforeDatasetsDraw: ${drawPhaseBands.toString()} }`;
}
