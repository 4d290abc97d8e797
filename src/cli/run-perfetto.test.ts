import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTraceEvents } from '../report/testing/trace-event-format.js';

/** The built CLI (npm test builds first), run as a user would. */
function mirrorsim(...args: string[]) {
  const run = spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const hashOf = (stdout: string) => /trace hash ([0-9a-f]{16})/.exec(stdout)?.[1];

interface Trace {
  otherData: { traceHash: string; hostIo: { recorded: boolean; sampled?: boolean; hosts?: { host: string; ios: number; written: number; oneIn: number }[] } };
  traceEvents: { ph: string; name?: string }[];
}

describe('mirrorsim run --perfetto', () => {
  const out = mkdtempSync(join(tmpdir(), 'mirrorsim-perfetto-'));

  it('writes a trace the format check accepts, and leaves the run (its trace hash) as it was', () => {
    const file = join(out, 'run.trace.json');
    const run = mirrorsim('run', 'e2e/small.yaml', '--out', out, '--perfetto', file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`perfetto trace: ${file}`);
    const text = readFileSync(file, 'utf8');
    const summary = checkTraceEvents(text);
    expect(summary.problems).toEqual([]);
    expect(summary.processes.size).toBe(1);
    const trace = JSON.parse(text) as Trace;
    expect(trace.otherData.traceHash).toBe(hashOf(run.stdout));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { hosts: { name: string; issued: number }[] };
    expect(trace.traceEvents.filter((e) => e.ph === 'b').length).toBe(results.hosts[0]!.issued);
    expect(hashOf(mirrorsim('run', 'e2e/small.yaml', '--out', out).stdout)).toBe(hashOf(run.stdout));
  });

  it('samples above --perfetto-max-ios, and records host I/Os for it when the scenario does not', () => {
    const scenario = join(out, 'no-history.yaml');
    writeFileSync(scenario, readFileSync('e2e/small.yaml', 'utf8').replace('interval: 100ms', 'interval: 100ms\n  history: false'));
    const file = join(out, 'sampled.trace.json');
    const run = mirrorsim('run', scenario, '--out', out, '--perfetto', file, '--perfetto-max-ios', '100', '--quiet');
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(checkTraceEvents(text).problems).toEqual([]);
    const { otherData, traceEvents } = JSON.parse(text) as Trace;
    expect(otherData.hostIo).toMatchObject({ recorded: true, sampled: true });
    const [app] = otherData.hostIo.hosts!;
    expect(app!.oneIn).toBeGreaterThan(1);
    expect(traceEvents.filter((e) => e.ph === 'b' && e.name === `host app I/O (1 in ${app!.oneIn})`).length).toBe(app!.written);
  });

  it('refuses --perfetto-max-ios that is not a count, or without --perfetto', () => {
    for (const bad of ['-1', '1e3', 'many']) {
      const run = mirrorsim('run', 'e2e/small.yaml', '--out', out, '--perfetto', join(out, 'x.json'), `--perfetto-max-ios=${bad}`);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--perfetto-max-ios expects a whole number of I/Os per host (0: none), got "${bad}"`);
    }
    const alone = mirrorsim('run', 'e2e/small.yaml', '--out', out, '--perfetto-max-ios', '10');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('give --perfetto FILE too');
  });

  it('refuses an output file it cannot write before the run, naming the option, never with a stack trace', () => {
    for (const option of ['--perfetto', '--history', '--trace']) {
      const path = join(out, 'no-such-folder', 'x.json');
      const run = mirrorsim('run', 'e2e/small.yaml', '--out', out, option, path);
      expect(run.code, option).toBe(2);
      expect(run.stderr, option).toBe(`mirrorsim: ${option} ${path}: cannot write it (its folder does not exist)\n`);
    }
  });
});
