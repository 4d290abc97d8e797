import { pluginSource } from '../charts/plugin.js';

/** The id of the `<script type="application/json">` element that holds the charts. */
export const CHART_DATA_ID = 'report-charts';

/**
 * The page's own script: reads the embedded chart configurations and draws
 * each on its canvas with the inlined Chart.js and the report's plugin. It
 * sets `data-charts-drawn` on <html> when done, for tests to wait on.
 */
export function appScript(): string {
  return `(function () {
  'use strict';
  var plugin = ${pluginSource()};
  var specs = JSON.parse(document.getElementById(${JSON.stringify(CHART_DATA_ID)}).textContent);
  var drawn = 0;
  specs.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    if (!canvas) return;
    new Chart(canvas, { type: spec.config.type, data: spec.config.data, options: spec.config.options, plugins: [plugin] });
    drawn++;
  });
  document.documentElement.setAttribute('data-charts-drawn', String(drawn));
})();`;
}
