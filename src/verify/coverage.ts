import type { CommandRecord } from '../array/history.js';
import { bcvAnswersIn } from '../check/answering.js';
import { LEGAL_IN } from '../check/command-table.js';
import type { ScriptRun } from './run-script.js';
import type { Script } from './script.js';
import { groupsOf, pairsOf } from './world.js';

/** Every (state, command) combination a pair can be asked: the design's states with their qualifiers × host commands. */
export const STATE_LABELS: readonly string[] = Object.keys(LEGAL_IN);
export const COMMANDS = ['establish', 'split', 'restore'] as const;

/** The ways host I/O and commands take the protocol's special paths: where its bugs hide. */
export const PATHS = [
  'read redirected to the BCV',
  'copy-on-read',
  'partial write merged',
  'full-track write (no copy needed)',
  'write spanning restored and unrestored tracks',
  'copy-before-write',
  'BCV write refused during a protected restore',
  'I/O to a hidden BCV refused',
  'group command over sibling BCVs',
  'BCV I/O in flight as its BCV is hidden',
  'command to an unknown target',
  'write to a volume in no pair',
] as const;
export type PathName = (typeof PATHS)[number];

export interface CoverageJson {
  readonly runs: number;
  readonly commands: Record<string, number>;
  readonly paths: Record<string, number>;
  readonly missing: string[];
}

/**
 * How often the gate exercised each (state, command) combination and each
 * special path, over all scripts; `missing` lists what was never reached.
 */
export class Coverage {
  readonly commands = new Map<string, number>();
  readonly paths = new Map<PathName, number>();
  runs = 0;

  record(run: ScriptRun, script: Script): void {
    this.runs++;
    for (const command of run.history.commands) {
      if (command.stateBefore !== null && judgedByState(command)) this.add(this.commands, `${command.stateBefore} × ${command.command}`, 1);
    }
    for (const pair of run.protocol.pairs.values()) {
      this.add(this.paths, 'read redirected to the BCV', pair.redirectedReads);
      for (const phase of pair.phases) {
        this.add(this.paths, 'copy-on-read', phase.counters.copyOnRead);
        this.add(this.paths, 'partial write merged', phase.counters.merged);
        this.add(this.paths, 'full-track write (no copy needed)', phase.counters.overwritten);
        this.add(this.paths, 'copy-before-write', phase.counters.copyBeforeWrite);
      }
    }
    this.add(this.paths, 'write spanning restored and unrestored tracks', run.paths.writesAcrossRestored);
    const paired = new Set(run.history.topology.pairs.flatMap((p) => [p.std, p.bcv]));
    for (const op of run.history.ops()) {
      if (op.error === 'write-protected') this.add(this.paths, 'BCV write refused during a protected restore', 1);
      if (op.error === 'not-ready') this.add(this.paths, 'I/O to a hidden BCV refused', 1);
      if (op.write && !paired.has(op.volume)) this.add(this.paths, 'write to a volume in no pair', 1);
    }
    this.add(this.paths, 'command to an unknown target', run.history.commands.filter((c) => c.error === 'unknown-target').length);
    this.add(this.paths, 'group command over sibling BCVs', siblingGroupCommands(script));
    this.add(this.paths, 'BCV I/O in flight as its BCV is hidden', bcvIoInFlightAsHidden(run));
  }

  /** Combinations and paths never reached. */
  missing(): string[] {
    const combos = STATE_LABELS.flatMap((state) => COMMANDS.map((command) => `${state} × ${command}`));
    return [...combos.filter((c) => !this.commands.has(c)), ...this.missingPaths()];
  }

  /** The special paths never taken: a `check` that leaves one exits 5 (the rarest (state, command) combinations only show). */
  missingPaths(): PathName[] {
    return PATHS.filter((p) => !this.paths.has(p));
  }

  toJSON(): CoverageJson {
    return { runs: this.runs, commands: Object.fromEntries(this.commands), paths: Object.fromEntries(this.paths), missing: this.missing() };
  }

  private add<K>(map: Map<K, number>, key: K, count: number): void {
    if (count > 0) map.set(key, (map.get(key) ?? 0) + count);
  }
}

/**
 * Whether the state machine decided the command: it was accepted, or refused
 * for its pair's state. One refused for something else (another pair of its
 * standard, a command still under way, a lost path) never reached it.
 */
function judgedByState(command: CommandRecord): boolean {
  return command.error === null || command.legal !== undefined;
}

/** Commands the script addresses to a group holding two BCVs of one standard. */
function siblingGroupCommands(script: Script): number {
  const stdOf = new Map(pairsOf(script.world).map((p) => [p.name, p.std]));
  const siblings = new Set(
    groupsOf(script.world)
      .filter((g) => new Set(g.pairs.map((p) => stdOf.get(p))).size < g.pairs.length)
      .map((g) => g.name),
  );
  return script.actions.filter((a) => (a.kind === 'establish' || a.kind === 'split' || a.kind === 'restore') && siblings.has(a.target)).length;
}

/**
 * Host I/O to a BCV issued while the BCV answered and still under way when
 * its pair's state hid it (an establish, an unprotected restore): the I/O
 * must take its data, or land, while the BCV answers, or fail.
 */
function bcvIoInFlightAsHidden(run: ScriptRun): number {
  const { history } = run;
  const hiddenAt = new Map<string, number[]>();
  for (const pair of history.topology.pairs) {
    let answering = true;
    const times: number[] = [];
    for (const change of history.stateChanges) {
      if (change.pair !== pair.name) continue;
      const answers = bcvAnswersIn(change.state, change.label);
      if (answering && !answers) times.push(change.atNs);
      answering = answers;
    }
    hiddenAt.set(pair.bcv, [...(hiddenAt.get(pair.bcv) ?? []), ...times]);
  }
  let count = 0;
  for (const op of history.ops()) {
    const ended = op.completeNs < 0 ? Infinity : op.completeNs;
    if ((hiddenAt.get(op.volume) ?? []).some((at) => op.issueNs < at && at < ended)) count++;
  }
  return count;
}
