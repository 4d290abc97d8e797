import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, canvasColours, launchChromium, openWatched } from './browser.js';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const SCREENSHOT = 'reports/e2e/report.png';

/** Runs a scenario with the built CLI (`npm run test:e2e` builds first) and writes its report. */
function runWithReport(scenario: string): { dir: string; results: any } { // any: results.json read as loose JSON
  const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-e2e-'));
  const run = spawnSync('node', ['bin/mirrorsim.js', 'run', scenario, '--out', dir, '--report', '--quiet'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return { dir, results: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) };
}

const ms = (ns: number) => (ns / 1e6).toFixed(2);

describe('the HTML report in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the test never downloads a browser)`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart, shows the run\'s figures, and touches no network', async () => {
    const { dir, results } = runWithReport('e2e/small.yaml');
    const url = pathToFileURL(resolve(dir, 'report.html')).href;
    const { page, watch } = await openWatched(browser, url);

    const embedded = JSON.parse((await page.textContent('#report-charts'))!) as { id: string }[];
    expect(embedded.length).toBeGreaterThanOrEqual(5);
    expect(await page.getAttribute('html', 'data-charts-drawn')).toBe(String(embedded.length));
    const canvases = await canvasColours(page);
    expect(canvases.map((c) => c.id).sort()).toEqual(embedded.map((chart) => `chart-${chart.id}`).sort());
    for (const canvas of canvases) {
      expect(canvas.width, canvas.id).toBeGreaterThan(100);
      expect(canvas.colours, `${canvas.id} is blank`).toBeGreaterThan(2);
    }

    const text = await page.innerText('body');
    expect(text).toContain(results.traceHash);
    expect(text).toContain(results.reproduce);
    expect(text).toContain(ms(results.hosts[0].totals.latency.all.p99Ns));
    expect(text).toContain(ms(results.pairs[0].phases.at(-1).latency.during.all.p99Ns));

    mkdirSync('reports/e2e', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(watch).toEqual({ consoleErrors: [], pageErrors: [], requests: [], dialogs: [] });
  });

  it('shows hostile names and descriptions as text, and runs none of them', async () => {
    const { dir, results } = runWithReport('e2e/hostile.yaml');
    expect(results.scenario.name).toBe(HOSTILE_NAME);
    const url = pathToFileURL(resolve(dir, 'report.html')).href;
    const { page, watch } = await openWatched(browser, url);

    expect(await page.innerText('h1')).toBe(`Performance report: ${HOSTILE_NAME}`);
    expect(await page.title()).toBe(`Performance report: ${HOSTILE_NAME}`);
    const text = await page.innerText('body');
    expect(text).toContain('</script><script>alert(2)</script>');
    expect(text).toContain('refused for pair p1');
    expect(await page.$$('img, b, script[src], link, iframe, object, embed')).toHaveLength(0);
    expect(await page.$$('script')).toHaveLength(3);
    for (const canvas of await canvasColours(page)) expect(canvas.colours, `${canvas.id} is blank`).toBeGreaterThan(2);
    expect(watch).toEqual({ consoleErrors: [], pageErrors: [], requests: [], dialogs: [] });
  });

  it('a fault scenario\'s report lists the faults and marks them on the latency chart', async () => {
    const { dir, results } = runWithReport('scenarios/faults/power-loss.yaml');
    const url = pathToFileURL(resolve(dir, 'report.html')).href;
    const { page, watch } = await openWatched(browser, url);

    const text = await page.innerText('body');
    expect(text).toContain('Faults');
    expect(text).toContain('power loss');
    expect(text).toContain('power restored');
    expect(text).toContain(`${results.hosts[0].failed} host I/Os failed with an error`);
    // The fault lines' red (rgb 214, 39, 40 at 0.85 over white) is painted in the plot area: below the title and legend.
    const redPixels = await page.$eval('#chart-host-latency', (element) => {
      const canvas = element as HTMLCanvasElement;
      const top = Math.round(canvas.height * 0.25);
      const data = canvas.getContext('2d')!.getImageData(0, top, canvas.width, canvas.height - top).data;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 190 && data[i + 1]! < 90 && data[i + 2]! < 90) red++;
      return red;
    });
    expect(redPixels).toBeGreaterThan(300);
    expect(watch).toEqual({ consoleErrors: [], pageErrors: [], requests: [], dialogs: [] });
  });
});
