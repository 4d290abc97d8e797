import type { PhaseResult } from '../scenario/results.js';

/** What to say of a copy phase whose track reads failed: in the summary and in the report, never left out. */
export function readErrorNote(phase: PhaseResult): string {
  const unfinished = phase.endNs === null && !phase.abandoned ? '; it had not finished when the run ended (a track it cannot read stays to copy)' : '';
  return `${phase.readErrors} track reads of the copy failed and were retried${unfinished}`;
}
