import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { openTrace } from '../host/traces/reader.js';
import { loadScenario } from './load.js';
import { runScenario } from './runner.js';
import type { TraceWorkloadDoc } from './schema.js';
import { traceSourceOf } from './trace-check.js';

/** Each shipped scenario walks its feature to the end: every step fires, and the pairs end where the walk says. */
const expectations: Record<string, { pairs: Record<string, string>; phases: Record<string, string[]> }> = {
  'protected-restore': { pairs: { p1: 'Split' }, phases: { p1: ['establish', 'restore', 'restore'] } },
  'full-vs-incremental': { pairs: { p1: 'Restored (protected)' }, phases: { p1: ['establish', 'restore', 'restore'] } },
  'unprotected-restore': { pairs: { p1: 'Split' }, phases: { p1: ['establish', 'restore'] } },
  'consistent-group-split': {
    pairs: { 'p-data': 'Synchronized', 'p-index': 'Synchronized', 'p-log': 'Synchronized' },
    phases: { 'p-data': ['establish', 'establish'], 'p-index': ['establish', 'establish'], 'p-log': ['establish', 'establish'] },
  },
  'bcv-independent-access': { pairs: { p1: 'Synchronized' }, phases: { p1: ['establish', 'establish'] } },
};

describe('shipped scenarios', () => {
  for (const [name, expected] of Object.entries(expectations)) {
    it(`${name} walks to the end`, () => {
      const { result } = runScenario(loadScenario(`scenarios/${name}.yaml`));
      expect(result.timeline.filter((step) => step.firedNs < 0 || step.error !== null)).toEqual([]);
      expect(Object.fromEntries(result.pairs.map((p) => [p.name, p.finalState]))).toEqual(expected.pairs);
      expect(Object.fromEntries(result.pairs.map((p) => [p.name, p.phases.map((phase) => phase.kind)]))).toEqual(expected.phases);
      for (const pair of result.pairs) for (const phase of pair.phases) expect(phase.endNs).not.toBeNull();
    });
  }

  it('trace-replay replays both MQSim traces request for request', () => {
    const { result } = runScenario(loadScenario('scenarios/trace-replay.yaml'));
    expect(result.hosts.find((h) => h.name === 'tpcc')?.completed).toBe(6999);
    expect(result.hosts.find((h) => h.name === 'websearch')?.completed).toBeGreaterThan(12_000);
  });

  it('a consistent group split takes one instant for all members', () => {
    const { result } = runScenario(loadScenario('scenarios/consistent-group-split.yaml'));
    const splits = result.commands.filter((c) => c.command === 'split');
    expect(splits.map((c) => c.target)).toEqual(['p-data', 'p-index', 'p-log']);
    expect(new Set(splits.map((c) => c.effectiveNs)).size).toBe(1);
  });

  // Each trace format replays in a shipped scenario: every request its hosts select is issued and completes.
  for (const format of ['msr', 'spc', 'blkparse', 'alibaba', 'tencent']) {
    it(`traces/${format} replays every request of the trace its hosts select`, () => {
      const scenario = loadScenario(`scenarios/traces/${format}.yaml`);
      const { result } = runScenario(scenario);
      scenario.doc.hosts.forEach((host, i) => {
        const source = traceSourceOf(host.workload as TraceWorkloadDoc);
        expect(source.format).toBe(format);
        const reader = openTrace(resolve(scenario.dir, source.file), source.format);
        let selected = 0;
        for (let r = reader.next(); r !== undefined; r = reader.next()) if (r.timeNs >= source.startNs && source.devices!.includes(r.device)) selected++;
        expect(selected).toBeGreaterThan(50);
        expect([result.hosts[i]!.issued, result.hosts[i]!.completed, result.hosts[i]!.failed]).toEqual([selected, selected, 0]);
      });
      expect(result.timeline.filter((step) => step.firedNs < 0 || step.error !== null)).toEqual([]);
    });
  }
});
