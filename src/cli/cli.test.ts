import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The built CLI (npm test builds first), run as a user would. */
function mirrorsim(...args: string[]) {
  const run = spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const hashOf = (stdout: string) => /trace hash ([0-9a-f]{16})/.exec(stdout)?.[1];

describe('mirrorsim CLI', () => {
  it('runs a scenario twice with the same trace hash, and writes results.json and the history', () => {
    const out = mkdtempSync(join(tmpdir(), 'mirrorsim-'));
    const first = mirrorsim('run', 'scenarios/unprotected-restore.yaml', '--out', out, '--history', join(out, 'history.jsonl'));
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/pair p1 \(data → data-bcv\)/);
    expect(first.stdout).toMatch(/reproduce: npx mirrorsim run scenarios\/unprotected-restore.yaml --seed 5/);
    const second = mirrorsim('run', 'scenarios/unprotected-restore.yaml', '--out', out);
    expect(hashOf(second.stdout)).toBe(hashOf(first.stdout));
    const other = mirrorsim('run', 'scenarios/unprotected-restore.yaml', '--out', out, '--seed', '6');
    expect(hashOf(other.stdout)).not.toBe(hashOf(first.stdout));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.format).toBe('mirrorsim.results/1');
    const lines = readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'header', format: 'mirrorsim.history/2', seed: 5 });
    expect(lines.some((l) => l.type === 'io' && l.op === 'read' && Array.isArray(l.stamps))).toBe(true);
    expect(lines.some((l) => l.type === 'command' && l.command === 'restore')).toBe(true);
    expect(lines.some((l) => l.type === 'state' && l.state === 'Restored')).toBe(true);
  });

  it('refuses a broken scenario with exit code 2 and a located message, no stack trace', () => {
    const run = mirrorsim('run', 'src/scenario/testdata/broken.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('src/scenario/testdata/broken.yaml:15:13: hosts[1].workload.skew: expected a positive number up to 10, got "high"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(mirrorsim('validate', 'scenarios/baseline.yaml', 'src/scenario/testdata/broken.yaml').code).toBe(2);
    expect(mirrorsim('validate', 'scenarios/baseline.yaml').stdout).toMatch(/ok/);
  });

  it('refuses in validate what run would refuse, with the same located message: an I/O larger than a tiny volume', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-'));
    const file = join(dir, 'tiny-volume.yaml');
    writeFileSync(
      file,
      `name: tiny-volume
duration: 1s
array:
  trackSize: 16KiB
  drives: [{ name: d0, model: fixed, service: 1ms }]
  volumes: [{ name: big, size: 1MiB, drives: [d0] }, { name: tiny, size: 16KiB, drives: [d0] }]
hosts:
  - { name: h, workload: { volumes: [big, tiny], size: 24KiB, iops: 100 } }
`,
    );
    const line = `${file}:8:56: hosts[0].workload.size: expected an I/O size of at most 16 KiB, the size of volume tiny (the smallest this workload addresses), got 24 KiB`;
    for (const args of [['validate', file], ['run', file, '--out', dir]]) {
      const command = args[0];
      const result = mirrorsim(...args);
      expect([command, result.code]).toEqual([command, 2]);
      expect(result.stderr.trim()).toBe(line);
    }
  });

  it('validates an experiment with its base scenario and every point, and refuses a broken one with a located message', () => {
    const ok = mirrorsim('validate', 'src/sweep/testdata/tiny-experiment.yaml');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('src/sweep/testdata/tiny-experiment.yaml: ok (experiment tiny-sweep: 4 points × 3 seeds = 12 runs of');
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-'));
    const broken = join(dir, 'broken-experiment.yaml');
    const text = readFileSync('src/sweep/testdata/tiny-experiment.yaml', 'utf8')
      .replace('scenario: tiny.yaml', `scenario: ${JSON.stringify(resolve('src/sweep/testdata/tiny.yaml'))}`)
      .replace('protocol.copy.rateMBps', 'protocol.copy.rateMbps');
    writeFileSync(broken, text);
    const run = mirrorsim('validate', broken);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${broken}:9:`);
    expect(run.stderr).toContain('grid[0].values[0]: protocol.copy.rateMbps = 10 makes the scenario invalid');
    expect(run.stderr).toContain('unknown key "rateMbps"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses bad options with exit code 2', () => {
    expect(mirrorsim('run', 'scenarios/baseline.yaml', '--seed', 'many').code).toBe(2);
    expect(mirrorsim('frobnicate').code).toBe(2);
    expect(mirrorsim('run').code).toBe(2);
  });

  it('drive-check compares with the measured times, calibrates on one half and checks on the other, and refuses a missing drive', () => {
    const run = mirrorsim('drive-check', '--calibrate', 'scenarios/data/disksim-validation/cheetah4LP.trace');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^targets \(mean within 3%, demerit at most 5% of the measured mean\): not met$/m);
    expect(run.stdout).toContain('checked on requests 5001–10000, held out of the fit:');
    expect(run.stdout).toMatch(/^calibrated\s+\d\.\d{3}\s+\d\.\d{3}\s+\+0\.4%\s+3\.1%\s+met$/m);
    const missing = mirrorsim('drive-check', 'no-such-drive.trace');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-drive.trace: no DiskSim description: expected no-such-drive.parv (a validation run) or no-such-drive.diskspecs beside it');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('drive-check refuses a bad description file with its file, line and parameter, exit 2 and no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-drive-'));
    const data = 'scenarios/data/disksim-validation/';
    writeFileSync(join(dir, 'x.parv'), readFileSync(`${data}atlas10k.parv`, 'utf8'));
    writeFileSync(join(dir, 'atlas10k.diskspecs'), readFileSync(`${data}atlas10k.diskspecs`, 'utf8'));
    writeFileSync(join(dir, 'atlas10k.seek'), readFileSync(`${data}atlas10k.seek`, 'utf8'));
    writeFileSync(join(dir, 'atlas10k.model'), readFileSync(`${data}atlas10k.model`, 'utf8').replace('Sparing scheme used = 9', 'Sparing scheme used = 12'));
    const bad = mirrorsim('drive-check', join(dir, 'x.parv'), `${data}atlas10k.trace`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(dir, 'atlas10k.model')}:24: in dm_disk QUANTUM_TORNADO_validate.model › Layout Model (dm_layout_g1): "Sparing scheme used" must be 0–10 (DiskSim 4.0's schemes), found 12`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('has help with examples', () => {
    const help = mirrorsim('run', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect(mirrorsim('--help').stdout).toMatch(/drive-check/);
  });
});

describe('mirrorsim check', () => {
  it('passes on the real protocol (exit 0), says which paths a short run left unexercised (exit 5), and lists bugs and properties', () => {
    const run = mirrorsim('check', '--runs', '40', '--seed', '3', '--allow-gaps');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ snapshot-consistency\s+40 scripts/);
    const strict = mirrorsim('check', '--runs', '5', '--seed', '3');
    expect(strict.code).toBe(5);
    expect(strict.stderr).toMatch(/never exercised: .*--allow-gaps/);
    expect(mirrorsim('check', '--list-bugs').stdout.trim().split('\n').length).toBeGreaterThanOrEqual(10);
    expect(mirrorsim('check', '--list-properties').stdout).toMatch(/split-isolation/);
  });

  it('fails on a seeded bug with exit 1, a readable counterexample and a replay command that reproduces it', () => {
    const out = mkdtempSync(join(tmpdir(), 'mirrorsim-check-'));
    const run = mirrorsim('check', '--bug', 'read-unrestored-from-std', '--property', 'snapshot-consistency', '--seed', '4', '--runs', '1000', '--junit', join(out, 'check.xml'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ snapshot-consistency: SAFETY VIOLATION/);
    expect(run.stdout).toMatch(/timeline around the offending operation/);
    const replay = /replay: npx mirrorsim check --replay (\S+)/.exec(run.stdout)?.[1];
    expect(replay).toBeDefined();
    const again = mirrorsim('check', '--replay', replay!);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/replayed to \d+ actions/);
    expect(readFileSync(join(out, 'check.xml'), 'utf8')).toMatch(/<failure message="safety violation">/);
  });

  it('refuses bad usage with exit 2', () => {
    expect(mirrorsim('check', '--bug', 'no-such-bug').code).toBe(2);
    expect(mirrorsim('check', '--property', 'happiness').code).toBe(2);
    expect(mirrorsim('check', '--replay', 'not a token!').code).toBe(2);
    expect(mirrorsim('check', '--time', 'soon').code).toBe(2);
  });
});
