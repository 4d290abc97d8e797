import * as fc from 'fast-check';
import type { PairCommand } from '../protocol/state.js';
import { Forecast } from './forecast.js';
import { isCommand, type Action, type CommandAction, type FaultAction, type Script } from './script.js';
import { BLOCK_BYTES, COMMAND_US, dataDrives, FRONT_END_DIRECTORS, groupsOf, MAX_IO_TRACKS, maxBcvsPerStd, pairedVolumesOf, pairsOf, PLAIN_VOLUME, SPLIT_STEP_US, stdName, tracksOf, type World } from './world.js';

/** How big generated scripts get: the default keeps one run to a few milliseconds of wall time. */
export interface ScriptSize {
  readonly maxActions: number;
  /** Actions fall on a 10 µs grid within this span, so that many coincide. */
  readonly spanUs: number;
  /** Volumes have 2 to this many tracks. */
  readonly maxTracks: number;
  /** Scripts may inject faults (a swarm feature: about half of them do). */
  readonly faults: boolean;
}

export const DEFAULT_SIZE: ScriptSize = { maxActions: 40, spanUs: 60_000, maxTracks: 64, faults: true };

/**
 * Swarm testing (Groce et al., ISSTA 2012): each script enables a random
 * subset of these features, so that scripts differ in kind and not only in
 * detail, and a feature that masks a bug (reads that copy a track in before
 * a write could go wrong, say) is often absent.
 */
export const FEATURES = [
  'std-reads',
  'std-writes',
  'bcv-reads',
  'bcv-writes',
  'forced-splits',
  'instant-splits',
  'incremental',
  'unprotected-restores',
  'group-commands',
  'second-commands',
  'faults',
] as const;
export type Feature = (typeof FEATURES)[number];

/** The world a script plays in, drawn per script and shrunk toward the smallest. */
export function worldArbitrary(size: ScriptSize): fc.Arbitrary<World> {
  return fc
    .record({
      bcvsPerStd: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
      // Members as pair indices (taken modulo the pairs there are), so that shrinking the cast keeps groups valid.
      groups: fc.array(fc.array(fc.nat({ max: 11 }), { minLength: 2, maxLength: 4 }), { maxLength: 2 }),
      // 16 (the product's default) and 32 (the most a track holds) always in the mix; any size from 4 too.
      blocksPerTrack: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(4, 8, 16, 32) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 32 }) }),
      tracks: fc.integer({ min: 2, max: Math.max(2, size.maxTracks) }),
      // Sometimes the last track is partial.
      shortBy: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 31 }) }),
      hosts: fc.integer({ min: 1, max: 3 }),
      // From the write-pending edge (the least the protocol needs: long writes land in pieces) to roomy.
      extraWritePending: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 40 })),
      // Clean slots beyond the write-pending ones: often few, so that reads miss and go to the drives.
      extraSlots: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 40 })),
      driveServiceUs: fc.integer({ min: 20, max: 400 }),
      copy: fc.record({
        concurrency: fc.integer({ min: 1, max: 4 }),
        // The rate limit as the time a full copy of a volume takes (0: no limit, the drives decide): a few
        // milliseconds, so that copies end within the script and host I/O still finds tracks not yet copied.
        fullCopyMs: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: MAX_FULL_COPY_US / 1000 }) }),
        priority: fc.constantFrom('low' as const, 'equal' as const),
        order: fc.constantFrom('track' as const, 'touched-first' as const),
      }),
      copyOnRead: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      bcvWriteDuringRestore: fc.constantFrom('refuse' as const, 'copy-before-write' as const),
      raid1: size.faults ? fc.boolean() : fc.constant(false),
    })
    .map(({ groups, tracks, shortBy, extraWritePending, extraSlots, copy: { fullCopyMs, ...copy }, ...rest }) => {
      const names = pairsOf(rest).map((p) => p.name);
      const memberLists = groups.map((members) => [...new Set(members.map((i) => names[i % names.length]!))]).filter((m) => m.length >= 2);
      const writePendingSlots = minWritePendingSlots(rest) + extraWritePending;
      const volumeBlocks = tracks * rest.blocksPerTrack - (shortBy % rest.blocksPerTrack);
      // Drives fast enough that a copy bound by them alone takes at most a few milliseconds too.
      const driveServiceUs = Math.max(20, Math.min(rest.driveServiceUs, Math.floor((MAX_FULL_COPY_US * copy.concurrency) / tracks)));
      // Bytes per microsecond are MB/s.
      const rateMBps = fullCopyMs === 0 ? 0 : Math.ceil((volumeBlocks * BLOCK_BYTES) / (fullCopyMs * 1000));
      return {
        ...rest,
        driveServiceUs,
        copy: { ...copy, rateMBps },
        groups: memberLists,
        volumeBlocks,
        writePendingSlots,
        cacheSlots: writePendingSlots + extraSlots,
      };
    });
}

