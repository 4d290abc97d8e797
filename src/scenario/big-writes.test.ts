import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { loadScenario, parseScenario, type Scenario } from './load.js';
import { runScenario } from './runner.js';

const FILE = 'src/scenario/testdata/big-write-small-cache.yaml';

function runClean(scenario: Scenario) {
  const { result, history } = runScenario(scenario, { history: { ops: true, physical: true } });
  expect(result.complete).toBe(true);
  expect(result.hosts[0]!.failed).toBe(0);
  expect(checkHistory(history).verdicts.map((v) => v.message)).toEqual([]);
  return result;
}

describe('writes larger than one reservation of write-pending room', () => {
  it('1 MiB writes to a standard with three idle BCVs, through a 2 MiB cache: the run is clean', () => {
    const result = runClean(loadScenario(FILE));
    expect(result.hosts[0]!.completed).toBeGreaterThan(5);
    expect(result.cache.writes).toBeGreaterThan(result.hosts[0]!.completed);
  });

  it('the same, with reads, while the BCVs are established, split and restored: each write reaches the BCVs mirroring when it lands', () => {
    const text = readFileSync(FILE, 'utf8').replace('duration: 1s', 'duration: 6s').replace('iops: 10', 'iops: 40').replace('readFraction: 0,', 'readFraction: 0.3,') +
      `protocol: { copy: { rateMBps: 40 } }
timeline:
  - { at: 100ms, establish: p1 }
  - { at: 200ms, establish: p2 }
  - { id: s1, when: pair p1 is Synchronized and pair p2 is Synchronized, split: p1 }
  - { id: r2, when: step s1 done, after: 300ms, split: p2 }
  - { when: step r2 done, after: 300ms, restore: p1, protected: false }
  - { when: pair p1 is Restored, after: 100ms, establish: p3 }
`;
    const result = runClean(parseScenario(text, FILE));
    expect(result.pairs.map((p) => p.finalState)).toEqual(['Restored (unprotected)', 'Split', 'Synchronized']);
  });
});
