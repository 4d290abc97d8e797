import { describe, expect, it } from 'vitest';
import { reportCharts } from '../charts/index.js';
import { fixtureResult } from '../testing/fixture.js';
import { renderPng } from './png.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('renderPng', () => {
  const charts = reportCharts(fixtureResult());

  it('renders each chart as a 1000×500 PNG with something drawn on it', () => {
    for (const chart of charts) {
      const png = renderPng(chart.config);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE), chart.id).toBe(true);
      expect(png.readUInt32BE(16)).toBe(1000); // IHDR width
      expect(png.readUInt32BE(20)).toBe(500); // IHDR height
      expect(png.length, chart.id).toBeGreaterThan(15_000); // a blank 1000×500 PNG compresses to about 2 KB
    }
  });

  it('gives the same bytes for the same configuration', () => {
    const config = charts[0]!.config;
    expect(renderPng(config).equals(renderPng(config))).toBe(true);
    expect(renderPng(config).equals(renderPng(charts[1]!.config))).toBe(false);
  });

  it('renders at another size when asked', () => {
    const png = renderPng(charts[0]!.config, { widthPx: 600, heightPx: 300 });
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([600, 300]);
  });
});