/** The longest a full copy of one volume takes on its own: copies end within a script, and host I/O still finds tracks not yet copied. */
const MAX_FULL_COPY_US = 8000;

const featuresArbitrary: fc.Arbitrary<ReadonlySet<Feature>> = fc.array(fc.boolean(), { minLength: FEATURES.length, maxLength: FEATURES.length }).map(
  (on) => new Set(FEATURES.filter((_, i) => on[i])),
);

/** A host I/O before it meets its world: indices and sizes are taken modulo what the world has. */
interface RawIo {
  readonly host: number;
  readonly block: number;
  /** 0: a few blocks; 1: up to three tracks, anywhere; 2: one to three whole tracks. */
  readonly shape: number;
  readonly length: number;
  readonly write: boolean;
}

const rawIoArbitrary: fc.Arbitrary<RawIo> = fc.record({
  host: fc.nat({ max: 2 }),
  block: fc.nat({ max: 1 << 16 }),
  shape: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constantFrom(1, 2) }),
  length: fc.nat({ max: 95 }),
  write: fc.boolean(),
});

function timeArbitrary(size: ScriptSize): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: size.spanUs / 10 }).map((k) => k * 10);
}

/**
 * Commands as intents: mostly (`bias` < 8) a command legal in the state the
 * forecast predicts for the target at that time (with or without its copy
 * finished), otherwise any command — so that scripts walk deep into the
 * protocol (establish, split, restore, restore again …) and still try
 * illegal ones. Host I/O on the target's volumes follows in a burst: where
 * the interesting interleavings are.
 */
interface Intent {
  readonly atUs: number;
  readonly onGroup: boolean;
  /** The pair (or group) aimed at, modulo what the world has: mostly the first, so that scripts walk deep into one pair. */
  readonly target: number;
  readonly bias: number;
  readonly pick: number;
  /** Host I/O shortly after the command; `side` picks the standard or the BCV. */
  readonly burst: readonly (RawIo & { readonly delayUs: number; readonly side: number })[];
  readonly chase: { readonly delayUs: number; readonly bias: number; readonly pick: number } | null;
  /**
   * A fault in the thick of it: during the burst, so that it catches I/O and
   * copies in flight and dirty data in cache; a media error lands under the
   * burst's first I/O.
   */
  readonly fault: (RawFault & { readonly delayUs: number }) | null;
}

function intentArbitrary(size: ScriptSize): fc.Arbitrary<Intent> {
  const burstIo = fc.record({
    // Often within a group split's steps (tens of µs), otherwise within two milliseconds.
    delayUs: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 200 })).map((k) => k * 10),
    side: fc.nat({ max: 3 }),
    io: rawIoArbitrary,
  });
  return fc.record({
    atUs: timeArbitrary(size),
    onGroup: fc.boolean(),
    target: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 11 }) }),
    bias: fc.nat({ max: 9 }),
    pick: fc.nat({ max: 63 }),
    burst: fc.array(burstIo.map(({ io, ...rest }) => ({ ...io, ...rest })), { maxLength: 6 }),
    chase: fc.option(fc.record({ delayUs: fc.integer({ min: 1, max: 100 }).map((k) => k * 10), bias: fc.nat({ max: 9 }), pick: fc.nat({ max: 63 }) }), { freq: 3 }),
    // One intent in two carries a fault.
    fault: fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.tuple(faultArbitrary(size), fc.integer({ min: 0, max: 60 })).map(([fault, k]) => ({ ...fault, delayUs: k * 10 })) },
    ),
  });
}

