import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.js';
import { runScenario } from './runner.js';

describe('runScenario', () => {
  it('runs the baseline, and the same seed gives the same trace hash', () => {
    const scenario = loadScenario('scenarios/baseline.yaml');
    const short = { ...scenario, doc: { ...scenario.doc, duration: 2e9 } };
    const first = runScenario(short).result;
    expect(first.complete).toBe(true);
    expect(first.hosts.map((h) => h.completed).every((n) => n > 100)).toBe(true);
    expect(runScenario(short).result.traceHash).toBe(first.traceHash);
    expect(runScenario(short, { seed: 7 }).result.traceHash).not.toBe(first.traceHash);
  });
});
