import { describe, expect, it } from 'vitest';
import { ROUTING, type Fetched, type IoShape, type PairView, type RoutingSettings, type StdWritePlan } from './routing.js';
import type { PairState } from './state.js';
import { ALL_STATES, MIRRORS_AND_ADDRESSABLE, STATE_KEYS } from './testing/expected-table.js';

/*
 * The routing, tabulated as state.test.ts tabulates the transitions: (state,
 * settings, which tracks a restore lacks, the I/O's shape) → plan, in a
 * short notation. Tracks of 4 blocks.
 */

const BPT = 4;
const volume = { geometry: { blocksPerTrack: BPT } };
/** I/O shapes: the whole of track 1; part of it; tracks 0–2, covering track 1 only wholly; the same, failed under way. */
const IO = {
  'track 1': { startBlock: 4, blockCount: 4, volume, cancelled: false },
  'part of track 1': { startBlock: 5, blockCount: 2, volume, cancelled: false },
  'tracks 0-2 unaligned': { startBlock: 2, blockCount: 8, volume, cancelled: false },
  'cancelled': { startBlock: 4, blockCount: 4, volume, cancelled: true },
} satisfies Record<string, IoShape>;

interface TestPair extends PairView {
  readonly name: string;
}

/** A pair in `state` whose restore (in RestInProg) lacks `unrestored`. */
function pair(name: string, state: PairState, unrestored: readonly number[] = []): TestPair {
  return { name, state, unrestored: (track) => state.name === 'RestInProg' && unrestored.includes(track) };
}

const REFUSE: RoutingSettings = { copyOnRead: true, bcvWriteDuringRestore: 'refuse' };
const COPY_FIRST: RoutingSettings = { copyOnRead: false, bcvWriteDuringRestore: 'copy-before-write' };

function describeStdWrite(plan: StdWritePlan<TestPair>): string {
  if (plan.kind === 'drop') return 'drop';
  if (plan.kind === 'fetch') return `fetch ${plan.pair.name} [${plan.tracks.join(' ')}]`;
  const parts = [`land ${plan.first}-${plan.last}, ${plan.slots} slots`];
  if (plan.mirrorTo.length > 0) parts.push(`mirror ${plan.mirrorTo.map((p) => p.name).join(' ')}`);
  if (plan.trackOn.length > 0) parts.push(`track ${plan.trackOn.map((p) => p.name).join(' ')}`);
  if (plan.restore) parts.push(`restore ${plan.restore.tracks.map((t) => `${t.track}:${t.how}`).join(' ')}`);
  return parts.join(', ');
}

describe('routing of a read of a BCV at its own address, per state', () => {
  // As DESIGN.md §1 (the state table's own column, which state.test.ts holds the state machine to).
  it.each(STATE_KEYS)('%s', (key) => {
    for (const moment of ['arrival', 'landing'] as const) {
      const plan = ROUTING.readBcv(ROUTING, pair('p', ALL_STATES[key]), moment);
      expect(plan.kind === 'serve' ? 'serve' : plan.error).toBe(MIRRORS_AND_ADDRESSABLE[key].addressable ? 'serve' : 'not-ready');
    }
  });
});

