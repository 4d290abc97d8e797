/** The reports of a run: pure functions of its results (the HTML also inlines Chart.js, passed in). */
export { reportCharts, type ChartSpec } from './charts/index.js';
export { renderPng } from './render/png.js';
export { reportDoc, type ReportDoc } from './doc/index.js';
export { markdownReport, chartPngPath } from './markdown.js';
export { htmlReport, type HtmlReportOptions } from './html/page.js';
export { escapeHtml, escapeMarkdown, jsonForScript } from './escape.js';
