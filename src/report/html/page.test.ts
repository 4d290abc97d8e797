import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCharts } from '../charts/index.js';
import { reportDoc } from '../doc/index.js';
import { fixtureResult, HOSTILE } from '../testing/fixture.js';
import { htmlReport } from './page.js';

const chartJsSource = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js'), 'utf8');

function reportOf(options: Parameters<typeof fixtureResult>[0] = {}) {
  const result = fixtureResult(options);
  const charts = reportCharts(result);
  return { result, charts, html: htmlReport(reportDoc(result, charts), charts, { chartJsSource }) };
}

const scriptsOf = (html: string) => [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attributes: m[1]!, body: m[2]! }));

describe('htmlReport', () => {
  const { result, charts, html } = reportOf();

  it('is self-contained: Chart.js inlined, no external resource of any kind', () => {
    expect(html.includes(chartJsSource.slice(0, 200))).toBe(true);
    const withoutLibrary = html.replace(chartJsSource, '');
    expect(withoutLibrary.length).toBeLessThan(html.length - 100_000);
    expect(withoutLibrary.match(/<link|<img|<iframe|<object|<embed|\ssrc=|\shref=|url\(|@import|https?:\/\//i)?.[0] ?? null).toBeNull();
    // Chart.js itself loads nothing; its only addresses are in its licence comments.
    expect(chartJsSource.match(/<link|<img|<script|\ssrc=|\shref=/i)?.[0] ?? null).toBeNull();
    expect([...chartJsSource.matchAll(/https?:\/\/[^\s*]+/g)].map((m) => m[0])).toEqual(['https://www.chartjs.org', 'https://github.com/kurkle/color#readme']);
  });

  it('forbids the page any fetch and any script but its own', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; script-src /);
    const executable = scriptsOf(html).filter((s) => !s.attributes.includes('application/json'));
    expect(executable).toHaveLength(2);
    for (const script of executable) expect(csp).toContain(`'sha256-${createHash('sha256').update(script.body).digest('base64')}'`);
  });

  it('embeds every chart\'s configuration as JSON, exactly as the PNG renderer gets it', () => {
    const data = scriptsOf(html).find((s) => s.attributes.includes('id="report-charts"'))!;
    expect(JSON.parse(data.body)).toEqual(charts.map((c) => ({ id: c.id, title: c.title, config: c.config })));
    for (const chart of charts) expect(html).toContain(`<canvas id="chart-${chart.id}"`);
  });

  it('holds the run\'s figures in its tables', () => {
    expect(html).toContain(`<td>${result.traceHash}</td>`);
    expect(html).toContain(`<td class="num">${(result.hosts[0]!.totals.latency.all.p99Ns / 1e6).toFixed(2)}</td>`);
    expect(html).toContain(`<code>${result.reproduce}</code>`);
  });

  it('shows hostile names and descriptions as text, in the page and in the chart data', () => {
    const description = '</script><script>alert(2)</script> "q" \'s\' & \u2028';
    const hostile = reportOf({ name: HOSTILE, description }).html;
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('<h1>Performance report: &lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(hostile).toContain('<title>Performance report: &lt;img src=x onerror=alert(1)&gt;</title>');
    expect(hostile).toContain('<p>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; &quot;q&quot; &#39;s&#39; &amp; \u2028</p>');
    expect(scriptsOf(hostile).filter((s) => s.body.includes('alert'))).toEqual([]);
    expect(hostile.match(/<script/g)).toHaveLength(3);
  });

  it('keeps hostile chart labels inside the JSON', () => {
    const spec = { ...charts[0]!, title: '</script><script>alert(1)</script>' };
    const page = htmlReport(reportDoc(result, [spec]), [spec], { chartJsSource: '/* lib */' });
    const data = scriptsOf(page).find((s) => s.attributes.includes('application/json'))!.body;
    expect(data).not.toMatch(/[<>]/);
    expect(JSON.parse(data)[0].title).toBe(spec.title);
  });

  it('refuses to inline a script holding "<!--", and neutralises "</script"', () => {
    expect(() => htmlReport(reportDoc(result, []), [], { chartJsSource: 'var a = "<!--";' })).toThrow(/<!--/);
    const page = htmlReport(reportDoc(result, []), [], { chartJsSource: 'var a = "</script>";' });
    expect(page).toContain('var a = "<\\/script>";');
  });
});