type Start = 'none' | 'first' | 'all' | 'split';

type CommandChoice = CommandAction extends infer A ? (A extends CommandAction ? Omit<A, 'atUs' | 'target'> : never) : never;

/** Every command a script may issue, with its options, and the feature it needs. */
const CANDIDATES: readonly { readonly choice: CommandChoice; readonly needs: Feature | null }[] = [
  { choice: { kind: 'establish', incremental: false }, needs: null },
  { choice: { kind: 'establish', incremental: true }, needs: 'incremental' },
  { choice: { kind: 'split', consistent: false, instant: false, force: false }, needs: null },
  { choice: { kind: 'split', consistent: true, instant: false, force: false }, needs: null },
  { choice: { kind: 'split', consistent: false, instant: true, force: false }, needs: 'instant-splits' },
  { choice: { kind: 'split', consistent: false, instant: false, force: true }, needs: 'forced-splits' },
  { choice: { kind: 'restore', incremental: false, protected: true }, needs: null },
  { choice: { kind: 'restore', incremental: true, protected: true }, needs: 'incremental' },
  { choice: { kind: 'restore', incremental: false, protected: false }, needs: 'unprotected-restores' },
  { choice: { kind: 'restore', incremental: true, protected: false }, needs: 'unprotected-restores' },
];

/** What a script's raw draws become once they meet their world. */
class ScriptBuilder {
  private readonly pairs;
  private readonly groups;
  private readonly volumes;
  private readonly forecast: Forecast;
  private readonly candidates: readonly CommandChoice[];
  /** The commands hosts send, in the order drawn (faults may be aimed at them). */
  private readonly sentByHosts: CommandAction[] = [];
  private commandsDrawn = 0;

  constructor(
    private readonly world: World,
    private readonly features: ReadonlySet<Feature>,
    /** Who sends the intents' commands, in the order they are drawn (see `sendersArbitrary`). */
    private readonly senders: readonly (number | null)[] = [],
  ) {
    this.pairs = pairsOf(world);
    this.groups = features.has('group-commands') ? groupsOf(world) : [];
    // The paired volumes: the volume in no pair takes only its own I/O (see `extras`), so that the rest of a script stays as it was.
    this.volumes = pairedVolumesOf(world);
    this.candidates = CANDIDATES.filter((c) => c.needs === null || features.has(c.needs)).map((c) => c.choice);
    // Roughly how long a full copy takes: copies usually finish before the next intent, sometimes not.
    const trackUs = Math.max((world.driveServiceUs + 60) / world.copy.concurrency, world.copy.rateMBps > 0 ? (world.blocksPerTrack * BLOCK_BYTES) / world.copy.rateMBps : 0);
    // Host load, low priority and faults stretch copies: a forecast a little long errs toward legal commands.
    this.forecast = new Forecast(this.pairs, { copyUs: 1.5 * tracksOf(world) * trackUs + 200, splitUs: 1000 });
  }

  /**
   * How the script begins: nothing established (`none`); the first BCV of
   * each standard (and every pair of a device group) established at 0
   * (`first`), the others free to restore it later; every pair established (`all`); or the first BCVs established and
   * split as soon as their copy is likely done (`split`), so that restores
   * can begin at once.
   */
  setup(start: Start): Action[] {
    if (start === 'none') return [];
    // A device group's pairs are established (and split) together.
    const grouped = new Set(this.groups.flatMap((g) => g.pairs));
    const chosen = this.pairs.filter((p) => start === 'all' || p.name.endsWith('a') || grouped.has(p.name));
    const establish = chosen.map((p) => this.command(p.name, [p.name], 0, { kind: 'establish', incremental: false }, false));
    if (start !== 'split') return establish;
    const splitUs = Math.ceil(this.forecast.durations.copyUs / 10) * 10;
    return [...establish, ...chosen.map((p) => this.command(p.name, [p.name], splitUs, { kind: 'split', consistent: false, instant: false, force: false }, true))];
  }

