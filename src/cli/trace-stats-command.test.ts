import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRACE_FORMATS } from '../host/traces/format.js';
import type { TraceStats } from '../host/traces/stats.js';
import { TRACE_FORMAT_NAMES } from './main.js';

/** The built CLI (npm test builds first), run as a user would. */
function mirrorsim(...args: string[]) {
  const run = spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Each shipped sample, its format, and what its published description makes of it. */
const SAMPLES: [string, string, number, number][] = [
  ['scenarios/traces/msr-sample.csv.gz', 'msr', 400, 2],
  ['scenarios/traces/spc-sample.spc', 'spc', 400, 3],
  ['scenarios/traces/blkparse-sample.txt', 'blkparse', 120, 2],
  ['scenarios/traces/alibaba-sample.csv', 'alibaba', 400, 3],
  ['scenarios/traces/tencent-sample.csv', 'tencent', 400, 3],
  ['scenarios/data/mqsim-traces/tpcc-small.trace', 'mqsim', 6999, 16],
];

describe('mirrorsim trace-stats', () => {
  it('spells the formats main.ts offers as the readers name them', () => {
    expect(TRACE_FORMAT_NAMES).toEqual([...TRACE_FORMATS]);
  });

  it.each(SAMPLES)('reads %s (%s): requests, devices, and a consistent whole', (file, format, requests, devices) => {
    const run = mirrorsim('trace-stats', file, '--format', format, '--json');
    expect(run.code, run.stderr).toBe(0);
    const stats = JSON.parse(run.stdout) as TraceStats;
    expect([stats.format, stats.requests, stats.devices.length]).toEqual([format, requests, devices]);
    expect(stats.devices.reduce((n, d) => n + d.requests, 0)).toBe(requests);
    expect(stats.sizes.reduce((n, b) => n + b.reads + b.writes, 0)).toBe(requests);
    expect(stats.iops.counts.reduce((a, b) => a + b, 0)).toBe(requests);
    expect(stats.span.highBytes).toBe(Math.max(...stats.devices.map((d) => d.highBytes)));
  });

  it('prints what a scenario needs, for people', () => {
    const run = mirrorsim('trace-stats', 'scenarios/traces/msr-sample.csv.gz', '--format', 'msr');
    expect(run.code).toBe(0);
    for (const line of [
      /^format {8}msr, MSR Cambridge \(SNIA IOTTA\): Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime$/m,
      /^requests {6}400 over [\d.]+ s \([\d.]+ IOPS on average\)$/m,
      /^reads {9}[\d.]+ % of requests \(\d+ reads, \d+ writes\); /m,
      /^ {4}≤ 4 KiB +\d+ +[\d.]+ % +█+/m,
      /^address span  bytes .* to 12 GiB: a volume of at least 12 GiB holds every request without wrapping$/m,
      /^ {4}usr_0 +294 requests/m,
      /^IOPS {10}per 1 s from the first request: peak \d+$/m,
      /workload: \{ trace: \{ file: scenarios\/traces\/msr-sample\.csv\.gz, format: msr, devices: \[usr_0\] \}, volume: NAME \}/,
    ]) {
      expect(run.stdout).toMatch(line);
    }
  });

  it('refuses a bad line with the file, the line and what was expected, exit 2 and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-trace-stats-'));
    const bad = join(dir, 'bad.csv.gz');
    writeFileSync(bad, gzipSync('1538352000,0,8,0,1063\n1538352001,0,8,read,1063\n'));
    const run = mirrorsim('trace-stats', bad, '--format', 'tencent');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${bad}:2: expected IOType 0 (read) or 1 (write), found "read"\n`);
    const wrongFormat = mirrorsim('trace-stats', 'scenarios/traces/spc-sample.spc', '--format', 'msr');
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.stderr).toMatch(/^scenarios\/traces\/spc-sample\.spc:1: expected 7 comma-separated fields Timestamp,/);
    const missing = mirrorsim('trace-stats', join(dir, 'none.csv'), '--format', 'msr');
    expect([missing.code, missing.stderr]).toEqual([2, `${join(dir, 'none.csv')}: expected a readable file, found an error (ENOENT)\n`]);
    const unknown = mirrorsim('trace-stats', bad, '--format', 'csv');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Allowed choices are mqsim, msr, spc, blkparse, alibaba, tencent');
  });
});
