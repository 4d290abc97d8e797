import { describe, expect, it } from 'vitest';
import { reportCharts } from './charts/index.js';
import { reportDoc } from './doc/index.js';
import { markdownReport } from './markdown.js';
import { loadScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';
import { fixtureResult, HOSTILE } from './testing/fixture.js';

const ms = (ns: number) => (ns / 1e6).toFixed(2);

describe('markdownReport', () => {
  const result = fixtureResult();
  const charts = reportCharts(result);
  const md = markdownReport(reportDoc(result, charts));
  const rowOf = (start: string) => md.split('\n').find((line) => line.startsWith(`| ${start} |`)) ?? '';

  it('states the configuration, the trace hash and the command that reproduces the run', () => {
    expect(md).toMatch(/^# Performance report: report-fixture\n/);
    expect(rowOf('seed')).toBe('| seed | 11 |');
    expect(rowOf('trace hash')).toBe(`| trace hash | ${result.traceHash} |`);
    expect(rowOf('duration')).toBe('| duration | 3.000 s simulated |');
    expect(rowOf('array')).toContain('4 drives (4 hdd), 2 front-end directors, 2 back-end adapters, cache 16 MiB, block 4 KiB, track 64 KiB');
    expect(rowOf('data')).toBe('| data | 16 MiB | d0, d1 | no |');
    expect(md).toContain(`\`\`\`\n${result.reproduce}\n\`\`\``);
  });

  it('shows every chart as its PNG', () => {
    for (const chart of charts) expect(md).toContain(`](charts/${chart.id}.png)`);
  });

  it('holds each host\'s latency percentiles', () => {
    const l = result.hosts[0]!.totals.latency.all;
    expect(rowOf('app')).toContain(`| ${ms(l.p50Ns)} | ${ms(l.p95Ns)} | ${ms(l.p99Ns)} | ${ms(l.p999Ns)} | ${ms(l.maxNs)} |`);
  });

  it('holds the restore\'s duration and the tracks copied each way', () => {
    const phase = result.pairs[0]!.phases[1]!;
    const c = phase.counters;
    const took = (phase.durationNs! / 1e9).toFixed(3);
    expect(rowOf('p1 restore #1')).toBe(
      `| p1 restore #1 | full, protected | ${(phase.startNs / 1e9).toFixed(3)} | ${took} | done | ${phase.tracksInScope} | ${c.background} | ${c.copyOnRead} | ${c.merged + c.overwritten + c.copyBeforeWrite} |`,
    );
  });

  it('holds the latency percentiles before, during and after each copy phase', () => {
    const restore = result.pairs[0]!.phases[1]!;
    for (const window of ['before', 'during', 'after'] as const) {
      const l = restore.latency[window];
      const row = md.split('\n').find((line) => line.startsWith(`| p1 restore #1 | ${window} |`));
      expect(row).toContain(`| ${l.all.count} | ${ms(l.all.p50Ns)} | ${ms(l.all.p95Ns)} | ${ms(l.all.p99Ns)} | ${ms(l.all.p999Ns)} | ${ms(l.all.maxNs)} |`);
    }
  });

  it('lists the timeline with the refused step\'s error', () => {
    expect(md).toContain('| restore p1 | 0.150 | restore refused for pair p1: it is SyncInProg; legal now: split --force |');
  });

  it('says so when the run kept no history, instead of per-phase latencies', () => {
    const noHistory = fixtureResult({ history: false });
    const text = markdownReport(reportDoc(noHistory, reportCharts(noHistory)));
    expect(text).toContain('did not record the history of host I/Os');
    expect(text).not.toContain('| p1 restore #1 | during |');
  });

  it('shows a hostile name and description as text: no HTML, no link, no extra table cell', () => {
    const hostile = fixtureResult({ name: HOSTILE, description: '<script>x</script> | [a](javascript:b)\n# heading' });
    const text = markdownReport(reportDoc(hostile, reportCharts(hostile)));
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<script');
    expect(text).toContain('# Performance report: &lt;img src=x onerror=alert(1)&gt;\n');
    const description = text.split('\n').find((line) => line.startsWith('| description |'))!;
    expect(description).toBe('| description | &lt;script&gt;x&lt;/script&gt; \\| \\[a\\](javascript:b) # heading |');
  });

  it('has no Faults section without faults, and lists each fault and the recovery counters with them', () => {
    expect(md).not.toContain('## Faults');
    expect(md).not.toContain('red lines');
    const { result: faulty } = runScenario(loadScenario('scenarios/faults/media-error.yaml'));
    const text = markdownReport(reportDoc(faulty, reportCharts(faulty)));
    expect(text).toContain('## Faults');
    expect(text).toContain('red lines: faults and recoveries');
    const rows = text.split('\n').filter((line) => line.includes('| media error |'));
    expect(rows).toHaveLength(faulty.faults.length);
    const r = faulty.recovery;
    expect(r.mirrorReads).toBeGreaterThan(0);
    expect(text).toContain(`Recovery: ${r.mirrorReads} reads served by the other mirror, ${r.repairs} bad sectors rewritten from it`);
  });
});
