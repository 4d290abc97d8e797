import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { NS_PER_MS, NS_PER_S } from '../engine/time.js';
import { formatSummary } from '../report/summary.js';
import { parseScenario } from './load.js';
import { runScenario } from './runner.js';
import { scenarioErrorLines } from './testing/error-lines.js';

/**
 * Commands sent by a host through its front-end path: `db` is zoned to
 * director fa0 only, and keeps it busy with its own I/O. Its split at 300 ms
 * goes out at the instant fa0 fails, and is lost with it.
 */
const HOST_COMMANDS = `
name: host-commands
seed: 3
duration: 1s
array:
  drives: [{ count: 4, prefix: d, model: fixed, service: 1ms }]
  frontEnd: { directors: 2, processors: 1, overhead: 50us }
  cache: { size: 64MiB }
  volumes:
    - { name: s1, size: 1MiB, drives: [d0] }
    - { name: b1, size: 1MiB, drives: [d1] }
    - { name: s2, size: 1MiB, drives: [d2] }
    - { name: b2, size: 1MiB, drives: [d3] }
pairs: [{ name: p1, std: s1, bcv: b1 }, { name: p2, std: s2, bcv: b2 }]
groups: [{ name: g, pairs: [p1, p2] }]
protocol: { commandTime: 500us, copy: { concurrency: 4 } }
hosts:
  - { name: db, paths: [0], workload: { volumes: [s1, s2], readFraction: 0.5, size: 4KiB, queueDepth: 8, think: 1ms } }
timeline:
  - { at: 10ms, establish: g, host: db }
  - { id: s, when: group g is Synchronized, after: 50ms, split: g, consistent: true, host: db }
  - { at: 300ms, failDirector: fa0 }
  - { at: 300ms, establish: g, incremental: true, host: db }
  - { at: 400ms, restartDirector: fa0 }
  - { at: 500ms, establish: p1, incremental: true }
`;

describe('a timeline step sent by a host', () => {
  it('travels through the host’s director: recorded with the host, lost with the director when it fails first', () => {
    const scenario = parseScenario(HOST_COMMANDS, 'host-commands.yaml');
    const { result, history } = runScenario(scenario, { history: { ops: true, physical: true } });
    const [establish, split, , lost, , fromTimeline] = result.timeline;
    expect([establish, split, lost, fromTimeline].map((step) => [step!.host, step!.error])).toEqual([
      ['db', null],
      ['db', null],
      ['db', 'establish g from host db was lost with director fa0, which failed before handing the command over; nothing changed'],
      [undefined, null],
    ]);
    const records = (requestId: number | undefined) => history.commands.filter((c) => c.requestId === requestId);
    const [first] = records(1);
    // Sent at 10 ms; after the director's overhead (behind db's own I/O on fa0) and the command's 500 µs it takes effect.
    expect(first).toMatchObject({ host: 'db', command: 'establish', target: 'p1', issueNs: 10 * NS_PER_MS, error: null });
    expect(first!.effectiveNs).toBeGreaterThanOrEqual(10 * NS_PER_MS + 50_000 + 500_000);
    expect(records(3).map((c) => [c.target, c.error, c.effectiveNs, c.stateBefore])).toEqual([
      ['p1', 'director-failed', -1, null],
      ['p2', 'director-failed', -1, null],
    ]);
    // The lost establish changed nothing: p2 stays split; the timeline's own establish of p1 went ahead.
    expect(result.pairs.map((p) => [p.name, p.finalState])).toEqual([
      ['p1', 'Synchronized'],
      ['p2', 'Split'],
    ]);
    expect(formatSummary(result)).toContain('#3 establish g (from host db): establish g from host db was lost');
    expect(checkHistory(history, { progress: { phaseBoundNs: NS_PER_S } }).verdicts.map((v) => v.message)).toEqual([]);
  });

  it('names a host the scenario has, or is refused where it stands', () => {
    const text = HOST_COMMANDS.replace('split: g, consistent: true, host: db', 'split: g, consistent: true, host: dbx');
    expect(scenarioErrorLines(() => parseScenario(text, 'h.yaml'))).toEqual(['h.yaml:21:92: timeline[1].host: no host named dbx to send the command; hosts: db']);
  });

  it('is only for commands', () => {
    const text = HOST_COMMANDS.replace('failDirector: fa0 }', 'failDirector: fa0, host: db }');
    expect(scenarioErrorLines(() => parseScenario(text, 'h.yaml'))).toEqual(['h.yaml:22:43: timeline[2].host: host applies only to establish or split or restore']);
  });
});
