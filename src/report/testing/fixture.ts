import { parseScenario } from '../../scenario/load.js';
import type { RunResult } from '../../scenario/results.js';
import { runScenario } from '../../scenario/runner.js';

export const HOSTILE = '<img src=x onerror=alert(1)>';

export interface FixtureOptions {
  readonly name?: string;
  readonly description?: string;
  /** Record the history of host I/Os (the per-phase latency windows come from it). */
  readonly history?: boolean;
  /** Break host latency down into stages. */
  readonly breakdown?: boolean;
}

/** A small run with an establish, a split and a protected restore under load: every chart has data. */
function scenarioText(options: FixtureOptions): string {
  return `
name: ${JSON.stringify(options.name ?? 'report-fixture')}
description: ${JSON.stringify(options.description ?? 'A small walk for the report tests.')}
seed: 11
duration: 3s
array:
  drives:
    - { count: 4, prefix: d, model: hdd }
  cache: { size: 16MiB }
  volumes:
    - { name: data, size: 16MiB, drives: [d0, d1] }
    - { name: data-bcv, size: 16MiB, drives: [d2, d3] }
pairs:
  - { name: p1, std: data, bcv: data-bcv }
hosts:
  - name: app
    workload: { volumes: [data], distribution: zipf, skew: 0.9, readFraction: 0.7, size: 8KiB, iops: 300 }
timeline:
  - { at: 0.1s, establish: p1 }
  - { id: s1, when: pair p1 is Synchronized, after: 0.2s, split: p1 }
  - { when: step s1 done, after: 0.5s, restore: p1, incremental: false, protected: true }
  - { at: 0.15s, restore: p1 }
metrics:
  interval: 100ms
  history: ${options.history ?? true}
  breakdown: ${options.breakdown ?? false}
`;
}

const cache = new Map<string, RunResult>();

/** The results of the fixture run (run once per set of options), through JSON as `mirrorsim report` reads them. */
export function fixtureResult(options: FixtureOptions = {}): RunResult {
  const key = JSON.stringify(options);
  let result = cache.get(key);
  if (!result) {
    const outcome = runScenario(parseScenario(scenarioText(options), 'fixture.yaml'));
    result = JSON.parse(JSON.stringify(outcome.result)) as RunResult;
    cache.set(key, result);
  }
  return result;
}
