import type { RunResult } from '../../scenario/results.js';
import type { ChartSpec } from '../charts/types.js';
import { readErrorNote } from '../copy-errors.js';
import { byHostWrites, chartedRestores, copyPhases, MAX_RESTORES_CHARTED, type NamedPhase } from '../restores.js';
import { heading, paragraph, table, type Block } from './blocks.js';
import { chartBlock } from './chart-block.js';
import { secondsText } from './format.js';

function statusOf(named: NamedPhase): string {
  const { phase } = named;
  if (phase.abandoned) return 'abandoned (forced split)';
  return phase.endNs === null ? 'still running at the end' : 'done';
}

/** Every copy phase: when it ran, how long it took, and how its tracks came across. */
export function copyPhaseTable(result: RunResult): Block {
  return table(
    ['copy phase', 'kind', 'start s', 'took s', 'status', 'tracks', 'background', 'copy-on-read', 'by host writes'],
    copyPhases(result).map((named) => {
      const { phase } = named;
      return [
        named.name,
        named.kindLabel,
        secondsText(phase.startNs),
        phase.durationNs === null ? '-' : secondsText(phase.durationNs),
        statusOf(named),
        phase.tracksInScope,
        phase.counters.background,
        phase.counters.copyOnRead,
        byHostWrites(phase),
      ];
    }),
  );
}

/** The copy phases, their throughput, and each charted restore's latency CDFs and progress. */
export function copySection(result: RunResult, charts: ReadonlyMap<string, ChartSpec>): Block[] {
  const phases = copyPhases(result);
  if (phases.length === 0) return [heading('Copy phases'), paragraph('No pair copied anything in this run.')];
  const blocks: Block[] = [
    heading('Copy phases'),
    paragraph('Tracks: the tracks the phase had to copy when it began. By host writes: tracks a host wrote before the copy reached them (partly written tracks first brought the rest across; copy-before-write on a protected BCV counts here too).'),
    copyPhaseTable(result),
    ...phases.filter((named) => named.phase.readErrors > 0).map((named) => paragraph(`Warning: ${named.name}: ${readErrorNote(named.phase)}.`)),
    ...chartBlock(charts, 'copy-throughput', 'Tracks copied per interval, as decimal MB/s; "on host access" is copy-on-read, partial-write merges and copy-before-write.'),
  ];
  const restores = chartedRestores(result);
  const total = phases.filter((named) => named.phase.kind === 'restore').length;
  for (const restore of restores) {
    blocks.push(heading(`${restore.name} (${restore.kindLabel})`, 3));
    blocks.push(...chartBlock(charts, `latency-cdf-${restore.pair.name}-restore-${restore.ordinal}`, 'Share of host I/Os (every host) completed within each latency, in the windows before, during and after the restore.'));
    blocks.push(...chartBlock(charts, `restore-progress-${restore.pair.name}-restore-${restore.ordinal}`, 'Tracks of the restore already in the standard, stacked by how they got there; the top is the restored indicator.'));
  }
  if (total > restores.length) blocks.push(paragraph(`The first ${MAX_RESTORES_CHARTED} of ${total} restores are charted; the tables cover them all.`));
  return blocks;
}
