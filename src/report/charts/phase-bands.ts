import type { PairResult, RunResult } from '../../scenario/results.js';
import { line, secondsOf } from './common.js';
import type { LineDataset, PhaseBand } from './types.js';

/** Light enough that the series stay readable over them; the split and faults, instants, darker. */
const BAND_COLORS: Readonly<Record<PhaseBand['kind'], string>> = {
  sync: 'rgba(54, 162, 235, 0.13)',
  split: 'rgba(80, 80, 80, 0.55)',
  restore: 'rgba(255, 159, 64, 0.25)',
  fault: 'rgba(214, 39, 40, 0.85)',
};

const BAND_LABELS: Readonly<Record<PhaseBand['kind'], string>> = {
  sync: 'sync (establish copy) (shaded)',
  split: 'split (shaded)',
  restore: 'restore (shaded)',
  fault: 'fault or recovery (red line)',
};

const SPLIT_STATES = new Set(['SplitInProg', 'Split', 'SplitBfrSync', 'SplitBfrRest']);

interface Span {
  readonly kind: PhaseBand['kind'];
  readonly startNs: number;
  readonly endNs: number;
}

/** The copy phases of a pair: establishes are `sync`, restores `restore`; one still running ends with the run. */
function copySpans(pair: PairResult, endNs: number): Span[] {
  return pair.phases.map((phase) => ({
    kind: phase.kind === 'establish' ? 'sync' : 'restore',
    startNs: phase.startNs,
    endNs: phase.endNs ?? endNs,
  }));
}

/** Each split of a pair: from the state change that began it to the one that finished it (often the same instant). */
function splitSpans(pair: PairResult): Span[] {
  const spans: Span[] = [];
  pair.timeline.forEach((change, i) => {
    const previous = pair.timeline[i - 1];
    if (!SPLIT_STATES.has(change.state) || previous?.state === 'SplitInProg') return;
    const next = pair.timeline[i + 1];
    const endNs = change.state === 'SplitInProg' && next ? next.atNs : change.atNs;
    spans.push({ kind: 'split', startNs: change.atNs, endNs });
  });
  return spans;
}

/** Spans of one kind that overlap or touch become one: a group's pairs split and restore together. */
function merged(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.startNs - b.startNs || a.endNs - b.endNs);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.startNs <= last.endNs) out[out.length - 1] = { ...last, endNs: Math.max(last.endNs, span.endNs) };
    else out.push(span);
  }
  return out;
}

/** Each fault injected and each recovery (a rebuild done, power restored): instants. */
function faultSpans(result: RunResult): Span[] {
  return result.faults.map((fault) => ({ kind: 'fault', startNs: fault.atNs, endNs: fault.atNs }));
}

/** The protocol's phases over the run, all pairs together, and the faults, for marking a time axis. */
export function phaseBands(result: RunResult): PhaseBand[] {
  const spans = [...result.pairs.flatMap((pair) => [...copySpans(pair, result.simulatedNs), ...splitSpans(pair)]), ...faultSpans(result)];
  const kinds: PhaseBand['kind'][] = ['sync', 'restore', 'split', 'fault'];
  return kinds.flatMap((kind) =>
    merged(spans.filter((span) => span.kind === kind)).map((span) => ({
      kind,
      startS: secondsOf(span.startNs),
      endS: secondsOf(span.endNs),
      color: BAND_COLORS[kind],
    })),
  );
}

/** Empty series whose legend entries name the shaded bands present (Chart.js's legend lists only datasets). */
export function bandLegend(bands: readonly PhaseBand[]): LineDataset[] {
  const kinds = (['sync', 'split', 'restore', 'fault'] as const).filter((kind) => bands.some((band) => band.kind === kind));
  return kinds.map((kind) => line(BAND_LABELS[kind], [], BAND_COLORS[kind], { borderWidth: 0 }));
}
