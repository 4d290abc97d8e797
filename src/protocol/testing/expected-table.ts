import type { CommandRequest } from '../protocol.js';
import type { PairState } from '../state.js';

/**
 * The protocol's command table, written out from DESIGN.md §1 by hand (not
 * derived from the code under test), for the state-machine matrix and the
 * driver's refusal tests.
 */

/** Every state a pair can be in, with both variants of the restore states. */
export const ALL_STATES = {
  NeverEstab: { name: 'NeverEstab' },
  SyncInProg: { name: 'SyncInProg' },
  Synchronized: { name: 'Synchronized' },
  SplitInProg: { name: 'SplitInProg' },
  Split: { name: 'Split' },
  SplitBfrSync: { name: 'SplitBfrSync' },
  'RestInProg (protected)': { name: 'RestInProg', protected: true },
  'RestInProg (unprotected)': { name: 'RestInProg', protected: false },
  'Restored (protected)': { name: 'Restored', protected: true },
  'Restored (unprotected)': { name: 'Restored', protected: false },
  'SplitBfrRest (protected)': { name: 'SplitBfrRest', protected: true },
  'SplitBfrRest (unprotected)': { name: 'SplitBfrRest', protected: false },
} as const satisfies Record<string, PairState>;

export type StateKey = keyof typeof ALL_STATES;
export const STATE_KEYS = Object.keys(ALL_STATES) as StateKey[];

/**
 * Every host command with every option combination, as a user would type
 * it. A split's `--consistent` and `--instant` do not change the pair's
 * state or actions, so they are expanded from the two split columns below.
 */
export const HOST_COMMANDS = {
  establish: { name: 'establish', options: { incremental: false } },
  'establish --incremental': { name: 'establish', options: { incremental: true } },
  ...splitVariants('split', false),
  ...splitVariants('split --force', true),
  restore: { name: 'restore', options: { incremental: false, protected: true } },
  'restore --incremental': { name: 'restore', options: { incremental: true, protected: true } },
  'restore --unprotected': { name: 'restore', options: { incremental: false, protected: false } },
  'restore --incremental --unprotected': { name: 'restore', options: { incremental: true, protected: false } },
} as const;

export type CommandKey = keyof typeof HOST_COMMANDS;
export const COMMAND_KEYS = Object.keys(HOST_COMMANDS) as CommandKey[];

/** The column of the table a command falls in. */
export function column(key: CommandKey): Column {
  if (key.startsWith('split --force')) return 'split --force';
  if (key.startsWith('split')) return 'split';
  return key as Column;
}

type Column =
  | 'establish'
  | 'establish --incremental'
  | 'split'
  | 'split --force'
  | 'restore'
  | 'restore --incremental'
  | 'restore --unprotected'
  | 'restore --incremental --unprotected';

export interface Row {
  /** What the refusal lists as legal, as a user would type it. */
  readonly legal: readonly string[];
  /** `next-state: action action…` for a transition, `refused` or `refused: code` for a refusal. */
  readonly outcomes: Readonly<Record<Column, string>>;
}

const REFUSED = 'refused';

/** Restores from `Split` and from a protected `Restored` behave alike. */
const RESTORES = {
  restore: 'RestInProg (protected): copy-bcv-to-std(all)',
  'restore --incremental': 'RestInProg (protected): copy-bcv-to-std(changed)',
  'restore --unprotected': `RestInProg (unprotected): copy-bcv-to-std(all)`,
  'restore --incremental --unprotected': `RestInProg (unprotected): copy-bcv-to-std(changed)`,
} as const;

const NO_RESTORE = {
  restore: REFUSED,
  'restore --incremental': REFUSED,
  'restore --unprotected': REFUSED,
  'restore --incremental --unprotected': REFUSED,
} as const;

