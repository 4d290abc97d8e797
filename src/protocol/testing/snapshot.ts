import type { CommandRequest, CommandResult } from '../protocol.js';
import type { World } from './world.js';

/** Everything a command could change about a pair: its query, its tables, both volumes' content, the recorded state changes. */
export function pairSnapshot(w: World, pairName = 'p1') {
  const pair = w.pair(pairName);
  const { atNs: _atNs, ...query } = w.protocol.query(pairName);
  return {
    query,
    toCopy: [...pair.toCopy],
    stdChanged: [...pair.stdChanged],
    bcvChanged: [...pair.bcvChanged],
    phases: pair.phases.map((phase) => ({ ...phase, counters: { ...phase.counters } })),
    std: w.content(pair.std.name),
    bcv: w.content(pair.bcv.name),
    stateChanges: w.history.stateChanges.length,
  };
}

export type PairSnapshot = ReturnType<typeof pairSnapshot>;

export interface ImmediateOutcome {
  before?: PairSnapshot[];
  after?: PairSnapshot[];
  result?: CommandResult;
}

/**
 * Issues commands at once and runs to the instant they are carried out,
 * taking snapshots of `pairs` just before each (no other event in between)
 * and in its acknowledgement (a refusal is acknowledged at once).
 */
export function commandsNow(w: World, requests: readonly CommandRequest[], pairs: readonly string[] = ['p1']): ImmediateOutcome[] {
  const atNs = w.sim.now + w.protocol.config.commandNs;
  const outcomes = requests.map((request) => {
    const outcome: ImmediateOutcome = {};
    // Scheduled just before the command's own event at the same instant: they fire back to back.
    w.at(atNs, () => (outcome.before = pairs.map((p) => pairSnapshot(w, p))));
    w.protocol.command(request, (result) => {
      outcome.result = result;
      outcome.after = pairs.map((p) => pairSnapshot(w, p));
    });
    return outcome;
  });
  w.sim.run({ untilNs: atNs });
  return outcomes;
}

export const commandNow = (w: World, request: CommandRequest, pairs: readonly string[] = ['p1']): ImmediateOutcome =>
  commandsNow(w, [request], pairs)[0]!;
