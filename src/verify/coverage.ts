import { PAIR_STATE_LABELS } from '../protocol/state.js';
import type { ScriptRun } from './run-script.js';

/** Every (state, command) combination a pair can be asked: states with their qualifiers × host commands. */
export const STATE_LABELS: readonly string[] = PAIR_STATE_LABELS;
export const COMMANDS = ['establish', 'split', 'restore'] as const;

/** The ways host I/O is redirected or handled specially by the protocol. */
export const PATHS = [
  'read redirected to the BCV',
  'copy-on-read',
  'partial write merged',
  'full-track write (no copy needed)',
  'copy-before-write',
  'BCV write refused during a protected restore',
  'I/O to a hidden BCV refused',
] as const;
export type PathName = (typeof PATHS)[number];

/**
 * How often the gate exercised each (state, command) combination and each
 * redirection path, over all runs; `missing` lists what was never reached.
 */
export class Coverage {
  readonly commands = new Map<string, number>();
  readonly paths = new Map<PathName, number>();
  runs = 0;

  record(run: ScriptRun): void {
    this.runs++;
    for (const command of run.history.commands) {
      if (command.stateBefore !== null) this.add(this.commands, `${command.stateBefore} × ${command.command}`, 1);
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
    for (const op of run.history.ops()) {
      if (op.error === 'write-protected') this.add(this.paths, 'BCV write refused during a protected restore', 1);
      if (op.error === 'not-ready') this.add(this.paths, 'I/O to a hidden BCV refused', 1);
    }
  }

  /** Combinations and paths never reached. */
  missing(): string[] {
    const combos = STATE_LABELS.flatMap((state) => COMMANDS.map((command) => `${state} × ${command}`));
    return [...combos.filter((c) => !this.commands.has(c)), ...PATHS.filter((p) => !this.paths.has(p))];
  }

  toJSON(): { runs: number; commands: Record<string, number>; paths: Record<string, number>; missing: string[] } {
    return { runs: this.runs, commands: Object.fromEntries(this.commands), paths: Object.fromEntries(this.paths), missing: this.missing() };
  }

  private add<K>(map: Map<K, number>, key: K, count: number): void {
    if (count > 0) map.set(key, (map.get(key) ?? 0) + count);
  }
}
