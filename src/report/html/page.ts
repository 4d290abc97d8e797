import { createHash } from 'node:crypto';
import type { ChartSpec } from '../charts/types.js';
import type { ReportDoc } from '../doc/index.js';
import { escapeHtml, jsonForScript } from '../escape.js';
import { blockHtml } from './blocks.js';
import { appScript, CHART_DATA_ID } from './script.js';
import { REPORT_CSS } from './style.js';

export interface HtmlReportOptions {
  /** Chart.js's UMD build (dist/chart.umd.js), inlined so that the page needs nothing from outside. */
  readonly chartJsSource: string;
}

/**
 * Inline script text must not end its element early: `</script` becomes
 * `<\/script` (the same inside strings, regular expressions and comments,
 * the only places it can occur). `<!--` would switch the HTML parser into
 * its escaped-script states, and has no safe rewrite: refused.
 */
function inlineScriptText(source: string): string {
  if (source.includes('<!--')) throw new Error('a script to inline contains "<!--"');
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The page may run only its own two scripts (by hash) and fetch nothing at
 * all: even if some text escaped escaping, an injected script or event
 * handler would not run, and the page cannot reach the network.
 */
function contentSecurityPolicy(scripts: readonly string[]): string {
  return `default-src 'none'; script-src ${scripts.map(sha256).join(' ')}; style-src 'unsafe-inline'`;
}

/**
 * The self-contained HTML report: the document's tables and text, every
 * chart as a canvas drawn by the inlined Chart.js from the chart data
 * embedded as JSON. No external resource: it opens offline, from a file.
 */
export function htmlReport(doc: ReportDoc, charts: readonly ChartSpec[], options: HtmlReportOptions): string {
  const library = inlineScriptText(options.chartJsSource);
  const app = inlineScriptText(appScript());
  const data = jsonForScript(charts.map((chart) => ({ id: chart.id, title: chart.title, config: chart.config })));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy([library, app]))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mirrorsim">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(doc.title)}</h1>
<noscript><p>The charts need JavaScript; the PNG charts beside report.md show the same data.</p></noscript>
${doc.blocks.map(blockHtml).join('\n')}
</main>
<script type="application/json" id="${CHART_DATA_ID}">${data}</script>
<script>${library}</script>
<script>${app}</script>
</body>
</html>
`;
}
