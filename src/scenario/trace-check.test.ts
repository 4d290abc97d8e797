import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { estimateRun } from './estimate.js';
import { parseScenario } from './load.js';
import { runScenario } from './runner.js';
import type { TraceWorkloadDoc } from './schema.js';
import { scenarioErrorLines } from './testing/error-lines.js';
import { traceSourceOf } from './trace-check.js';

const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-trace-check-'));
const file = join(dir, 's.yaml');
/** One request every millisecond for 20 ms on device 1, and on device 2 from 10 ms; a bad line at 30 ms. */
const lines = Array.from({ length: 21 }, (_, i) => `${i * 1000},${i % 2 === 0 ? 1 : i >= 10 ? 2 : 1},R,${i * 4096},4096`);
writeFileSync(join(dir, 'ok.csv'), ['device_id,opcode,offset,length,timestamp', ...lines.map(alibaba)].join('\n'));
writeFileSync(join(dir, 'ok.csv.gz'), gzipSync(['device_id,opcode,offset,length,timestamp', ...lines.map(alibaba)].join('\n')));
writeFileSync(join(dir, 'late-bad.csv'), [...lines.map(alibaba), '1,R,0,4096,30000', 'a line that is no request'].join('\n'));
writeFileSync(join(dir, 'edge-bad.csv'), [...lines.map(alibaba), 'a line that is no request'].join('\n'));
writeFileSync(join(dir, 'ok.trace'), '5000 1 0 8 1\n6000 2 8 8 0\n9000 1 16 8 1\n');

/** `time,device,op,offset,length` → Alibaba's `device_id,opcode,offset,length,timestamp`. */
function alibaba(line: string): string {
  const [time, device, op, offset, length] = line.split(',');
  return [device, op, offset, length, time].join(',');
}

const scenario = (workload: string, duration = '100ms') => `name: t
duration: ${duration}
array:
  drives: [{ name: d0, model: fixed, service: 10us }]
  volumes: [{ name: v, size: 1MiB, drives: [d0] }]
hosts: [{ name: h, workload: ${workload} }]
metrics: { interval: 10ms }
`;
const load = (workload: string, duration?: string) => parseScenario(scenario(workload, duration), file);
const completed = (workload: string, duration?: string) => runScenario(load(workload, duration)).result.hosts[0]!.completed;

