import type { ArraySummary, RunResult } from '../../scenario/results.js';
import { code, facts, heading, paragraph, table, type Block } from './blocks.js';
import { bytesText, secondsText } from './format.js';

/** Drive counts by model, e.g. `8 hdd, 2 ssd`. */
function driveModels(array: ArraySummary): string {
  const counts = new Map<string, number>();
  for (const drive of array.drives) counts.set(drive.model, (counts.get(drive.model) ?? 0) + 1);
  return [...counts].map(([model, n]) => `${n} ${model}`).join(', ');
}

function arrayLine(array: ArraySummary): string {
  return [
    `${array.drives.length} drives (${driveModels(array)})`,
    `${array.frontEndDirectors} front-end directors`,
    `${array.backEndAdapters} back-end adapters`,
    `cache ${bytesText(array.cacheBytes)}`,
    `block ${bytesText(array.blockBytes)}`,
    `track ${bytesText(array.trackBytes)}`,
  ].join(', ');
}

function durationLine(result: RunResult): string {
  const s = result.scenario;
  const reached = result.complete ? '' : ` (interrupted at ${secondsText(result.simulatedNs)} s: results are partial)`;
  return `${secondsText(s.durationNs)} s simulated${reached}`;
}

/** The run's configuration: what was simulated, with which seed, and how to run it again. */
export function configurationSection(result: RunResult): Block[] {
  const s = result.scenario;
  const rows: [string, string | number][] = [
    ['scenario', s.name],
    ['description', s.description ?? '-'],
    ['scenario file', s.file],
    ['seed', s.seed],
    ['duration', durationLine(result)],
    ['events', result.events],
    ['trace hash', result.traceHash],
    ['array', arrayLine(result.array)],
    ['hosts', result.hosts.map((h) => h.name).join(', ') || '-'],
    ['pairs', result.pairs.map((p) => `${p.name} (${p.std} → ${p.bcv})`).join(', ') || '-'],
    ['metrics interval', `${secondsText(result.metrics.intervalNs)} s (warm-up ${secondsText(result.metrics.warmupNs)} s)`],
  ];
  const volumes = table(
    ['volume', 'size', 'drives', 'RAID-1'],
    result.array.volumes.map((v) => [v.name, bytesText(v.sizeBytes), v.drives.join(', '), v.raid1 ? 'yes' : 'no']),
  );
  return [
    heading('Configuration'),
    facts(rows),
    volumes,
    paragraph('The same seed and configuration give the same event trace (the trace hash above). This command reproduces the run:'),
    code(result.reproduce),
  ];
}
