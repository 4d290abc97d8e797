import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Ctrl-C and the limits, as a user meets them: the built CLI (npm test
 * builds first) is spawned, interrupted with SIGINT, and its exit code and
 * files are checked.
 */
interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from the signal to the exit. */
  readonly afterSignalMs: number;
}

/**
 * Runs the CLI and sends SIGINT `afterMs` after `started()` holds (polled):
 * the handler is installed once the command has begun, and a signal before
 * that would find Node's default handler instead.
 */
function interrupted(args: readonly string[], afterMs: number, started: () => boolean = () => true): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['bin/mirrorsim.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalledAt = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (!started()) return;
      clearInterval(poll);
      timer = setTimeout(() => {
        signalledAt = performance.now();
        child.kill('SIGINT');
      }, afterMs);
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, afterSignalMs: signalledAt === 0 ? -1 : performance.now() - signalledAt });
    });
  });
}

/** The baseline scenario, made to run for far longer than any test waits. */
function longScenario(dir: string): string {
  const file = join(dir, 'long.yaml');
  writeFileSync(file, readFileSync('scenarios/baseline.yaml', 'utf8').replace(/^duration: .*$/m, 'duration: 5000s'));
  return file;
}

describe('Ctrl-C', () => {
  it('stops mirrorsim run between slices: results so far marked incomplete, the history written, exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-interrupt-'));
    const out = join(dir, 'out');
    // The results folder is made just before the run starts.
    const run = await interrupted(['run', longScenario(dir), '--out', out, '--history', join(dir, 'history.jsonl'), '--quiet'], 1000, () => existsSync(out));
    expect(run.code, run.stderr).toBe(130);
    expect(run.afterSignalMs).toBeGreaterThan(0);
    expect(run.afterSignalMs).toBeLessThan(10_000);
    expect(run.stderr).toMatch(/interrupted at [\d.]+ s of simulated time; the results so far were written, marked "complete": false/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.complete).toBe(false);
    expect(results.simulatedNs).toBeGreaterThan(0);
    expect(results.simulatedNs).toBeLessThan(5000e9);
    expect(results.hosts.every((h: { completed: number }) => h.completed > 0)).toBe(true);
    const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(history[0]!)).toMatchObject({ type: 'header', format: 'mirrorsim.history/2' });
    expect(history.length).toBeGreaterThan(100);
  });

  it('stops mirrorsim check before the next script: what was checked is printed, exit 130', async () => {
    // check prints nothing before its report (no terminal here): on a slow machine, a signal may beat the handler, so once more, later.
    let check = await interrupted(['check', '--runs', '1000000', '--seed', '3'], 2500);
    if (check.code === null) check = await interrupted(['check', '--runs', '1000000', '--seed', '3'], 10_000);
    expect(check.code, check.stderr).toBe(130);
    expect(check.afterSignalMs).toBeLessThan(10_000);
    expect(check.stdout).toMatch(/snapshot-consistency\s+\d+ runs \(interrupted\)/);
    expect(check.stdout).toMatch(/replay this whole check with --seed 3/);
    expect(check.stderr).toMatch(/interrupted \(Ctrl-C\)/);
  });
});

describe('limits on the command line', () => {
  const mirrorsim = (...args: string[]) => spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });

  it('refuses a scenario over --max-memory before running, naming the estimate and its contributors', () => {
    const run = mirrorsim('run', 'scenarios/trace-replay.yaml', '--max-memory', '100MiB', '--quiet');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/scenarios\/trace-replay\.yaml:\d+:\d+: array\.volumes\[0\]\.size: the run would need about [\d.]+ MiB of memory, above the bound of 100 MiB \(limits\.memory in the scenario, or --max-memory\): volumes: 2 × 64 GiB = 128 MiB of write stamps/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a run over --max-events, and validate checks the same bounds', () => {
    const run = mirrorsim('validate', 'scenarios/baseline.yaml', '--max-events', '1000');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the run would take about [\d.e]+ simulator events .*above the bound of 1000 \(limits\.events in the scenario, or --max-events\): hosts\[0\] \(db\): 1200 IOPS × 20 s/);
    expect(mirrorsim('validate', 'scenarios/baseline.yaml', '--max-memory', 'lots').status).toBe(2);
    expect(mirrorsim('validate', 'scenarios/baseline.yaml', '--max-memory', '16GiB', '--max-events', '1e12').status).toBe(0);
  });
});
