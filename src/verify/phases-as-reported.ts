import { AssertionError } from '../engine/assert.js';
import type { History } from '../array/history.js';
import type { Pair } from '../protocol/pair.js';
import { copyPhases } from '../check/phases.js';
import { VolumeIndex } from '../check/tables.js';
import { Timeline } from '../check/timeline.js';

/**
 * The copy phases the protocol reports — in a run's results, `query`'s
 * counters and the reports' restore tables — against the history's: every
 * pair has the phases its accepted establishes and restores began, in order,
 * each of the same kind, scope (incremental or full), protection, start and
 * end as the history shows, and abandoned exactly when a forced split ended
 * it; its state timeline is its history's state changes; and each phase's
 * progress samples run from its start, with nothing copied, to its end, with
 * its final counts, never going back. The history is what the checkers judge; a report that tells another
 * story (a protected restore reported unprotected, an abandoned one reported
 * finished) misleads the people who read it. Throws an `AssertionError`
 * naming the first disagreement (the gate reports it as a crash, exit 4).
 */
export function checkPhasesAsReported(history: History, pairs: Iterable<Pair>): void {
  const recorded = copyPhases(new Timeline(history, new VolumeIndex(history)));
  for (const pair of pairs) {
    checkTimeline(history, pair);
    pair.phases.forEach((phase, i) => checkProgress(pair, phase, i));
    const expected = recorded.filter((phase) => phase.pair === pair.name);
    if (pair.phases.length !== expected.length) {
      throw new AssertionError(`pair ${pair.name} reports ${pair.phases.length} copy phases; its history's establishes and restores began ${expected.length}`);
    }
    pair.phases.forEach((phase, i) => {
      const want = expected[i]!;
      const reported = { kind: phase.kind, incremental: phase.incremental, protected: phase.protected, startNs: phase.startNs, endNs: phase.endNs ?? -1, abandoned: phase.abandoned };
      const history = { kind: want.kind, incremental: want.incremental, protected: want.protected, startNs: want.startNs, endNs: want.endNs, abandoned: want.ending === 'forced-split' };
      const differ = (Object.keys(history) as (keyof typeof history)[]).filter((key) => reported[key] !== history[key]);
      if (differ.length > 0) {
        const fields = differ.map((key) => `${key} ${String(reported[key])} (the history: ${String(history[key])})`).join(', ');
        throw new AssertionError(`pair ${pair.name}'s copy phase ${i + 1} (the ${want.kind} of command #${want.commandId}) is reported with ${fields}`);
      }
    });
  }
}

/** The pair's state timeline (the reports' state charts): where it began, `NeverEstab`, then its history's state changes, in order. */
function checkTimeline(history: History, pair: Pair): void {
  const recorded = [{ state: 'NeverEstab', label: 'NeverEstab', atNs: pair.timeline[0]?.atNs }, ...history.stateChanges.filter((change) => change.pair === pair.name)];
  const differs = (i: number) => {
    const a = pair.timeline[i];
    const b = recorded[i];
    return a === undefined || b === undefined || typeof a !== 'object' || a.state !== b.state || a.label !== b.label || a.atNs !== b.atNs;
  };
  const first = Array.from({ length: Math.max(pair.timeline.length, recorded.length) }, (_, i) => i).find(differs);
  if (first !== undefined) {
    throw new AssertionError(`pair ${pair.name}'s reported state timeline differs from its history's state changes at entry ${first + 1}: ${JSON.stringify(pair.timeline[first])} against ${JSON.stringify(recorded[first] ?? null)}`);
  }
}

/** A phase's progress samples (the reports' copy charts): the first at its start with nothing copied, in time order, counts only growing, the last at its end with its final counts. */
function checkProgress(pair: Pair, phase: Pair['phases'][number], index: number): void {
  const samples = phase.progress;
  const fail = (what: string) => {
    throw new AssertionError(`pair ${pair.name}'s copy phase ${index + 1} (the ${phase.kind}) reports progress samples ${what}`);
  };
  const first = samples[0];
  if (typeof first !== 'object' || first.atNs !== phase.startNs || COUNTERS.some((key) => first[key] !== 0)) fail(`not starting at its start (${phase.startNs} ns) with nothing copied: ${JSON.stringify(first)}`);
  for (let i = 1; i < samples.length; i++) {
    const [before, now] = [samples[i - 1]!, samples[i]!];
    if (typeof now !== 'object' || now.atNs < before.atNs || COUNTERS.some((key) => now[key] < before[key])) fail(`going back at sample ${i + 1}: ${JSON.stringify(now)} after ${JSON.stringify(before)}`);
  }
  const last = samples.at(-1)!;
  if (phase.endNs !== null && (last.atNs !== phase.endNs || COUNTERS.some((key) => last[key] !== phase.counters[key]))) {
    fail(`not ending at its end (${phase.endNs} ns) with its final counts ${JSON.stringify(phase.counters)}: ${JSON.stringify(last)}`);
  }
}

const COUNTERS = ['background', 'copyOnRead', 'merged', 'overwritten', 'copyBeforeWrite'] as const;
