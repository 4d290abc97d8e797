import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: the test never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** What a page did while it was open: everything the test forbids is collected here. */
export interface PageWatch {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

/**
 * Opens `url` and records console errors, uncaught errors, dialogs (dismissed)
 * and every request other than the page itself (aborted: the report must
 * need none).
 */
export async function openWatched(browser: Browser, url: string): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const watch: PageWatch = { consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    watch.requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (request) => {
    if (request.url() !== url && !watch.requests.includes(request.url())) watch.requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts-drawn'), undefined, { timeout: 30_000 });
  // One more frame, so that a resize by the responsive charts has been painted.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
  return { page, watch };
}

/** For each canvas: its id, size, and how many distinct colours it holds (1 = blank). */
export function canvasColours(page: Page): Promise<{ id: string; width: number; height: number; colours: number }[]> {
  return page.$$eval('canvas', (canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length && seen.size < 16; i += 4) seen.add(((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0);
      return { id: canvas.id, width: canvas.width, height: canvas.height, colours: seen.size };
    }),
  );
}