export const EXPECTED: Readonly<Record<StateKey, Row>> = {
  NeverEstab: {
    legal: ['establish (full)'],
    outcomes: {
      establish: `SyncInProg: copy-std-to-bcv(all)`,
      'establish --incremental': 'refused: incremental-needs-split',
      split: REFUSED,
      'split --force': REFUSED,
      ...NO_RESTORE,
    },
  },
  SyncInProg: {
    legal: ['split --force'],
    outcomes: {
      establish: REFUSED,
      'establish --incremental': REFUSED,
      split: REFUSED,
      'split --force': 'SplitBfrSync: abandon-copy',
      ...NO_RESTORE,
    },
  },
  Synchronized: {
    legal: ['split'],
    outcomes: {
      establish: REFUSED,
      'establish --incremental': REFUSED,
      split: 'SplitInProg: finish-split',
      'split --force': 'SplitInProg: finish-split',
      ...NO_RESTORE,
    },
  },
  SplitInProg: {
    legal: [],
    outcomes: {
      establish: REFUSED,
      'establish --incremental': REFUSED,
      split: REFUSED,
      'split --force': REFUSED,
      ...NO_RESTORE,
    },
  },
  Split: {
    legal: ['establish', 'restore'],
    outcomes: {
      establish: `SyncInProg: copy-std-to-bcv(all)`,
      'establish --incremental': `SyncInProg: copy-std-to-bcv(changed)`,
      split: REFUSED,
      'split --force': REFUSED,
      ...RESTORES,
    },
  },
  SplitBfrSync: {
    // The image is incomplete: even an incremental establish copies everything.
    legal: ['establish (full)'],
    outcomes: {
      establish: `SyncInProg: copy-std-to-bcv(all)`,
      'establish --incremental': `SyncInProg: copy-std-to-bcv(all)`,
      split: REFUSED,
      'split --force': REFUSED,
      ...NO_RESTORE,
    },
  },
  'RestInProg (protected)': {
    legal: ['split --force'],
    outcomes: {
      establish: REFUSED,
      'establish --incremental': REFUSED,
      split: REFUSED,
      // The BCV never stopped being split: nothing to stop, show or reset.
      'split --force': 'SplitBfrRest (protected): abandon-copy',
      ...NO_RESTORE,
    },
  },
  'RestInProg (unprotected)': {
    legal: ['split --force'],
    outcomes: {
      establish: REFUSED,
      'establish --incremental': REFUSED,
      split: REFUSED,
      'split --force': 'SplitBfrRest (unprotected): abandon-copy',
      ...NO_RESTORE,
    },
  },
  'Restored (protected)': {
    legal: ['split', 'establish', 'restore'],
    outcomes: {
      establish: `SyncInProg: copy-std-to-bcv(all)`,
      'establish --incremental': `SyncInProg: copy-std-to-bcv(changed)`,
      split: 'Split:',
      'split --force': 'Split:',
      ...RESTORES,
    },
  },
  'Restored (unprotected)': {
    // The BCV already mirrors STD: an establish copies only what changed.
    legal: ['split', 'establish'],
    outcomes: {
      establish: `SyncInProg: copy-std-to-bcv(changed)`,
      'establish --incremental': `SyncInProg: copy-std-to-bcv(changed)`,
      split: 'SplitInProg: finish-split',
      'split --force': 'SplitInProg: finish-split',
      ...NO_RESTORE,
    },
  },
  'SplitBfrRest (protected)': {
    // STD is partly restored, but the BCV still holds the intact snapshot: it can be restored again. The tracks
    // left unrestored are in no change table, so an establish or a restore copies every track.
    legal: ['establish (full)', 'restore (full)'],
    outcomes: {
      establish: `SyncInProg: copy-std-to-bcv(all)`,
      'establish --incremental': `SyncInProg: copy-std-to-bcv(all)`,
      split: REFUSED,
      'split --force': REFUSED,
      restore: 'RestInProg (protected): copy-bcv-to-std(all)',
      'restore --incremental': 'RestInProg (protected): copy-bcv-to-std(all)',
      'restore --unprotected': `RestInProg (unprotected): copy-bcv-to-std(all)`,
      'restore --incremental --unprotected': `RestInProg (unprotected): copy-bcv-to-std(all)`,
    },
  },
  'SplitBfrRest (unprotected)': {
    // The BCV mirrored STD's writes during the restore: no snapshot is left to restore.
    legal: ['establish (full)'],
    outcomes: {
      establish: `SyncInProg: copy-std-to-bcv(all)`,
      'establish --incremental': `SyncInProg: copy-std-to-bcv(all)`,
      split: REFUSED,
      'split --force': REFUSED,
      ...NO_RESTORE,
    },
  },
};

/** DESIGN.md §1's state table: does the BCV get STD's writes, does it answer at its own address. */
export const MIRRORS_AND_ADDRESSABLE: Readonly<Record<StateKey, { mirrors: boolean; addressable: boolean }>> = {
  NeverEstab: { mirrors: false, addressable: true },
  SyncInProg: { mirrors: true, addressable: false },
  Synchronized: { mirrors: true, addressable: false },
  SplitInProg: { mirrors: false, addressable: true },
  Split: { mirrors: false, addressable: true },
  SplitBfrSync: { mirrors: false, addressable: true },
  'RestInProg (protected)': { mirrors: false, addressable: true },
  'RestInProg (unprotected)': { mirrors: true, addressable: false },
  'Restored (protected)': { mirrors: false, addressable: true },
  'Restored (unprotected)': { mirrors: true, addressable: false },
  'SplitBfrRest (protected)': { mirrors: false, addressable: true },
  'SplitBfrRest (unprotected)': { mirrors: false, addressable: true },
};

/** The commands `state` refuses, as requests to `target`. */
export function illegalRequests(state: StateKey, target: string): { key: CommandKey; request: CommandRequest }[] {
  return COMMAND_KEYS.filter((key) => EXPECTED[state].outcomes[column(key)].startsWith(REFUSED)).map((key) => ({
    key,
    request: { ...HOST_COMMANDS[key], target } as CommandRequest,
  }));
}

function splitVariants<K extends string>(key: K, force: boolean) {
  return {
    [key]: { name: 'split', options: { consistent: false, instant: false, force } },
    [`${key} --instant`]: { name: 'split', options: { consistent: false, instant: true, force } },
    [`${key} --consistent`]: { name: 'split', options: { consistent: true, instant: false, force } },
    [`${key} --consistent --instant`]: { name: 'split', options: { consistent: true, instant: true, force } },
  } as Record<K | `${K} --instant` | `${K} --consistent` | `${K} --consistent --instant`, {
    readonly name: 'split';
    readonly options: { readonly consistent: boolean; readonly instant: boolean; readonly force: boolean };
  }>;
}
