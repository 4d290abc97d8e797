import { describe, expect, it } from 'vitest';
import { PAIR_STATE_NAMES, bcvAddressable, formatState, legalCommands, mirrors, transition, type PairAction, type PairCommand, type PairState } from './state.js';
import {
  ALL_STATES,
  COMMAND_KEYS,
  EXPECTED,
  HOST_COMMANDS,
  MIRRORS_AND_ADDRESSABLE,
  STATE_KEYS,
  column,
} from './testing/expected-table.js';

/** A transition in the table's notation: `next-state: action action…`, or `refused[: code]`. */
function describeOutcome(state: PairState, command: PairCommand): string {
  const result = transition(state, command);
  if (!result.ok) return result.code === 'illegal-in-state' ? 'refused' : `refused: ${result.code}`;
  return `${formatState(result.next)}:${result.actions.map((a) => ` ${describeAction(a)}`).join('')}`;
}

function describeAction(action: PairAction): string {
  return 'scope' in action ? `${action.name}(${action.scope})` : action.name;
}

describe('pair state machine: every state × every host command × every option combination', () => {
  const cases = STATE_KEYS.flatMap((state) => COMMAND_KEYS.map((command) => [state, command] as const));

  it.each(cases)('%s + %s', (stateKey, commandKey) => {
    const state = ALL_STATES[stateKey];
    const command = HOST_COMMANDS[commandKey] as PairCommand;
    expect(describeOutcome(state, command)).toBe(EXPECTED[stateKey].outcomes[column(commandKey)]);
  });

  it.each(cases)('a refusal of %s + %s names the state, the command and the legal commands', (stateKey, commandKey) => {
    const state = ALL_STATES[stateKey];
    const command = HOST_COMMANDS[commandKey] as PairCommand;
    const result = transition(state, command);
    if (result.ok) return;
    expect(result.state).toBe(state.name);
    expect(result.command).toBe(command.name);
    expect(result.legal).toEqual(EXPECTED[stateKey].legal);
  });

  it.each(STATE_KEYS)('legalCommands(%s) lists what the table allows', (stateKey) => {
    expect(legalCommands(ALL_STATES[stateKey])).toEqual(EXPECTED[stateKey].legal);
  });

  it('the table is consistent: a state lists a command as legal exactly when some option combination of it is accepted', () => {
    for (const stateKey of STATE_KEYS) {
      const accepted = new Set(
        COMMAND_KEYS.filter((key) => !EXPECTED[stateKey].outcomes[column(key)].startsWith('refused')).map((key) => HOST_COMMANDS[key].name),
      );
      const listed = new Set(EXPECTED[stateKey].legal.map((text) => text.split(' ')[0]));
      expect([...listed].sort(), stateKey).toEqual([...accepted].sort());
    }
  });
});

describe('pair state machine: background events', () => {
  it.each(STATE_KEYS)('copy-done in %s ends a copy phase, and is refused elsewhere', (stateKey) => {
    const expected: Partial<Record<typeof stateKey, string>> = {
      SyncInProg: 'Synchronized:',
      'RestInProg (protected)': 'Restored (protected):',
      'RestInProg (unprotected)': 'Restored (unprotected):',
    };
    expect(describeOutcome(ALL_STATES[stateKey], { name: 'copy-done' })).toBe(expected[stateKey] ?? 'refused');
  });

  it.each(STATE_KEYS)('split-done in %s settles an instant split, and is refused elsewhere', (stateKey) => {
    expect(describeOutcome(ALL_STATES[stateKey], { name: 'split-done' })).toBe(stateKey === 'SplitInProg' ? 'Split:' : 'refused');
  });
});

describe("mirrors and bcvAddressable follow DESIGN.md's state table", () => {
  it.each(STATE_KEYS)('%s', (stateKey) => {
    const state = ALL_STATES[stateKey];
    expect({ mirrors: mirrors(state), addressable: bcvAddressable(state) }).toEqual(MIRRORS_AND_ADDRESSABLE[stateKey]);
  });
});

describe('state labels', () => {
  it('formatState gives each state the label the table knows it by, and PAIR_STATE_NAMES lists every state once', () => {
    for (const key of STATE_KEYS) expect(formatState(ALL_STATES[key])).toBe(key);
    expect([...new Set(STATE_KEYS.map((key) => ALL_STATES[key].name))]).toEqual(PAIR_STATE_NAMES);
  });
});
