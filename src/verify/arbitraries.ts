import * as fc from 'fast-check';
import { transition, type PairCommand, type PairState } from '../protocol/state.js';
import { GROUP, PAIRS, VOLUMES, type Action, type FaultAction, type Script, type ScriptConfig, type TargetName } from './script.js';

/** How big generated scripts get: the default keeps one run to a few milliseconds of wall time. */
export interface ScriptSize {
  readonly maxActions: number;
  /** Actions fall on a 10 µs grid within this span, so that many coincide. */
  readonly spanUs: number;
  readonly maxTracks: number;
  /** Scripts also inject faults (drive failures and media errors only on RAID-1 arrays). */
  readonly faults?: boolean;
}

export const DEFAULT_SIZE: ScriptSize = { maxActions: 40, spanUs: 20_000, maxTracks: 12 };
export const FAULT_SIZE: ScriptSize = { ...DEFAULT_SIZE, faults: true };

/** Most commands go to one pair, so that scripts walk deep into its states. */
const weightedTarget = fc.oneof(
  { weight: 5, arbitrary: fc.constant<TargetName>('p0a') },
  { weight: 2, arbitrary: fc.constant<TargetName>('p1') },
  { weight: 1, arbitrary: fc.constant<TargetName>('p0b') },
  { weight: 2, arbitrary: fc.constant<TargetName>(GROUP.name) },
);

export function configArbitrary(size: ScriptSize): fc.Arbitrary<ScriptConfig> {
  return fc
    .record({
      tracks: fc.integer({ min: 2, max: size.maxTracks }),
      blocksPerTrack: fc.constantFrom(4, 8),
      extraSlots: fc.integer({ min: 1, max: 40 }),
      extraWritePending: fc.integer({ min: 0, max: 30 }),
      driveServiceUs: fc.integer({ min: 20, max: 400 }),
      copyConcurrency: fc.integer({ min: 1, max: 4 }),
      copyRateMBps: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 5, max: 100 }) }),
      copyPriority: fc.constantFrom('low' as const, 'equal' as const),
      copyOrder: fc.constantFrom('track' as const, 'touched-first' as const),
      copyOnRead: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      bcvWriteDuringRestore: fc.constantFrom('refuse' as const, 'copy-before-write' as const),
      startEstablished: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      raid1: size.faults ? fc.boolean() : fc.constant(false),
    })
    .map(({ extraSlots, extraWritePending, ...rest }) => {
      // A write of up to three tracks to std0 reserves a slot per track for std0 and each of its two BCVs.
      const writePendingSlots = 9 + Math.min(extraWritePending, extraSlots);
      return { ...rest, writePendingSlots, cacheSlots: writePendingSlots + extraSlots };
    });
}

function ioArbitrary(size: ScriptSize): fc.Arbitrary<Action> {
  return fc.record({
    atUs: timeArbitrary(size),
    kind: fc.constant('io' as const),
    host: fc.integer({ min: 0, max: 1 }),
    volume: fc.constantFrom(...VOLUMES),
    // Taken modulo the volume's size when run, so that shrinking one field never invalidates another.
    block: fc.nat({ max: 4096 }),
    // At most 8 blocks: three tracks of 4, so a write to std0 fits the smallest write-pending limit.
    blocks: fc.integer({ min: 1, max: 8 }),
    write: fc.boolean(),
  });
}

function timeArbitrary(size: ScriptSize): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: size.spanUs / 10 }).map((k) => k * 10);
}

/**
 * Commands as intents: mostly (`bias` < 8) a command legal in the state the
 * pure state machine predicts for the target at that time (with or without
 * its copy finished), otherwise any command — so that scripts walk deep into the protocol (establish, split,
 * restore, restore again …) and still try illegal ones.
 */
interface Intent {
  readonly atUs: number;
  readonly target: TargetName;
  readonly bias: number;
  readonly pick: number;
  /** Host I/O on the target's volumes shortly after the command: where the interesting interleavings are. */
  readonly burst: readonly BurstIo[];
  readonly chase: { readonly delayUs: number; readonly bias: number; readonly pick: number } | null;
}

interface BurstIo {
  readonly delayUs: number;
  readonly onBcv: boolean;
  readonly block: number;
  readonly blocks: number;
  readonly write: boolean;
}