  io(raw: RawIo, atUs: number, volume: string): Action | null {
    const isStd = !volume.startsWith('bcv');
    const feature: Feature = `${isStd ? 'std' : 'bcv'}-${raw.write ? 'writes' : 'reads'}`;
    if (!this.features.has(feature)) return null;
    const { volumeBlocks: blocks, blocksPerTrack: bpt } = this.world;
    let block = raw.block % blocks;
    let count: number;
    if (raw.shape === 0) count = 1 + (raw.length % 8);
    else if (raw.shape === 1) count = 1 + (raw.length % (MAX_IO_TRACKS * bpt));
    else {
      block -= block % bpt;
      count = (1 + (raw.length % MAX_IO_TRACKS)) * bpt;
    }
    return { atUs, kind: 'io', host: raw.host % this.world.hosts, volume, block, blocks: Math.min(count, blocks - block), write: raw.write };
  }

  standaloneIo(raw: RawIo & { readonly volume: number }, atUs: number): Action | null {
    return this.io(raw, atUs, this.volumes[raw.volume % this.volumes.length]!);
  }

  intent(intent: Intent): { actions: Action[]; faults: RawFault[] } {
    const target = this.targetOf(intent);
    const actions: Action[] = [];
    const first = this.decide(target, intent.atUs, intent.bias, intent.pick);
    if (first) actions.push(first);
    const second = intent.chase && this.features.has('second-commands') ? this.decide(target, intent.atUs + intent.chase.delayUs, intent.chase.bias, intent.chase.pick) : null;
    if (second) actions.push(second);
    // The burst's I/O, on the standard or BCV of the target (a group's members in turn) — after a restore
    // mostly on the standard, whose tracks not yet restored are where a restore goes wrong.
    const restoring = first?.kind === 'restore';
    intent.burst.forEach((io, i) => {
      const pair = this.pairs.find((p) => p.name === target.members[i % target.members.length])!;
      const onBcv = restoring ? io.side === 3 : io.side % 2 === 1;
      const action = this.io(io, intent.atUs + io.delayUs, onBcv ? pair.bcv : pair.std);
      if (action) actions.push(action);
    });
    return { actions, faults: intent.fault ? [this.faultInBurst(intent, intent.fault, actions)] : [] };
  }

  private faultInBurst(intent: Intent, { delayUs, ...fault }: RawFault & { readonly delayUs: number }, actions: readonly Action[]): RawFault {
    const atUs = intent.atUs + delayUs;
    const write = actions.find((a) => a.kind === 'io' && a.write);
    // A director failure or power loss catches the burst's first write under way or just after: in
    // flight, or dirty in cache before its destage (within 90 µs of its issue).
    if ((fault.kind === 'fail-director' || fault.kind === 'power-loss') && write) return { ...fault, atUs: write.atUs + (delayUs % 100) };
    // A media error goes under data: a block that write wrote, just after it (a write before it would
    // repair the sector; under a block never written, a read of zeroes is the right answer).
    const io = write ?? actions.find((a) => a.kind === 'io');
    if (fault.kind !== 'media-error' || !io || io.kind !== 'io') return { ...fault, atUs };
    return { ...fault, atUs: Math.max(atUs, io.atUs + 10), volume: this.volumes.indexOf(io.volume), block: io.block + (fault.block % io.blocks) };
  }

  private targetOf(intent: Intent): { name: string; members: readonly string[] } {
    if (intent.onGroup && this.groups.length > 0) {
      const group = this.groups[intent.target % this.groups.length]!;
      return { name: group.name, members: group.pairs };
    }
    const pair = this.pairs[intent.target % this.pairs.length]!;
    return { name: pair.name, members: [pair.name] };
  }

