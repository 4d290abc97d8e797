import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tailStageNs } from '../metrics/breakdown-book.js';
import { parseScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';
import { scenarioErrorLines } from '../scenario/testing/error-lines.js';
import { inProcessExecutor } from './executor.js';
import { EXTRACTORS } from './extractors.js';
import { parseExperiment } from './load-experiment.js';
import { runSweep } from './sweep.js';

const FILE = 'src/sweep/testdata/inline.yaml';
const SCENARIO = 'src/sweep/testdata/tiny.yaml';
const HEAD = `name: t
scenario: tiny.yaml
seeds: 1
`;
const problemsOf = (text: string): string => scenarioErrorLines(() => parseExperiment(text, FILE)).join('\n');

describe('the latency-breakdown extractor', () => {
  it('takes a stage’s mean time, or the p99 tail’s, in a window of a restore or over the run, from runs the sweep breaks down itself', async () => {
    // The base scenario keeps no breakdown: the sweep turns it on because a metric reads it.
    expect(readFileSync(SCENARIO, 'utf8')).not.toContain('breakdown');
    const loaded = parseExperiment(
      `${HEAD}metrics:
  - { name: queueDuring, extract: latency-breakdown, stage: driveQueue }
  - { name: cacheTail, extract: latency-breakdown, stage: cache, stat: p99 }
  - { name: serviceBefore, extract: latency-breakdown, stage: driveService, window: before, host: app }
  - { name: cacheRun, extract: latency-breakdown, stage: cache, window: run, stat: mean }
`,
      FILE,
    );
    const executor = inProcessExecutor();
    const sweep = await runSweep(loaded, { executor });
    await executor.close();
    const metrics = sweep.records[0]!.metrics;
    const { result } = runScenario(parseScenario(readFileSync(SCENARIO, 'utf8'), SCENARIO, { breakdown: true }), { seed: sweep.records[0]!.seed });
    const restore = result.pairs[0]!.phases.find((phase) => phase.kind === 'restore')!;
    expect(metrics['queueDuring']).toBe(restore.breakdown!.during.all!.meanNs.driveQueue / 1e6);
    expect(metrics['cacheTail']).toBe(tailStageNs(restore.breakdown!.during.all!, 'cache') / 1e6);
    expect(metrics['cacheTail']).toBeGreaterThan(0);
    expect(metrics['serviceBefore']).toBe(restore.breakdown!.before.byHost['app']!.meanNs.driveService / 1e6);
    expect(metrics['cacheRun']).toBe(result.breakdown!.all!.meanNs.cache / 1e6);
  });

  it('has no value for a run without a breakdown, or without the restore', () => {
    const { result } = runScenario(parseScenario(readFileSync(SCENARIO, 'utf8'), SCENARIO));
    const extract = EXTRACTORS['latency-breakdown']!.extract;
    expect(extract(result, { name: 'x', extract: 'latency-breakdown', stage: 'cache' })).toBeNull();
    expect(extract(result, { name: 'x', extract: 'latency-breakdown', stage: 'cache', window: 'run' })).toBeNull();
    const { result: broken } = runScenario(parseScenario(readFileSync(SCENARIO, 'utf8'), SCENARIO, { breakdown: true }));
    expect(extract(broken, { name: 'x', extract: 'latency-breakdown', stage: 'cache', restore: 2 })).toBeNull();
  });

  it('refuses a metric without a stage, an unknown stage, a stat it cannot give, and a restore with the whole run', () => {
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: latency-breakdown }\n`)).toMatch(/metrics\[0\]: latency-breakdown needs a stage: one of frontEndQueue, director, /);
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: latency-breakdown, stage: disk }\n`)).toMatch(/metrics\[0\]\.stage: expected one of frontEndQueue, director, .*, got "disk"/);
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: latency-breakdown, stage: seek, stat: p50 }\n`)).toMatch(/takes stat mean \(the mean I\/O\) or p99 \(the slowest 1 %\), not p50/);
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: latency-breakdown, stage: seek, window: run, restore: 2 }\n`)).toMatch(/window: run is the whole run: it takes no restore or pair/);
    expect(problemsOf(`${HEAD}metrics:\n  - { name: x, extract: restore-duration, stage: seek }\n`)).toContain('metrics[0].stage: restore-duration takes no stage; it takes restore, pair');
  });
});
