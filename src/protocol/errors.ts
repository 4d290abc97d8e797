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
  | { readonly code: 'std-busy'; readonly pair: string; readonly std: string; readonly otherPair: string; readonly otherState: PairStateName }
  | { readonly code: 'unknown-target'; readonly target: string; readonly known: readonly string[] }
  | { readonly code: 'group-refused'; readonly group: string; readonly members: readonly CommandError[] };

export type CommandErrorCode = CommandError['code'];

/** One line a person can act on. */
export function formatCommandError(error: CommandError): string {
  switch (error.code) {
    case 'illegal-in-state':
      return `${error.command} refused for pair ${error.pair}: it is ${error.state}; legal now: ${list(error.legal)}`;
    case 'incremental-needs-split':
      return `incremental establish refused for pair ${error.pair}: it is ${error.state} and has never been split; legal now: ${list(error.legal)}`;
    case 'std-busy':
      return `refused for pair ${error.pair}: its standard ${error.std} is in use by pair ${error.otherPair} (${error.otherState}); split that pair first`;
    case 'unknown-target':
      return `no pair or group named ${error.target}; known: ${list(error.known)}`;
    case 'group-refused':
      return `group ${error.group} refused, nothing changed: ${error.members.map(formatCommandError).join('; ')}`;
  }
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none (wait for the background work to finish)' : items.join(', ');
}
