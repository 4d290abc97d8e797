import type { TimeNs } from '../engine/time.js';
import type { BreakdownBook, StageBreakdown } from '../metrics/breakdown-book.js';
import { STAGES, type StageName } from '../metrics/stage-ledger.js';
import type { LatencyWindow } from './phase-latency.js';

/** Where the host I/Os completing in a window spent their time: over every host, and per host. */
export interface WindowBreakdown {
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
  /** Null when no host I/O completed in the window. */
  readonly all: StageBreakdown | null;
  readonly byHost: Readonly<Record<string, StageBreakdown>>;
}

/** The run's breakdown (with `metrics.breakdown`): every host I/O completing after the warm-up. */
export interface RunBreakdown {
  /** The stages, in the order of the charts' stacks. */
  readonly stages: readonly StageName[];
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
  readonly all: StageBreakdown | null;
  readonly byHost: Readonly<Record<string, StageBreakdown>>;
}

/** The breakdown of each window (the windows of phase-latency.ts: before, during and after each copy phase). */
export function windowBreakdowns(book: BreakdownBook, windows: readonly LatencyWindow[]): WindowBreakdown[] {
  return windows.map((window) => ({ startNs: window.startNs, endNs: window.endNs, ...breakdownIn(book, window) }));
}

export function runBreakdown(book: BreakdownBook, warmupNs: TimeNs, endNs: TimeNs): RunBreakdown {
  // Up to and including the last instant: an I/O completing as the run ends counts, as in the host totals.
  return { stages: STAGES, startNs: warmupNs, endNs, ...breakdownIn(book, { startNs: warmupNs, endNs: endNs + 1 }) };
}

function breakdownIn(book: BreakdownBook, window: LatencyWindow): Pick<WindowBreakdown, 'all' | 'byHost'> {
  const byHost: Record<string, StageBreakdown> = {};
  book.hosts.forEach((host, i) => {
    const summary = book.summarize({ ...window, host: i });
    if (summary !== null) byHost[host] = summary;
  });
  return { all: book.summarize({ ...window, host: -1 }), byHost };
}
