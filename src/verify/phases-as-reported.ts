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
 * it. The history is what the checkers judge; a report that tells another
 * story (a protected restore reported unprotected, an abandoned one reported
 * finished) misleads the people who read it. Throws an `AssertionError`
 * naming the first disagreement (the gate reports it as a crash, exit 4).
 */
export function checkPhasesAsReported(history: History, pairs: Iterable<Pair>): void {
  const recorded = copyPhases(new Timeline(history, new VolumeIndex(history)));
  for (const pair of pairs) {
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