  /**
   * Bias 0-1 aims at the target while its background work still runs (or,
   * if nothing is legal then, at what follows it); 2-6 once it is done; 7-9
   * at a command the forecast says is refused at the edge, if there is one —
   * else 7 at a legal command and 8-9 at some refused one. A command is
   * picked kind first (establish, split or restore, the restore most often),
   * then options, so that the four kinds of split do not crowd out the
   * restore.
   * When nothing is forecast legal, no command is issued: refusals are
   * tried by the 8-9s, and cost a script nothing else.
   */
  private decide(target: { name: string; members: readonly string[] }, atUs: number, bias: number, pick: number): Action | null {
    const legalAt = (settled: boolean) => this.candidates.filter((c) => this.forecast.legal(target.members, commandOf(c), atUs, settled));
    const settled = bias >= 2 || legalAt(false).length === 0;
    const legal = legalAt(settled);
    // The 8-9s try what the forecast says is refused, so that refusals are tried in every state the walk
    // reaches — first those at the edge (each member could take it alone; together, or beside a sibling, not).
    const illegal = this.candidates.filter((c) => !legal.includes(c));
    const edge = illegal.filter((c) => this.forecast.edge(target.members, commandOf(c), atUs, settled));
    const pool = bias < 7 ? legal : edge.length > 0 ? edge : bias < 8 ? legal : illegal.length > 0 ? illegal : this.candidates;
    if (pool.length === 0) return null;
    // Kinds weighted toward the restore, the protocol's subject: restore 3, split 2, establish 1.
    const kinds = (['restore', 'restore', 'restore', 'split', 'split', 'establish'] as const).filter((k) => pool.some((c) => c.kind === k));
    const kind = kinds[pick % kinds.length]!;
    const options = pool.filter((c) => c.kind === kind);
    const chosen = options[Math.floor(pick / kinds.length) % options.length]!;
    const action = this.command(target.name, target.members, atUs, chosen, settled);
    const host = this.senders[this.commandsDrawn++] ?? null;
    if (host === null) return action;
    const sent = { ...action, host: host % this.world.hosts };
    this.sentByHosts.push(sent);
    return sent;
  }

  /**
   * Faults aimed at commands hosts send (when the script has faults): the
   * director the command goes through fails, or the power goes, a few
   * microseconds after it is sent — while it waits for its director (lost),
   * or after the hand-over (carried out, its answer lost), or just after it
   * was answered.
   */
  aimedFaults(raw: readonly RawAimedFault[]): FaultAction[] {
    if (!this.features.has('faults') || this.sentByHosts.length === 0) return [];
    return raw.map(({ command, delayUs, power, downUs }) => {
      const sent = this.sentByHosts[command % this.sentByHosts.length]!;
      const atUs = sent.atUs + delayUs;
      return power ? { atUs, kind: 'power-loss', downUs } : { atUs, kind: 'fail-director', director: sent.host! % FRONT_END_DIRECTORS, downUs };
    });
  }

