import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The built CLI (npm test builds first), run as a user would. */
function mirrorsim(...args: string[]) {
  const run = spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const CHARTS = ['host-latency', 'copy-throughput', 'drive-utilization', 'latency-cdf-p1-restore-1', 'restore-progress-p1-restore-1'];

describe('mirrorsim report', () => {
  it('run --report writes report.md, report.html and the PNG charts beside results.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'mirrorsim-report-'));
    const run = mirrorsim('run', 'e2e/small.yaml', '--out', out, '--report');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`report: ${join(out, 'report.md')}, ${join(out, 'report.html')} (5 charts in ${join(out, 'charts')})`);
    for (const chart of CHARTS) expect(existsSync(join(out, 'charts', `${chart}.png`)), chart).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(`| trace hash | ${results.traceHash} |`);

    // The report is a function of results.json alone: made again from the file, it is the same, byte for byte.
    const again = mkdtempSync(join(tmpdir(), 'mirrorsim-report-'));
    const report = mirrorsim('report', join(out, 'results.json'), '--out', again);
    expect(report.code).toBe(0);
    for (const file of ['report.md', 'report.html', ...CHARTS.map((c) => join('charts', `${c}.png`))]) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    }
  });

  it('refuses what is not a results file with exit code 2 and one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-report-'));
    const missing = mirrorsim('report', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^mirrorsim: cannot read results from .*nope\.json: ENOENT\n$/);
    writeFileSync(join(dir, 'other.json'), '{"format":"something/1"}');
    expect(mirrorsim('report', join(dir, 'other.json')).stderr).toMatch(/is not a mirrorsim results file/);
    writeFileSync(join(dir, 'old.json'), '{"format":"mirrorsim.results/1","pairs":[]}');
    const old = mirrorsim('report', join(dir, 'old.json'));
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/written by an older mirrorsim/);
  });

  it('has help with examples', () => {
    const help = mirrorsim('report', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:[\s\S]*mirrorsim report/);
    expect(mirrorsim('run', '--help').stdout).toMatch(/--report/);
  });
});
