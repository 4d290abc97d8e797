import type { PairStateName } from './state.js';

/** Why a command was refused. A refused command changes nothing. */
export type CommandError =
  | {
      readonly code: 'illegal-in-state';
      readonly pair: string;
      readonly state: PairStateName;
      readonly command: string;
      readonly legal: readonly string[];
    }
  | { readonly code: 'incremental-needs-split'; readonly pair: string; readonly state: PairStateName; readonly legal: readonly string[] }
  | {
      readonly code: 'std-busy';
      readonly pair: string;
      readonly command: string;
      readonly std: string;
      readonly otherPair: string;
      /** The other pair's state, or (with `sameCommand`) the state an earlier member of this same command would put it in. */
      readonly otherState: PairStateName;
      /** The other pair is a member of this same (group) command, not yet busy but about to be. */
      readonly sameCommand: boolean;
    }
  | {
      /** The pair is a member of an accepted command still taking effect (a split stepping through its members). */
      readonly code: 'command-under-way';
      readonly pair: string;
      /** The refused command. */
      readonly command: string;
      /** The command under way: its name, the pair or group it was addressed to, and its first record's id. */
      readonly running: { readonly command: string; readonly target: string; readonly commandId: number };
    }
  | { readonly code: 'unknown-target'; readonly command: string; readonly target: string; readonly known: readonly string[] }
  | {
      /**
       * Sent by a host through one of its directors, and lost in the front
       * end before it was handed over: the director failed, or the array lost
       * power. The protocol never saw it.
       */
      readonly code: 'director-failed' | 'array-offline';
      readonly command: string;
      readonly target: string;
      readonly host: string;
      readonly director: string;
    }
  | { readonly code: 'group-refused'; readonly group: string; readonly members: readonly CommandError[] };

export type CommandErrorCode = CommandError['code'];

/**
 * The commands legal for `pair` when `error` refused it for its state
 * (directly, or as a member of a refused group); undefined when it was
 * refused for something else, or not at all.
 */
export function legalFor(error: CommandError, pair: string): readonly string[] | undefined {
  switch (error.code) {
    case 'illegal-in-state':
    case 'incremental-needs-split':
      return error.pair === pair ? error.legal : undefined;
    case 'group-refused':
      return error.members.map((member) => legalFor(member, pair)).find((legal) => legal !== undefined);
  }
  return undefined; // refused for something else than its state
}

/** One line a person can act on. */
export function formatCommandError(error: CommandError): string {
  switch (error.code) {
    case 'illegal-in-state':
      return `${error.command} refused for pair ${error.pair}: it is ${error.state}; legal now: ${list(error.legal)}`;
    case 'incremental-needs-split':
      return `incremental establish refused for pair ${error.pair}: it is ${error.state} and has never been split; legal now: ${list(error.legal)}`;
    case 'std-busy':
      if (error.sameCommand) {
        return (
          `${error.command} refused for pair ${error.pair}: pair ${error.otherPair}, earlier in this same command, would restore its standard ${error.std} ` +
          '(a standard is restored by one pair at a time, with no other pair mirroring it); restore one pair of each standard'
        );
      }
      return `${error.command} refused for pair ${error.pair}: its standard ${error.std} is in use by pair ${error.otherPair} (${error.otherState}); split that pair first`;
    case 'command-under-way': {
      const { command, target, commandId } = error.running;
      return (
        `${error.command} refused for pair ${error.pair}: the ${command} of ${target === error.pair ? 'pair' : 'group'} ${target} ` +
        `(command #${commandId}) is still taking effect on it; wait until it is acknowledged`
      );
    }
    case 'unknown-target':
      return `${error.command} refused: no pair or group named ${error.target}; known: ${list(error.known)}`;
    case 'director-failed':
    case 'array-offline': {
      const sent = `${error.command} ${error.target} from host ${error.host}`;
      if (error.code === 'director-failed') return `${sent} was lost with director ${error.director}, which failed before handing the command over; nothing changed`;
      return `${sent} was lost at director ${error.director} when the array lost power, before the command was handed over; nothing changed`;
    }
    case 'group-refused':
      return `group ${error.group} refused, nothing changed: ${error.members.map(formatCommandError).join('; ')}`;
  }
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none (wait for the background work to finish)' : items.join(', ');
}