  /**
   * Commands the intents' steering never draws: up to one to a name that is
   * no pair or group (a volume's name, or a pair or group the world lacks:
   * a user's typo), and up to three right behind another command to the
   * same target, whatever the forecast says — so that commands arrive while
   * a split settles, after a forced split of a restore, and in every state a
   * walk passes through; and, in a world with a volume in no pair, up to six
   * host I/Os to it. None feeds the forecast or draws aimed faults: they are
   * made after the rest of the script, which stays what the same seed gave
   * before them.
   */
  extras(raw: RawExtras, drawn: readonly Action[]): Action[] {
    const sendBy = (host: number | null) => (host === null ? {} : { host: host % this.world.hosts });
    const strays = raw.strays.map(({ atUs, name, pick, host }): CommandAction => {
      const target = [stdName(0), 'p9z', 'g9'][name % 3]!;
      return { atUs, target, ...this.candidates[pick % this.candidates.length]!, ...sendBy(host) } as CommandAction;
    });
    const commands = drawn.filter(isCommand);
    const followUps =
      commands.length === 0
        ? []
        : raw.followUps.flatMap(({ command, follows, delayUs, pick, host, write }): Action[] => {
            const next = (before: CommandAction, atUs: number) =>
              ({ atUs, target: before.target, ...this.candidates[pick % this.candidates.length]!, ...sendBy(host) }) as CommandAction;
            const kind = commands.filter((c) => (follows === 'instant-split' ? c.kind === 'split' && c.instant : c.kind === follows));
            if (follows === 'any' || kind.length === 0) {
              const before = commands[command % commands.length]!;
              return [next(before, before.atUs + delayUs)];
            }
            const before = kind[command % kind.length]!;
            if (follows === 'restore') {
              // A restore split with --force while it copies (it copies for some milliseconds), by whoever sent the
              // restore, then a command to SplitBfrRest. The forced split is made whatever the swarm's features say.
              const atUs = before.atUs + 10 + delayUs;
              const force: CommandAction = { atUs, kind: 'split', target: before.target, consistent: false, instant: false, force: true, ...sendBy(before.host ?? null) };
              return [force, next(before, atUs + 10 + (delayUs % 200))];
            }
            // An instant split is acknowledged when it takes effect, before it settles: a write to the standard
            // landing before that reaches the BCV's cache, and a command soon after the acknowledgement finds
            // the pair settling until that write is on the BCV's drives. A write is issued from a little before
            // the split to a little after (it lands some 20 µs after its issue).
            const takesEffectUs = COMMAND_US + SPLIT_STEP_US;
            const pair = this.pairs.find((p) => p.name === before.target);
            const prior = pair ? this.io(write, Math.max(0, before.atUs - 20 + (delayUs % 50)), pair.std) : null;
            return [...(prior ? [prior] : []), next(before, before.atUs + takesEffectUs + (delayUs % 150))];
          });
    const plain = this.world.plainVolume ? raw.plainIos.flatMap(({ atUs, io }) => this.io(io, atUs, PLAIN_VOLUME) ?? []) : [];
    return [...strays, ...followUps, ...plain];
  }

  private command(target: string, members: readonly string[], atUs: number, choice: CommandChoice, settled: boolean): CommandAction {
    this.forecast.issue(members, commandOf(choice), atUs, settled);
    return { atUs, target, ...choice } as CommandAction;
  }

  /**
   * The faults the world claims to tolerate: drive faults only on RAID-1, at
   * most one drive failure, not both a drive failure and media errors (a bad
   * sector on the surviving mirror would be unrecoverable), and no block bad
   * on both mirrors. Media errors name the block they hit.
   */
  faults(raw: readonly RawFault[]): FaultAction[] {
    if (!this.features.has('faults')) return [];
    const faults = raw.map((f) => this.fault(f));
    const onDrives = faults.filter((f) => f.kind === 'fail-drive' || f.kind === 'media-error');
    const others = faults.filter((f) => f.kind !== 'fail-drive' && f.kind !== 'media-error');
    if (!this.world.raid1 || onDrives.length === 0) return others;
    // The first fault on the drives decides which kind the script keeps: one drive failure, or media errors.
    return [...others, ...(onDrives[0]!.kind === 'fail-drive' ? [onDrives[0]!] : mediaErrorsOnOneMirror(onDrives))];
  }

  private fault(raw: RawFault): FaultAction {
    if (raw.kind === 'fail-drive') return { ...raw, drive: raw.drive % dataDrives(this.world) };
    if (raw.kind !== 'media-error') return raw;
    const { volume, block, ...rest } = raw;
    return { ...rest, volume: this.volumes[volume % this.volumes.length]!, block: block % this.world.volumeBlocks };
  }
}

