import type { ProgressSample } from '../../protocol/progress.js';
import type { PairResult, RunResult } from '../../scenario/results.js';
import { colorOf, line, lineChart, linearAxis, secondsOf, timeAxis } from './common.js';
import { bandLegend, phaseBands } from './phase-bands.js';
import type { ChartSpec, LineDataset, XY } from './types.js';

interface CumulativePoint {
  readonly tNs: number;
  readonly tracks: number;
}

type Count = (sample: ProgressSample) => number;

/** Tracks the background task copied. */
const background: Count = (s) => s.background;
/** Tracks that moved because a host touched them: copy-on-read, the rest of a partly written track, copy-before-write. */
const onHostAccess: Count = (s) => s.copyOnRead + s.merged + s.copyBeforeWrite;

/** A pair's tracks copied so far, over all its copy phases, at each progress sample. */
function cumulative(pair: PairResult, count: Count): CumulativePoint[] {
  const points: CumulativePoint[] = [{ tNs: 0, tracks: 0 }];
  let before = 0;
  for (const phase of pair.phases) {
    for (const sample of phase.progress) points.push({ tNs: sample.atNs, tracks: before + count(sample) });
    before = points.at(-1)!.tracks;
  }
  return points;
}

/** The cumulative count at `tNs`, linear between samples (the samples are a few per cent of a phase apart). */
function valueAt(points: readonly CumulativePoint[], tNs: number): number {
  let lo = 0;
  let hi = points.length - 1;
  if (tNs >= points[hi]!.tNs) return points[hi]!.tracks;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.tNs <= tNs) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  return b.tNs === a.tNs ? b.tracks : a.tracks + ((b.tracks - a.tracks) * (tNs - a.tNs)) / (b.tNs - a.tNs);
}

/** MB/s (decimal) in each metrics interval, from the tracks copied across it. */
function ratePoints(points: readonly CumulativePoint[], result: RunResult): XY[] {
  const { intervalNs } = result.metrics;
  const endNs = result.simulatedNs;
  const out: XY[] = [];
  for (let startNs = 0; startNs < endNs; startNs += intervalNs) {
    const stopNs = Math.min(endNs, startNs + intervalNs);
    const tracks = valueAt(points, stopNs) - valueAt(points, startNs);
    out.push({ x: secondsOf((startNs + stopNs) / 2), y: (tracks * result.array.trackBytes) / 1e6 / secondsOf(stopNs - startNs) });
  }
  return out;
}

function pairDatasets(pair: PairResult, result: RunResult, color: string): LineDataset[] {
  const datasets = [line(`${pair.name} background copy`, ratePoints(cumulative(pair, background), result), color)];
  const hostDriven = cumulative(pair, onHostAccess);
  if (hostDriven.at(-1)!.tracks > 0) {
    datasets.push(line(`${pair.name} on host access`, ratePoints(hostDriven, result), color, { borderDash: [6, 4] }));
  }
  return datasets;
}

/** Copy throughput of each pair over time (establish and restore), background apart from host-driven copies. */
export function copyThroughputChart(result: RunResult): ChartSpec | null {
  const pairs = result.pairs.filter((pair) => pair.phases.length > 0);
  if (pairs.length === 0) return null;
  const bands = phaseBands(result);
  const intervalS = secondsOf(result.metrics.intervalNs);
  const title = `Copy throughput per ${intervalS} s interval: background (solid), on host access (dashed)`;
  return {
    id: 'copy-throughput',
    title,
    config: lineChart({
      title,
      x: timeAxis(result.simulatedNs),
      y: linearAxis('copy throughput (MB/s)', { min: 0 }),
      datasets: [...pairs.flatMap((pair, i) => pairDatasets(pair, result, colorOf(i))), ...bandLegend(bands)],
      bands,
    }),
  };
}
