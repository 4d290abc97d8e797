import { describe, expect, it } from 'vitest';
import { scenarioErrorLines } from '../scenario/testing/error-lines.js';
import { parseExperiment } from './load-experiment.js';

/** Experiments written here, as if in src/sweep/testdata/ (so `scenario: tiny.yaml` is the tiny test scenario). */
const FILE = 'src/sweep/testdata/inline.yaml';

const HEAD = `name: t
scenario: tiny.yaml
seeds: 2
`;
const METRICS = `metrics:
  - { name: restoreS, extract: restore-duration }
`;

const problemsOf = (text: string): string => scenarioErrorLines(() => parseExperiment(text, FILE)).join('\n');

describe('experiment validation', () => {
  it('accepts a good experiment and resolves it completely', () => {
    const { experiment, points, scenarioTexts } = parseExperiment(
      `${HEAD}grid:\n  - { path: protocol.copy.rateMBps, name: rate, values: [10, 40] }\n  - { path: "hosts[0].workload.iops", values: [500, 1000, 2000] }\n${METRICS}charts:\n  - { x: rate, y: restoreS }\n`,
      FILE,
    );
    expect(points).toHaveLength(6);
    expect(scenarioTexts[5]).toMatch(/rateMBps: 40/);
    expect(scenarioTexts[5]).toMatch(/iops: 2000/);
    expect(experiment).toMatchObject({ name: 't', seeds: 2, seed: 1, scenarioFile: 'src/sweep/testdata/tiny.yaml', scenarioName: 'tiny-restore' });
    expect(experiment.parameters.map((p) => p.name)).toEqual(['rate', 'hosts[0].workload.iops']);
    expect(experiment.metrics[0]).toMatchObject({ name: 'restoreS', unit: 's' });
    expect(experiment.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('locates schema problems like the scenario loader: file, line, column, path, what was expected', () => {
    expect(problemsOf(`${HEAD}seed: many\n${METRICS}`)).toContain(`${FILE}:4:7: seed: expected a number, got "many"`);
    expect(problemsOf(`${HEAD}${METRICS}grids: []\n`)).toContain(`${FILE}:6:1: grids: unknown key "grids"`);
    expect(problemsOf(`${HEAD}`)).toContain(`${FILE}:1:1: metrics: missing; expected a list`);
    expect(problemsOf(`name: t\nscenario: [tiny.yaml\n`)).toMatch(/not valid YAML/);
  });

  it('refuses paths the base scenario cannot take, at the path in the experiment', () => {
    expect(problemsOf(`${HEAD}grid:\n  - { path: "timeline[9].incremental", values: [true] }\n${METRICS}`)).toContain(
      `${FILE}:5:13: grid[0].path: cannot set timeline[9].incremental in the base scenario: timeline has 3 elements, so no [9]`,
    );
    expect(problemsOf(`${HEAD}grid:\n  - { path: "protocol..copy", values: [1] }\n${METRICS}`)).toMatch(/grid\[0\]\.path: "protocol\.\.copy" is not a path/);
    expect(problemsOf(`${HEAD}grid:\n  - { path: protocol.copy, values: [1] }\n  - { path: protocol.copy.rateMBps, values: [1] }\n${METRICS}`)).toMatch(/grid\[1\]\.path: protocol\.copy\.rateMBps overlaps protocol\.copy \(grid\[0\]\)/);
  });

  it('validates every grid point as a scenario, blaming the value that broke it', () => {
    const text = `${HEAD}grid:\n  - path: protocol.copy.rateMBps\n    values: [10, fast, 40]\n${METRICS}`;
    expect(problemsOf(text)).toMatch(
      /^src\/sweep\/testdata\/inline\.yaml:6:18: grid\[0\]\.values\[1\]: protocol\.copy\.rateMBps = "fast" makes the scenario invalid: src\/sweep\/testdata\/tiny\.yaml at protocol\.copy\.rateMBps: expected a number.*, got "fast"$/,
    );
    const misspelt = `${HEAD}variants:\n  - name: v\n    set:\n      protocol.copy.rate: 5\n${METRICS}`;
    expect(problemsOf(misspelt)).toMatch(/inline\.yaml:7:27: variants\[0\]\.set\["protocol\.copy\.rate"\]: protocol\.copy\.rate = 5 makes the scenario invalid: .*unknown key "rate"/);
  });

  it('checks metrics: extractor names, their options, hosts and pairs of the base scenario', () => {
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: restore-speed }\n`)).toMatch(/metrics\[0\]\.extract: no extractor named "restore-speed"; extractors: restore-duration, /);
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: restore-duration, stat: p99 }\n`)).toContain('metrics[0].stat: restore-duration takes no stat; it takes restore, pair');
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: host-latency, host: db }\n`)).toContain('metrics[0].host: the base scenario has no host named db; hosts: app');
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: latency-during-restore, host: app, op: writes }\n`)).toMatch(/host and op cannot be combined/);
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: restore-tracks }\n  - { name: x, extract: restore-duration }\n`)).toMatch(/metrics\[1\]\.name: the metric name x is used twice/);
  });

  it('checks charts: x a numeric parameter, y a metric', () => {
    const grid = `grid:\n  - { path: protocol.copyOnRead, name: cor, values: [true, false] }\n`;
    expect(problemsOf(`${HEAD}${grid}${METRICS}charts:\n  - { x: cor, y: restoreS }\n`)).toContain('charts[0].x: cor cannot be an x axis: its values must all be numbers');
    expect(problemsOf(`${HEAD}${grid}${METRICS}charts:\n  - { x: rate, y: nothing }\n`)).toMatch(/charts\[0\]\.x: no grid parameter named rate[\s\S]*charts\[0\]\.y: no metric named nothing/);
  });

  it('names a base scenario it cannot read at the experiment\'s scenario key', () => {
    expect(problemsOf(`name: t\nscenario: missing.yaml\n${METRICS}`)).toContain(`${FILE}:2:11: scenario: the base scenario src/sweep/testdata/missing.yaml: cannot read the file (ENOENT)`);
  });
});