function intentArbitrary(size: ScriptSize): fc.Arbitrary<Intent> {
  const burstIo = fc.record({
    // Often within a group split's steps (tens of µs), otherwise within two milliseconds.
    delayUs: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 200 })).map((k) => k * 10),
    onBcv: fc.boolean(),
    block: fc.nat({ max: 4096 }),
    blocks: fc.integer({ min: 1, max: 8 }),
    write: fc.boolean(),
  });
  return fc.record({
    atUs: timeArbitrary(size),
    target: weightedTarget,
    bias: fc.nat({ max: 9 }),
    pick: fc.nat({ max: 63 }),
    burst: fc.array(burstIo, { maxLength: 6 }),
    chase: fc.option(fc.record({ delayUs: fc.integer({ min: 1, max: 100 }).map((k) => k * 10), bias: fc.nat({ max: 9 }), pick: fc.nat({ max: 63 }) }), { freq: 3 }),
  });
}

/** The burst's I/O, on the standard or BCV of the target (a group's first and second pair alternate). */
function burstActions(intent: Intent): Action[] {
  const members = intent.target === GROUP.name ? GROUP.pairs : [intent.target];
  return intent.burst.map((io, i) => {
    const pair = PAIRS.find((p) => p.name === members[i % members.length])!;
    return {
      atUs: intent.atUs + io.delayUs,
      kind: 'io',
      host: i % 2,
      volume: io.onBcv ? pair.bcv : pair.std,
      block: io.block,
      blocks: io.blocks,
      write: io.write,
    };
  });
}

type CommandAction = Extract<Action, { kind: 'establish' | 'split' | 'restore' }>;
type CommandChoice = CommandAction extends infer A ? (A extends CommandAction ? Omit<A, 'atUs' | 'target'> : never) : never;

/** Every command a script may issue, with its options. */
const CANDIDATES: readonly CommandChoice[] = [
  { kind: 'establish', incremental: false },
  { kind: 'establish', incremental: true },
  { kind: 'split', consistent: false, instant: false, force: false },
  { kind: 'split', consistent: true, instant: false, force: false },
  { kind: 'split', consistent: false, instant: true, force: false },
  { kind: 'split', consistent: false, instant: false, force: true },
  { kind: 'restore', incremental: false, protected: true },
  { kind: 'restore', incremental: true, protected: true },
  { kind: 'restore', incremental: false, protected: false },
  { kind: 'restore', incremental: true, protected: false },
];

function commandsFromIntents(intents: readonly Intent[], config: ScriptConfig): Action[] {
  // Scripts that start established begin with every pair being established at 0.
  const initial: PairState = config.startEstablished ? { name: 'SyncInProg' } : { name: 'NeverEstab' };
  const predicted = new Map<string, { state: PairState; sinceUs: number }>(PAIRS.map((p) => [p.name, { state: initial, sinceUs: 0 }]));
  const setup: Action[] = config.startEstablished ? PAIRS.map((p) => ({ atUs: 0, kind: 'establish', target: p.name, incremental: false })) : [];
  // Roughly how long a full copy takes: copies usually finish before the next intent, sometimes not.
  const trackUs = Math.max((config.driveServiceUs + 60) / config.copyConcurrency, config.copyRateMBps > 0 ? (config.blocksPerTrack * 4096) / config.copyRateMBps : 0);
  const copyUs = config.tracks * trackUs;
  const decide = (target: TargetName, atUs: number, bias: number, pick: number): Action => {
    const members = target === GROUP.name ? GROUP.pairs : [target];
    // Bias 0-3: aim at the pair while its background work still runs; 4-7: once it is done; 8-9: anything.
    const states = members.map((name) => (bias < 4 ? predicted.get(name)!.state : settle(predicted.get(name)!, atUs, copyUs)));
    const legal = CANDIDATES.filter((c) => states.every((state) => transition(state, commandOf(c)).ok));
    // Anything: first the kind of command, evenly, then its options — so that every (state, command) is tried.
    const kind = (['establish', 'split', 'restore'] as const)[pick % 3]!;
    const pool = bias < 8 && legal.length > 0 ? legal : CANDIDATES.filter((c) => c.kind === kind);
    const chosen = pool[(bias < 8 && legal.length > 0 ? pick : Math.floor(pick / 3)) % pool.length]!;
    members.forEach((name, i) => {
      const result = transition(states[i]!, commandOf(chosen));
      predicted.set(name, result.ok ? { state: result.next, sinceUs: atUs } : { state: states[i]!, sinceUs: predicted.get(name)!.sinceUs });
    });
    return { atUs, target, ...chosen } as Action;
  };
  const commands = [...intents]
    .sort((a, b) => a.atUs - b.atUs)
    .flatMap((intent) => [
      decide(intent.target, intent.atUs, intent.bias, intent.pick),
      // A second command soon after, on the same target: lands while the first one's work runs.
      ...(intent.chase ? [decide(intent.target, intent.atUs + intent.chase.delayUs, intent.chase.bias, intent.chase.pick)] : []),
      ...burstActions(intent),
    ]);
  return [...setup, ...commands];
}

