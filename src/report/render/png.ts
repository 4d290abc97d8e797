import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { CHART_HEIGHT_PX, CHART_WIDTH_PX } from '../charts/common.js';
import { phaseBandsPlugin } from '../charts/plugin.js';
import type { ChartConfig } from '../charts/types.js';

Chart.register(...registerables);

export interface PngOptions {
  readonly widthPx?: number;
  readonly heightPx?: number;
}

/**
 * Renders a chart configuration to PNG bytes with Chart.js on a Skia canvas
 * (@napi-rs/canvas: prebuilt, no system libraries to compile against). Fixed
 * size, device pixel ratio 1 and no animation: the same configuration gives
 * the same bytes on the same machine (text depends on its fonts).
 */
export function renderPng(config: ChartConfig, options: PngOptions = {}): Buffer {
  const widthPx = options.widthPx ?? CHART_WIDTH_PX;
  const heightPx = options.heightPx ?? CHART_HEIGHT_PX;
  const canvas = createCanvas(widthPx, heightPx);
  // The JSON-only configuration is a Chart.js configuration; Chart.js's own types do not know the plugin's options.
  const chartConfig = {
    ...config,
    options: { ...config.options, responsive: false, devicePixelRatio: 1 },
    plugins: [phaseBandsPlugin],
  } as unknown as ChartConfiguration;
  // Chart.js accepts any object with getContext('2d'); its types ask for a DOM canvas.
  const chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], chartConfig);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
