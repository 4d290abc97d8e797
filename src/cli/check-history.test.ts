import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/** The built CLI (npm test builds first), run as a user would. */
function mirrorsim(...args: string[]) {
  const run = spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A protected restore under reads and writes of both sides, with a director failure: a few hundred ms. */
const SCENARIO = `
name: check-history-test
seed: 2
duration: 400ms
array:
  drives:
    - { count: 4, prefix: d, model: fixed, service: 200us }
  cache: { size: 4MiB }
  volumes:
    - { name: std, size: 1MiB, drives: [d0, d1] }
    - { name: bcv, size: 1MiB, drives: [d2, d3] }
pairs:
  - { name: p1, std: std, bcv: bcv }
protocol:
  copy: { rateMBps: 20 }
hosts:
  - name: app
    workload: { volumes: [std], readFraction: 0.6, size: 8KiB, iops: 2000 }
  - name: backup
    workload: { volumes: [bcv], readFraction: 0.8, size: 4KiB, iops: 300 }
timeline:
  - { at: 0s, establish: p1 }
  - { id: split, when: pair p1 is Synchronized, after: 20ms, split: p1 }
  - { when: step split done, after: 30ms, restore: p1, incremental: false, protected: true }
  - { at: 250ms, failDirector: fa0 }
  - { at: 270ms, restartDirector: fa0 }
metrics:
  interval: 50ms
  history: physical
`;

let dir: string;
let history: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirrorsim-check-history-'));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
  history = join(dir, 'history.jsonl');
  const run = mirrorsim('run', join(dir, 'scenario.yaml'), '--quiet', '--out', dir, '--history', history);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 60_000);

const linesOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describe('mirrorsim check-history', () => {
  it('a recorded run (physical writes from the scenario, faults, a restore) checks clean: exit 0', () => {
    const lines = linesOf(history).map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'header', format: 'mirrorsim.history/2', physical: true, settings: { bcvWriteDuringRestore: 'refuse' } });
    for (const type of ['io', 'command', 'state', 'fault', 'restore-start', 'restored', 'physical']) expect(lines.some((l) => l.type === type), type).toBe(true);
    const check = mirrorsim('check-history', history, '--io-bound', '1s', '--copy-bound', '10s');
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^mirrorsim check-history .*history\.jsonl — mirrorsim\.history\/2: \d+ host I\/Os, 3 commands, 2 faults, \d+ physical writes\n/);
    for (const guarantee of ['snapshot-consistency', 'availability', 'every-io-ends', 'reads-atomic', 'restored-indicator']) expect(check.stdout).toMatch(new RegExp(`✓ ${guarantee} +held`));
  }, 60_000);

  it('a hand-edited history — a read\'s stamp changed — fails: exit 1, with the verdict', () => {
    const lines = linesOf(history);
    const i = lines.findIndex((l) => /"op":"read".*"stamps":\[[1-9]/.test(l));
    const read = JSON.parse(lines[i]!);
    read.stamps[0] = 999_999;
    lines[i] = JSON.stringify(read);
    const edited = join(dir, 'edited.jsonl');
    writeFileSync(edited, `${lines.join('\n')}\n`);
    const check = mirrorsim('check-history', edited, '--only', 'snapshot-consistency,no-lost-writes');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✗ (snapshot-consistency|no-lost-writes) +1 violation\n/);
    expect(check.stdout).toContain(`returned stamp 999999 (no write in the history)`);
    const json = JSON.parse(mirrorsim('check-history', edited, '--only', 'no-lost-writes,snapshot-consistency', '--json').stdout);
    expect(json).toMatchObject({ format: 'mirrorsim.check-history/1', historyFormat: 'mirrorsim.history/2', outcome: 'safety' });
    expect(json.verdicts[0].op.id).toBe(read.id);
  }, 60_000);

  it('I/Os slower than the bound are a liveness failure: exit 3', () => {
    const check = mirrorsim('check-history', history, '--only', 'every-io-ends', '--io-bound', '1us');
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/✗ every-io-ends: DID NOT END IN TIME \(liveness\)\n {2}every-io-ends violated: /);
  });

  it('a malformed line gives file:line and what was expected, exit 2, no stack trace', () => {
    const lines = linesOf(history);
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, `${[lines[0], lines[1], lines[2]!.replace('"issueNs":', '"issueNs":"x","was":')].join('\n')}\n`);
    const check = mirrorsim('check-history', broken);
    expect(check.code).toBe(2);
    expect(check.stderr).toBe(`${broken}:3: issueNs: expected an integer ≥ 0, got "x"\n`);
    const missing = mirrorsim('check-history', join(dir, 'nothing.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`${join(dir, 'nothing.jsonl')}:1: no such file\n`);
    const only = mirrorsim('check-history', history, '--only', 'snapshot-consistency,liveliness');
    expect(only.code).toBe(2);
    expect(only.stderr).toMatch(/^mirrorsim: --only: no guarantee named "liveliness"; guarantees: snapshot-consistency, /);
    const physical = mirrorsim('run', join(dir, 'scenario.yaml'), '--physical');
    expect(physical.code).toBe(2);
    expect(physical.stderr).toBe('mirrorsim: --physical records physical writes into the history: give --history FILE too\n');
  }, 60_000);
});