/** The state a pair is likely in by `atUs`, assuming background work finishes in its usual time. */
function settle(prediction: { state: PairState; sinceUs: number }, atUs: number, copyUs: number): PairState {
  const { state, sinceUs } = prediction;
  const elapsed = atUs - sinceUs;
  if ((state.name === 'SyncInProg' || state.name === 'RestInProg') && elapsed > copyUs) {
    const done = transition(state, { name: 'copy-done' });
    return done.ok ? done.next : state;
  }
  if (state.name === 'SplitInProg' && elapsed > 1000) return { name: 'Split' };
  return state;
}

function commandOf(candidate: (typeof CANDIDATES)[number]): PairCommand {
  switch (candidate.kind) {
    case 'establish':
      return { name: 'establish', options: { incremental: candidate.incremental } };
    case 'split':
      return { name: 'split', options: { consistent: candidate.consistent, instant: candidate.instant, force: candidate.force } };
    case 'restore':
      return { name: 'restore', options: { incremental: candidate.incremental, protected: candidate.protected } };
  }
}

/** Faults: drive failures and media errors (kept only for RAID-1 arrays), director failures with restart, power losses. */
function faultArbitrary(size: ScriptSize): fc.Arbitrary<FaultAction> {
  const atUs = timeArbitrary(size);
  const downUs = fc.integer({ min: 1, max: 300 }).map((k) => k * 10);
  return fc.oneof(
    fc.record({ atUs, kind: fc.constant('fail-drive' as const), drive: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ atUs, kind: fc.constant('media-error' as const), volume: fc.constantFrom(...VOLUMES), block: fc.nat({ max: 4096 }), mirror: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ atUs, kind: fc.constant('fail-director' as const), director: fc.integer({ min: 0, max: 1 }), downUs }),
    fc.record({ atUs, kind: fc.constant('power-loss' as const), downUs }),
  );
}

/**
 * The faults the configuration claims to tolerate: drive faults only on
 * RAID-1, at most one drive failure, not both a drive failure and media
 * errors (a bad sector on the surviving mirror would be unrecoverable), and
 * no block bad on both mirrors. Media errors name the block they hit.
 */
function survivable(faults: readonly FaultAction[], config: ScriptConfig): FaultAction[] {
  const onDrives = faults.filter((f) => f.kind === 'fail-drive' || f.kind === 'media-error');
  const others = faults.filter((f) => f.kind !== 'fail-drive' && f.kind !== 'media-error');
  if (!config.raid1 || onDrives.length === 0) return others;
  const failure = onDrives.find((f) => f.kind === 'fail-drive');
  return [...others, ...(failure ? [failure] : mediaErrorsOnOneMirror(onDrives, config))];
}

/** Each media error on its block (in range), dropping any that would make a block bad on both mirrors. */
function mediaErrorsOnOneMirror(faults: readonly FaultAction[], config: ScriptConfig): FaultAction[] {
  const blocks = config.tracks * config.blocksPerTrack;
  const mirrorOf = new Map<string, number>();
  const kept: FaultAction[] = [];
  for (const fault of faults) {
    if (fault.kind !== 'media-error') continue;
    const block = fault.block % blocks;
    const key = `${fault.volume}:${block}`;
    const mirror = mirrorOf.get(key) ?? fault.mirror;
    if (mirror !== fault.mirror) continue;
    mirrorOf.set(key, mirror);
    kept.push({ ...fault, block });
  }
  return kept;
}

/** Generated, shrinkable scripts: the simulator's seed, a configuration, timed actions and tie-breaking choices. */
export function scriptArbitrary(size: ScriptSize = DEFAULT_SIZE): fc.Arbitrary<Script> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    config: configArbitrary(size),
    ios: fc.array(ioArbitrary(size), { maxLength: size.maxActions }),
    faults: size.faults ? fc.array(faultArbitrary(size), { maxLength: 4 }) : fc.constant<FaultAction[]>([]),
    intents: fc.array(intentArbitrary(size), { maxLength: Math.ceil(size.maxActions / 2) }),
    choices: fc.array(fc.nat({ max: 7 }), { maxLength: 32 }),
  }).map(({ seed, config, ios, faults, intents, choices }) => ({
    seed,
    config,
    actions: [...ios, ...commandsFromIntents(intents, config), ...survivable(faults, config)].sort((a, b) => a.atUs - b.atUs),
    choices,
  }));
}