describe('routing of a write to a BCV at its own address: state × setting × what the restore lacks × moment', () => {
  const RP = ALL_STATES['RestInProg (protected)'];
  const cases: [string, PairState, RoutingSettings, readonly number[], keyof typeof IO, 'arrival' | 'landing', string][] = [
    ['split', ALL_STATES.Split, REFUSE, [], 'track 1', 'arrival', 'land 1-1, marks changed'],
    ['split, landing', ALL_STATES.Split, REFUSE, [], 'part of track 1', 'landing', 'land 1-1, marks changed'],
    ['never established', ALL_STATES.NeverEstab, REFUSE, [], 'track 1', 'arrival', 'land 1-1'],
    ['hidden while it mirrors', ALL_STATES.Synchronized, REFUSE, [], 'track 1', 'arrival', 'not-ready'],
    ['hidden by an establish while it waited', ALL_STATES.SyncInProg, REFUSE, [], 'track 1', 'landing', 'not-ready'],
    ['hidden by an unprotected restore', ALL_STATES['RestInProg (unprotected)'], COPY_FIRST, [1], 'track 1', 'arrival', 'not-ready'],
    ['protected restore, refused', RP, REFUSE, [1], 'track 1', 'arrival', 'write-protected'],
    ['protected restore, refused as it lands', RP, REFUSE, [], 'track 1', 'landing', 'write-protected'],
    ['protected restore, copy-before-write', RP, COPY_FIRST, [1], 'tracks 0-2 unaligned', 'arrival', 'copy-first 0-2'],
    ['protected restore, tracks already restored: still under the locks', RP, COPY_FIRST, [], 'track 1', 'arrival', 'copy-first 1-1'],
    ['protected restore, landing on a restored track', RP, COPY_FIRST, [0], 'track 1', 'landing', 'land 1-1, marks changed'],
    ['protected restore, landing on an unrestored track', RP, COPY_FIRST, [1], 'part of track 1', 'landing', 'copy-first 1-1'],
    ['failed under way, as it lands', ALL_STATES.Split, REFUSE, [], 'cancelled', 'landing', 'drop'],
    ['failed under way, at arrival: decided when it lands', ALL_STATES.Split, REFUSE, [], 'cancelled', 'arrival', 'land 1-1, marks changed'],
  ];
  it.each(cases)('%s', (_name, state, settings, unrestored, shape, moment, expected) => {
    const plan = ROUTING.writeBcv(ROUTING, pair('p', state, unrestored), IO[shape], moment, settings);
    const described =
      plan.kind === 'refuse' ? plan.error : plan.kind === 'drop' ? 'drop' : plan.kind === 'copy-first' ? `copy-first ${plan.first}-${plan.last}` : `land ${plan.first}-${plan.last}${plan.marksChanged ? ', marks changed' : ''}`;
    expect(described).toBe(expected);
  });

  it('copy-before-write restores exactly the unrestored tracks the write covers', () => {
    expect(ROUTING.copyFirst(ROUTING, pair('p', ALL_STATES['RestInProg (protected)'], [0, 2, 3]), IO['tracks 0-2 unaligned'])).toEqual([0, 2]);
  });
});

describe('routing of a read of a standard', () => {
  const RP = ALL_STATES['RestInProg (protected)'];
  it.each([
    ['no restore', [pair('p', ALL_STATES.Split)], 'tracks 0-2 unaligned', 'serve'],
    ['a restore that lacks none of its tracks', [pair('p', RP, [3])], 'tracks 0-2 unaligned', 'serve'],
    ['a restore that lacks one of its tracks', [pair('p', RP, [2])], 'tracks 0-2 unaligned', 'by-track p 0-2, lacking [2]'],
    ['a restore that lacks two of its tracks', [pair('p', RP, [0, 2, 5])], 'tracks 0-2 unaligned', 'by-track p 0-2, lacking [0 2]'],
    ['the restoring pair among siblings', [pair('a', ALL_STATES.Synchronized), pair('b', ALL_STATES['RestInProg (unprotected)'], [1])], 'part of track 1', 'by-track b 1-1, lacking [1]'],
  ] as const)('%s', (_name, pairs, shape, expected) => {
    const plan = ROUTING.readStd(ROUTING, pairs, IO[shape]);
    expect(plan.kind === 'by-track' ? `by-track ${plan.pair.name} ${plan.first}-${plan.last}, lacking [${plan.unrestored.join(' ')}]` : plan.kind).toBe(expected);
  });

  it.each([
    ['a restored track: from STD', [], true, 0, 'std 2-4'],
    ['an unrestored track, copy-on-read: the whole track from the BCV, into STD, marked restored', [1], true, 1, 'copy-on-read 4-8, into STD, marked'],
    ['an unrestored track, no copy-on-read: from the BCV', [1], false, 1, 'bcv 4-8'],
    ['the last track, partly', [2], false, 2, 'bcv 8-10'],
  ] as const)('track by track: %s', (_name, unrestored, copyOnRead, track, expected) => {
    const plan = ROUTING.readTrack(ROUTING, pair('p', RP, unrestored), IO['tracks 0-2 unaligned'], track, { ...REFUSE, copyOnRead });
    expect(`${plan.source} ${plan.from}-${plan.to}${plan.intoStd ? ', into STD' : ''}${plan.marksRestored ? ', marked' : ''}`).toBe(expected);
  });
});