/** Each media error on its block, dropping any that would make a block bad on both mirrors. */
function mediaErrorsOnOneMirror(faults: readonly FaultAction[]): FaultAction[] {
  const mirrorOf = new Map<string, number>();
  const kept: FaultAction[] = [];
  for (const fault of faults) {
    if (fault.kind !== 'media-error') continue;
    const key = `${fault.volume}:${fault.block}`;
    const mirror = mirrorOf.get(key) ?? fault.mirror;
    if (mirror !== fault.mirror) continue;
    mirrorOf.set(key, mirror);
    kept.push(fault);
  }
  return kept;
}

function commandOf(choice: CommandChoice): PairCommand {
  switch (choice.kind) {
    case 'establish':
      return { name: 'establish', options: { incremental: choice.incremental } };
    case 'split':
      return { name: 'split', options: { consistent: choice.consistent, instant: choice.instant, force: choice.force } };
    case 'restore':
      return { name: 'restore', options: { incremental: choice.incremental, protected: choice.protected } };
  }
}

type RawFault = Exclude<FaultAction, { kind: 'media-error' }> | { readonly atUs: number; readonly kind: 'media-error'; readonly volume: number; readonly block: number; readonly mirror: number };

/** Faults: drive failures and media errors (kept only for RAID-1 worlds), director failures with restart, power losses. */
function faultArbitrary(size: ScriptSize): fc.Arbitrary<RawFault> {
  const atUs = timeArbitrary(size);
  const downUs = fc.integer({ min: 1, max: 300 }).map((k) => k * 10);
  return fc.oneof(
    fc.record({ atUs, kind: fc.constant('fail-drive' as const), drive: fc.nat({ max: 31 }) }),
    fc.record({ atUs, kind: fc.constant('media-error' as const), volume: fc.nat({ max: 15 }), block: fc.nat({ max: 1 << 16 }), mirror: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ atUs, kind: fc.constant('fail-director' as const), director: fc.integer({ min: 0, max: 1 }), downUs }),
    fc.record({ atUs, kind: fc.constant('power-loss' as const), downUs }),
  );
}

/**
 * Who sends each command the intents draw, in order: about a third are sent
 * by a host through its director (where a director failure or power loss
 * can catch them), the others by the script itself. Drawn after everything
 * else, so that the rest of a script is what the same seed gave before
 * commands had senders.
 */
function sendersArbitrary(size: ScriptSize): fc.Arbitrary<(number | null)[]> {
  const sender = fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 2 }) });
  // One per command the intents can draw (a first and a second each): shrinking makes them null, not fewer.
  const commands = 2 * Math.ceil(size.maxActions / 2);
  return fc.array(sender, { minLength: commands, maxLength: commands });
}

/** A fault aimed at the `command`-th command a host sends (modulo those there are), `delayUs` after it is sent. */
interface RawAimedFault {
  readonly command: number;
  readonly delayUs: number;
  readonly power: boolean;
  readonly downUs: number;
}

const aimedFaultArbitrary: fc.Arbitrary<RawAimedFault> = fc.record({
  command: fc.nat({ max: 15 }),
  // Often within the director's overhead (a few µs: the command is lost), otherwise within its processing or a group split's steps.
  delayUs: fc.oneof(fc.nat({ max: 6 }), fc.nat({ max: 80 })),
  power: fc.boolean(),
  downUs: fc.integer({ min: 1, max: 300 }).map((k) => k * 10),
});

/** Commands the intents' steering never draws (see `ScriptBuilder.extras`). */
interface RawExtras {
  /** The world gains a volume in no pair (see `World.plainVolume`), on drives of its own, with host I/O of its own (`plainIos`). */
  readonly plainVolume: boolean;
  readonly plainIos: readonly { readonly atUs: number; readonly io: RawIo }[];
  /** Commands to a name no pair or group has: `name` picks it, `pick` the command, `host` the sender (null: the script). */
  readonly strays: readonly { readonly atUs: number; readonly name: number; readonly pick: number; readonly host: number | null }[];
  /** A command `delayUs` behind the `command`-th command of the script (modulo those there are), to the same target. */
  readonly followUps: readonly {
    readonly command: number;
    /** What it follows: `any` command; an instant split (a write to its standard just before); a restore (split --force first). */
    readonly follows: 'any' | 'instant-split' | 'restore';
    readonly delayUs: number;
    readonly pick: number;
    readonly host: number | null;
    readonly write: RawIo;
  }[];
}

