/**
 * A verification script: the world it plays in (drawn per script), timed
 * actions — host reads and writes on standards and BCVs, pair commands
 * (legal or not), faults — plus the simulator's seed and the list of choices
 * that decide the order of events due at the same instant. Scripts are plain
 * data, generated and shrunk by fast-check, printed in counterexamples and
 * stored in the regression corpus.
 */
import { formatWorld, type World } from './world.js';

export type Action =
  | { readonly atUs: number; readonly kind: 'io'; readonly host: number; readonly volume: string; readonly block: number; readonly blocks: number; readonly write: boolean }
  | ({ readonly atUs: number; readonly kind: 'establish'; readonly target: string; readonly incremental: boolean } & Sender)
  | ({ readonly atUs: number; readonly kind: 'split'; readonly target: string; readonly consistent: boolean; readonly instant: boolean; readonly force: boolean } & Sender)
  | ({ readonly atUs: number; readonly kind: 'restore'; readonly target: string; readonly incremental: boolean; readonly protected: boolean } & Sender)
  | FaultAction;

/**
 * Who sends a pair command: without `host`, the script itself (straight to
 * the protocol); with it, host h`host` through the front end of its director
 * (as its I/O goes), where a director failure or power loss can catch it.
 * Optional, so that scripts saved before it existed still load.
 */
interface Sender {
  readonly host?: number;
}

export type CommandAction = Extract<Action, { kind: 'establish' | 'split' | 'restore' }>;

/** Faults a script may inject; drive faults only on RAID-1 worlds. */
export type FaultAction =
  | { readonly atUs: number; readonly kind: 'fail-drive'; readonly drive: number }
  | { readonly atUs: number; readonly kind: 'media-error'; readonly volume: string; readonly block: number; readonly mirror: number }
  | { readonly atUs: number; readonly kind: 'fail-director'; readonly director: number; readonly downUs: number }
  | { readonly atUs: number; readonly kind: 'power-loss'; readonly downUs: number };

export interface Script {
  readonly seed: number;
  readonly world: World;
  readonly actions: readonly Action[];
  /** Indices that pick among events due at the same instant, in order (each modulo the number of candidates). */
  readonly choices: readonly number[];
}

export const isFault = (action: Action): action is FaultAction =>
  action.kind === 'fail-drive' || action.kind === 'media-error' || action.kind === 'fail-director' || action.kind === 'power-loss';

export const isCommand = (action: Action): action is CommandAction => action.kind === 'establish' || action.kind === 'split' || action.kind === 'restore';

/** One line per action, as a person reads a counterexample. */
export function formatAction(action: Action): string {
  const at = `${(action.atUs / 1000).toFixed(3)} ms`;
  switch (action.kind) {
    case 'io':
      return `${at}  host h${action.host} ${action.write ? 'writes' : 'reads'} ${action.volume} blocks ${action.block}..${action.block + action.blocks - 1}`;
    case 'establish':
      return `${at}  establish ${action.target}${action.incremental ? ' --incremental' : ''}${sentBy(action)}`;
    case 'split':
      return `${at}  split ${action.target}${action.consistent ? ' --consistent' : ''}${action.instant ? ' --instant' : ''}${action.force ? ' --force' : ''}${sentBy(action)}`;
    case 'restore':
      return `${at}  restore ${action.target}${action.incremental ? ' --incremental' : ''}${action.protected ? ' --protected' : ' --unprotected'}${sentBy(action)}`;
    case 'fail-drive':
      return `${at}  FAULT drive d${action.drive} fails`;
    case 'media-error':
      return `${at}  FAULT media error under ${action.volume} block ${action.block} (mirror ${action.mirror})`;
    case 'fail-director':
      return `${at}  FAULT director fa${action.director} fails for ${(action.downUs / 1000).toFixed(3)} ms`;
    case 'power-loss':
      return `${at}  FAULT power lost for ${(action.downUs / 1000).toFixed(3)} ms`;
  }
}

const sentBy = (action: Sender): string => (action.host === undefined ? '' : `  (sent by host h${action.host} through its director)`);

export function formatScript(script: Script): string {
  const lines = [`seed ${script.seed}; ${formatWorld(script.world)[0]}`, ...formatWorld(script.world).slice(1), ...script.actions.map(formatAction)];
  if (script.choices.length > 0) lines.push(`tie-breaking choices: [${script.choices.join(', ')}]`);
  return lines.join('\n');
}