describe('routing of a write to a standard: its pairs × what the restore lacks × moment × what was fetched', () => {
  const RP = ALL_STATES['RestInProg (protected)'];
  const RU = ALL_STATES['RestInProg (unprotected)'];
  const restoring = pair('r', RP, [0, 1, 2]);
  const fetchedFrom = (p: TestPair, ...tracks: number[]): Fetched<TestPair> => ({ pair: p, tracks: new Map(tracks.map((t) => [t, null])) });
  const cases: [string, TestPair[], keyof typeof IO, 'arrival' | 'landing', Fetched<TestPair> | null, string][] = [
    ['no pair mirrors or tracks', [pair('n', ALL_STATES.NeverEstab)], 'track 1', 'arrival', null, 'land 1-1, 1 slots'],
    ['a mirroring BCV: room for it too', [pair('s', ALL_STATES.Synchronized)], 'tracks 0-2 unaligned', 'arrival', null, 'land 0-2, 6 slots, mirror s'],
    ['an establish copying: mirrors', [pair('s', ALL_STATES.SyncInProg)], 'track 1', 'landing', null, 'land 1-1, 2 slots, mirror s'],
    ['split pairs track the change', [pair('a', ALL_STATES.Split), pair('b', ALL_STATES.SplitInProg), pair('c', ALL_STATES['SplitBfrRest (protected)'])], 'track 1', 'arrival', null, 'land 1-1, 1 slots, track a b c'],
    ['siblings, one mirroring, one split', [pair('m', ALL_STATES.Synchronized), pair('t', ALL_STATES.Split)], 'track 1', 'arrival', null, 'land 1-1, 2 slots, mirror m, track t'],
    ['a restore lacking tracks it covers in part: fetch them first', [restoring], 'tracks 0-2 unaligned', 'arrival', null, 'fetch r [0 2]'],
    ['a restore: fetched, the room to reserve', [restoring], 'tracks 0-2 unaligned', 'arrival', fetchedFrom(restoring, 0, 2), 'land 0-2, 3 slots, track r, restore 0:merge 1:overwrite 2:merge'],
    ['a restore lacking nothing the write covers in part: an empty fetch', [pair('r', RP, [1])], 'track 1', 'arrival', null, 'fetch r []'],
    ['a restore as it lands, all fetched', [restoring], 'tracks 0-2 unaligned', 'landing', fetchedFrom(restoring, 0, 2), 'land 0-2, 3 slots, track r, restore 0:merge 1:overwrite 2:merge'],
    ['a restore as it lands, one track missing: fetch them all again', [restoring], 'tracks 0-2 unaligned', 'landing', fetchedFrom(restoring, 0), 'fetch r [0 2]'],
    ['a restore begun while it waited: fetch', [restoring], 'part of track 1', 'landing', null, 'fetch r [1]'],
    ['fetched for another pair: fetch again', [restoring], 'part of track 1', 'landing', fetchedFrom(pair('x', RP, [1]), 1), 'fetch r [1]'],
    ['an unprotected restore mirrors as it restores', [pair('u', RU, [1])], 'track 1', 'landing', null, 'land 1-1, 2 slots, mirror u, restore 1:overwrite'],
    ['failed under way: dropped as it lands', [pair('s', ALL_STATES.Synchronized)], 'cancelled', 'landing', null, 'drop'],
  ];
  it.each(cases)('%s', (_name, pairs, shape, moment, fetched, expected) => {
    expect(describeStdWrite(ROUTING.writeStd(ROUTING, pairs, IO[shape], moment, fetched))).toBe(expected);
  });

  it('a fetched track the restore has since brought across lands as written, not merged', () => {
    const r = pair('r', RP, [2]);
    expect(describeStdWrite(ROUTING.writeStd(ROUTING, [r], IO['tracks 0-2 unaligned'], 'landing', fetchedFrom(r, 0, 2)))).toBe('land 0-2, 3 slots, track r, restore 0:host 1:host 2:merge');
  });
});

describe('write-pending room', () => {
  it('a write reserves a slot per track on the standard and on each BCV it reaches', () => {
    expect(ROUTING.slots(3, 0)).toBe(3);
    expect(ROUTING.slots(3, 2)).toBe(9);
  });
  it('the largest write in one reservation leaves room for every BCV of the standard', () => {
    expect(ROUTING.writeTracksMax(64, 0)).toBe(64);
    expect(ROUTING.writeTracksMax(64, 2)).toBe(21);
  });
});