describe('trace workloads in a scenario', () => {
  it('reads the first spelling (trace: FILE, with timeScale and device beside it) as an MQSim trace', () => {
    const w = load('{ trace: ok.trace, volume: v, timeScale: 2, device: 1 }').doc.hosts[0]!.workload as TraceWorkloadDoc;
    expect(traceSourceOf(w)).toEqual({ file: 'ok.trace', format: 'mqsim', startNs: 0, timeScale: 2, devices: ['1'], beyondVolume: 'wrap' });
    expect(completed('{ trace: ok.trace, volume: v, device: 1 }')).toBe(2);
  });

  it('reads trace: { file, format, … } with its defaults', () => {
    const w = load('{ trace: { file: ok.csv, format: alibaba }, volume: v }').doc.hosts[0]!.workload as TraceWorkloadDoc;
    expect(traceSourceOf(w)).toEqual({ file: 'ok.csv', format: 'alibaba', startNs: 0, timeScale: 1, devices: undefined, beyondVolume: 'wrap' });
    const full = load('{ trace: { file: ok.csv.gz, format: alibaba, start: 5ms, timeScale: 0.5, devices: [2, "1"], beyondVolume: refuse }, volume: v }');
    expect(traceSourceOf(full.doc.hosts[0]!.workload as TraceWorkloadDoc)).toEqual({ file: 'ok.csv.gz', format: 'alibaba', startNs: 5e6, timeScale: 0.5, devices: ['2', '1'], beyondVolume: 'refuse' });
  });

  it('replays each selection of the trace, gzipped or not', () => {
    expect(completed('{ trace: { file: ok.csv, format: alibaba }, volume: v }')).toBe(21);
    expect(completed('{ trace: { file: ok.csv.gz, format: alibaba }, volume: v }')).toBe(21);
    expect(completed('{ trace: { file: ok.csv, format: alibaba, devices: [2] }, volume: v }')).toBe(5);
    expect(completed('{ trace: { file: ok.csv, format: alibaba, start: 15ms }, volume: v }')).toBe(6);
    expect(completed('{ trace: { file: ok.csv, format: alibaba }, volume: v, queueDepth: 2 }')).toBe(21);
  });

  it('refuses misplaced and misspelt options, each where it is', () => {
    expect(scenarioErrorLines(() => load('{ trace: { file: ok.csv, format: alibaba }, volume: v, timeScale: 2, device: 1 }'))).toEqual([
      `${file}:6:96: hosts[0].workload.timeScale: with trace: { file, … }, give timeScale inside it, as trace.timeScale`,
      `${file}:6:107: hosts[0].workload.device: with trace: { file, … }, give device inside it, as trace.devices: [N]`,
    ]);
    expect(scenarioErrorLines(() => load('{ trace: { file: ok.csv, format: csv }, volume: v }'))).toEqual([
      `${file}:6:63: hosts[0].workload.trace.format: expected one of mqsim, msr, spc, blkparse, alibaba, tencent, got "csv"`,
    ]);
    for (const bad of ['"a b"', '-1', '1.5', '[1]']) {
      expect(scenarioErrorLines(() => load(`{ trace: { file: ok.csv, devices: [${bad}] }, volume: v }`))).toEqual([
        `${file}:6:65: hosts[0].workload.trace.devices[0]: expected a device or volume id: a whole number, or a name without spaces (usr_0, "8,0"), got ${bad === '"a b"' ? bad : bad === '[1]' ? 'a list of 1' : bad}`,
      ]);
    }
    expect(scenarioErrorLines(() => load('{ trace: { files: ok.csv }, volume: v }'))[0]).toMatch(/hosts\[0\]\.workload\.trace/);
  });

  it('reads a trace only as far as the run can reach it: a bad line past the run, or past the limit, is never read', () => {
    expect(completed('{ trace: { file: late-bad.csv, format: alibaba }, volume: v }', '25ms')).toBe(21);
    expect(completed('{ trace: { file: late-bad.csv, format: alibaba }, volume: v, limit: 22 }', '1s')).toBe(22);
    // A second later, the run would reach it: refused when the scenario is loaded.
    expect(scenarioErrorLines(() => load('{ trace: { file: late-bad.csv, format: alibaba }, volume: v }', '1s'))[0]).toMatch(/late-bad\.csv:23: expected 5 comma-separated fields/);
    // The run reads one request ahead (when is the next due?): a bad line right after the last request in reach is met, and refused first.
    expect(scenarioErrorLines(() => load('{ trace: { file: edge-bad.csv, format: alibaba }, volume: v }', '25ms'))[0]).toMatch(/edge-bad\.csv:22: expected 5 comma-separated fields/);
    // A closed loop issues in order, whatever the times: it may read every line.
    expect(scenarioErrorLines(() => load('{ trace: { file: late-bad.csv, format: alibaba }, volume: v, queueDepth: 2 }', '25ms'))[0]).toMatch(/late-bad\.csv:23:/);
  });

  it('estimates the run from the requests it can issue, read as the run reads them', () => {
    const estimate = estimateRun(load('{ trace: { file: ok.csv.gz, format: alibaba, devices: [1] }, volume: v }'));
    expect(estimate.events.map((p) => p.what)).toContain('hosts[0] (h): a trace of 16 I/Os within the run × 10 events');
    expect(estimate.memory.map((p) => p.what)).toContain('hosts[0] trace reader: 256 KiB (the trace streams through)');
  });
});
