import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from './load-experiment.js';

/** The shipped experiments (and the sweep benchmark) load, with every point's scenario valid; running them is `npm run reports`. */
describe('shipped experiments', () => {
  const files = [
    ...readdirSync('scenarios/experiments').map((name) => join('scenarios/experiments', name, 'experiment.yaml')),
    'scenarios/bench/sweep.yaml',
  ];

  it('are all there', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    it(`${file} is valid, charts something and says what it found`, () => {
      const { experiment, points } = loadExperiment(file);
      expect(points.length).toBeGreaterThan(1);
      if (file.startsWith('scenarios/experiments/')) {
        expect(experiment.question).not.toBeNull();
        expect(experiment.findings.length).toBeGreaterThan(0);
        expect(experiment.charts.length).toBeGreaterThan(0);
        expect(points.length * experiment.seeds).toBeLessThanOrEqual(100);
        // The checked-in report is of this very experiment: edit one, run `npm run reports`.
        const manifest = join('reports/experiments', file.split('/')[2]!, 'sweep.json');
        expect(existsSync(manifest)).toBe(true);
        expect(JSON.parse(readFileSync(manifest, 'utf8')).experiment.hash).toBe(experiment.hash);
      }
    });
  }
});
