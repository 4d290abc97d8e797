import type { LatencySummary } from '../metrics/histogram.js';
import type { PairResult, RunResult } from '../scenario/results.js';
import { readErrorNote } from './copy-errors.js';
import { ms, seconds, textTable } from './table.js';

/** The readable summary `mirrorsim run` prints: a pure function of the results. */
export function formatSummary(result: RunResult): string {
  const lines: string[] = [];
  const s = result.scenario;
  lines.push(`${s.name}${s.description ? ` — ${s.description}` : ''}`);
  lines.push(
    `seed ${s.seed} · simulated ${seconds(result.simulatedNs)}${result.complete ? '' : ' (INTERRUPTED: results are partial)'} · ${result.events.toLocaleString('en-US')} events · trace hash ${result.traceHash}`,
  );
  lines.push('');
  const latencyHeader = ['ops', 'IOPS', 'MB/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p99.9 ms', 'max ms'];
  lines.push(
    textTable(
      ['host', ...latencyHeader, 'failed'],
      result.hosts.map((h) => [h.name, ...latencyRow(h.totals.ops, h.totals.iops, h.totals.mbPerS, h.totals.latency.all), h.failed]),
    ),
  );
  lines.push('');
  lines.push(
    textTable(
      ['volume', ...latencyHeader],
      Object.entries(result.volumes)
        .filter(([, v]) => v.ops > 0)
        .map(([name, v]) => [name, ...latencyRow(v.ops, v.iops, v.mbPerS, v.latency.all)]),
    ),
  );
  lines.push('');
  lines.push(
    textTable(
      ['drive', 'busy %', 'mean queue', 'max queue'],
      result.drives.map((d) => [d.name, (100 * d.utilization).toFixed(1), d.meanQueueDepth.toFixed(2), d.maxQueueDepth]),
    ),
  );
  const c = result.cache;
  lines.push('');
  lines.push(`cache: read hit ratio ${(100 * c.hitRatio).toFixed(1)}% · ${c.destages.toLocaleString('en-US')} destages · ${c.throttledWrites.toLocaleString('en-US')} writes throttled by the write-pending limit`);
  if (result.faults.length > 0) {
    lines.push('', 'faults:');
    for (const fault of result.faults) lines.push(`  ${seconds(fault.atNs)}  ${fault.fault} ${fault.target}${fault.detail ? ` (${fault.detail})` : ''}`);
    const r = result.recovery;
    lines.push(`  recovery: ${r.mirrorReads} reads served by the other mirror, ${r.repairs} bad sectors rewritten, ${r.destageRetries} destages retried, ${r.hostRetries} host I/Os retried on another path`);
  }
  for (const pair of result.pairs) lines.push('', ...formatPair(pair));
  const failed = result.timeline.filter((step) => step.error !== null || step.firedNs < 0);
  if (failed.length > 0) {
    lines.push('', 'timeline steps that did not happen as written:');
    for (const step of failed) {
      lines.push(`  #${step.index} ${step.action} ${step.target}${step.host === undefined ? '' : ` (from host ${step.host})`}: ${step.firedNs < 0 ? 'never fired (its time or condition did not come)' : step.error}`);
    }
  }
  lines.push('', `reproduce: ${result.reproduce}`);
  return lines.join('\n');
}

function latencyRow(ops: number, iops: number, mbPerS: number, l: LatencySummary): (string | number)[] {
  return [ops, iops.toFixed(0), mbPerS.toFixed(1), ms(l.p50Ns), ms(l.p95Ns), ms(l.p99Ns), ms(l.p999Ns), ms(l.maxNs)];
}

function formatPair(pair: PairResult): string[] {
  const lines = [`pair ${pair.name} (${pair.std} → ${pair.bcv}): ${pair.finalState}`];
  lines.push(`  ${pair.timeline.map((change) => `${seconds(change.atNs)} ${change.label}`).join(' → ')}`);
  if (pair.phases.length === 0) return lines;
  const rows = pair.phases.map((phase) => {
    const kind = `${phase.kind}${phase.incremental ? ' incr' : ' full'}${phase.kind === 'restore' ? (phase.protected ? ' protected' : ' unprot.') : ''}`;
    const c = phase.counters;
    const took = phase.durationNs === null ? (phase.abandoned ? 'abandoned' : 'running') : seconds(phase.durationNs);
    const p99 = (w: { all: LatencySummary }) => (w.all.count > 0 ? ms(w.all.p99Ns) : '-');
    return [
      kind,
      seconds(phase.startNs),
      took,
      phase.tracksInScope,
      c.background,
      c.copyOnRead,
      c.merged + c.overwritten + c.copyBeforeWrite,
      p99(phase.latency.before),
      p99(phase.latency.during),
      p99(phase.latency.after),
    ];
  });
  lines.push(
    ...textTable(['  copy phase', 'start', 'took', 'tracks', 'background', 'copy-on-read', 'by host writes', 'p99 before', 'p99 during', 'p99 after'], rows)
      .split('\n')
      .map((line) => `  ${line}`),
  );
  for (const phase of pair.phases) if (phase.readErrors > 0) lines.push(`  ! ${phase.kind} from ${seconds(phase.startNs)}: ${readErrorNote(phase)}`);
  return lines;
}