function extrasArbitrary(size: ScriptSize): fc.Arbitrary<RawExtras> {
  const host = fc.option(fc.nat({ max: 2 }), { freq: 2 });
  return fc.record({
    plainVolume: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    plainIos: fc.array(fc.record({ atUs: timeArbitrary(size), io: rawIoArbitrary }), { maxLength: 6 }),
    strays: fc.array(fc.record({ atUs: timeArbitrary(size), name: fc.nat({ max: 2 }), pick: fc.nat({ max: 63 }), host }), { maxLength: 1 }),
    followUps: fc.array(
      fc.record({
        command: fc.nat({ max: 31 }),
        // Mostly within a split's settling (the BCV's pending writes reaching its drives: a few drive services).
        delayUs: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 100 })).map((k) => k * 10),
        pick: fc.nat({ max: 63 }),
        host,
        follows: fc.constantFrom('any' as const, 'instant-split' as const, 'restore' as const),
        write: rawIoArbitrary.map((io) => ({ ...io, write: true })),
      }),
      { maxLength: 3 },
    ),
  });
}

/** Generated, shrinkable scripts: the simulator's seed, a world, timed actions and tie-breaking choices. */
export function scriptArbitrary(size: ScriptSize = DEFAULT_SIZE): fc.Arbitrary<Script> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      world: worldArbitrary(size),
      features: featuresArbitrary,
      // Most often split at once, so that restores can come early.
      start: fc.constantFrom<Start>('none', 'first', 'all', 'split', 'split'),
      ios: fc.array(fc.record({ atUs: timeArbitrary(size), volume: fc.nat({ max: 15 }), io: rawIoArbitrary }), { maxLength: size.maxActions, size: 'medium' }),
      faults: size.faults ? fc.array(faultArbitrary(size), { maxLength: 2 }) : fc.constant<RawFault[]>([]),
      intents: fc.array(intentArbitrary(size), { maxLength: Math.ceil(size.maxActions / 2), size: 'medium' }),
      choices: fc.array(fc.nat({ max: 7 }), { maxLength: 32 }),
      senders: sendersArbitrary(size),
      aimed: size.faults ? fc.array(aimedFaultArbitrary, { maxLength: 2 }) : fc.constant<RawAimedFault[]>([]),
      // Last, so that the rest of a script is what the same seed gave before them.
      extras: extrasArbitrary(size),
    })
    .map(({ seed, world: drawnWorld, features, start, ios, faults, intents, choices, senders, aimed, extras }) => {
      const world = extras.plainVolume ? { ...drawnWorld, plainVolume: true } : drawnWorld;
      const builder = new ScriptBuilder(world, features, senders);
      const setup = builder.setup(start);
      const fromIntents = [...intents].sort((a, b) => a.atUs - b.atUs).map((intent) => builder.intent(intent));
      const standalone = ios.flatMap(({ atUs, volume, io }) => builder.standaloneIo({ ...io, volume }, atUs) ?? []);
      const injected = builder.faults([...faults, ...fromIntents.flatMap((i) => i.faults)]);
      const drawn = [...setup, ...standalone, ...fromIntents.flatMap((i) => i.actions), ...injected, ...builder.aimedFaults(aimed)];
      const actions = [...drawn, ...builder.extras(extras, drawn)].sort((a, b) => a.atUs - b.atUs);
      return { seed, world, actions, choices };
    });
}

/**
 * The write-pending slots a world needs at least (the loader's own bound):
 * one track on the busiest standard and on each of its BCVs. A longer write
 * to it lands in pieces of fewer tracks, one after the other.
 */
export const minWritePendingSlots = (world: Pick<World, 'bcvsPerStd'>): number => 1 + maxBcvsPerStd(world);
