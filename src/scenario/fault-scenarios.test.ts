import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { reportCharts } from '../report/charts/index.js';
import { reportDoc } from '../report/doc/index.js';
import { markdownReport } from '../report/markdown.js';
import { formatSummary } from '../report/summary.js';
import { loadScenario, parseScenario } from './load.js';
import { runScenario } from './runner.js';

/** Each shipped fault scenario: the restore completes, and the recorded history keeps every guarantee. */
const faults = ['drive-failure', 'media-error', 'slow-drive', 'director-failure', 'power-loss'];

describe('fault scenarios during a protected restore', () => {
  for (const name of faults) {
    it(`${name}: the restore completes and no read returns wrong data`, () => {
      const { result, history } = runScenario(loadScenario(`scenarios/faults/${name}.yaml`), { history: { ops: true, physical: true } });
      expect(result.faults.length).toBeGreaterThan(0);
      expect(result.pairs[0]!.phases.filter((p) => p.kind === 'restore').every((p) => p.endNs !== null)).toBe(true);
      expect(result.timeline.filter((s) => s.firedNs < 0 || s.error !== null)).toEqual([]);
      expect(checkHistory(history).verdicts.map((v) => v.message)).toEqual([]);
    });
  }

  it('media errors on the mirrored BCV are read from the other mirror and rewritten', () => {
    const { result } = runScenario(loadScenario('scenarios/faults/media-error.yaml'));
    expect(result.recovery.mirrorReads).toBeGreaterThan(0);
    expect(result.recovery.repairs).toBe(result.recovery.mirrorReads);
  });

  it('a block bad on both mirrors: the copy retries it and never finishes, and the summary says so', () => {
    const text = `
name: double-media-error
seed: 3
duration: 5s
array:
  drives:
    - { count: 8, prefix: d, model: hdd }
  cache: { size: 16MiB }
  volumes:
    - { name: prod, size: 16MiB, drives: [d0, d1, d2, d3], raid1: true }
    - { name: prod-bcv, size: 16MiB, drives: [d4, d5, d6, d7], raid1: true }
pairs:
  - { name: p1, std: prod, bcv: prod-bcv }
timeline:
  - { at: 0s, mediaError: prod, block: 1000, mirror: 0 }
  - { at: 0s, mediaError: prod, block: 1000, mirror: 1 }
  - { at: 0.1s, establish: p1 }
`;
    const { result } = runScenario(parseScenario(text, 'double-media-error.yaml'));
    const pair = result.pairs[0]!;
    const establish = pair.phases[0]!;
    expect(establish.endNs).toBeNull();
    expect(establish.readErrors).toBeGreaterThan(0);
    expect(pair.query.copyReadErrors).toBe(establish.readErrors);
    expect(pair.query.invalidTracks.bcv).toBe(1);
    expect(formatSummary(result)).toMatch(new RegExp(`! establish from 0\\.10\\d s: ${establish.readErrors} track reads of the copy failed and were retried; it had not finished`));
    expect(markdownReport(reportDoc(result, reportCharts(result)))).toContain(`Warning: p1 establish #1: ${establish.readErrors} track reads of the copy failed`);
  });
});
