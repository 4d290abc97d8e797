import * as z from 'zod';
import { QUEUE_POLICIES } from '../devices/queue-policy.js';
import { TRACE_FORMATS } from '../host/traces/format.js';
import { exportedAs } from './json-schema.js';
import { between, choice, count, duration, flag, fraction, inside, integer, name, nonEmptyList, positive, size, text } from './schema-values.js';

/**
 * The scenario file format, as a zod schema. Every object is strict, so a
 * misspelt key is refused by name. Sizes accept units (`4KiB`, `2GiB`),
 * durations too (`250ms`, `1.5s`; a plain number is seconds).
 */

const queue = choice(QUEUE_POLICIES as unknown as [string, ...string[]]);

const hddDrive = z.strictObject({ model: z.literal('hdd'), queue: queue.optional() });
const disksimDrive = z.strictObject({
  model: z.literal('disksim'),
  /** Path (relative to the scenario file) of a DiskSim run's `.parv`, a `.diskspecs`, or a stem with either beside it. */
  description: text(1024, 'a file path'),
  queue: queue.optional(),
});
const ssdDrive = z.strictObject({
  model: z.literal('ssd'),
  capacity: size.optional(),
  channels: count(1024).optional(),
  diesPerChannel: count(1024).optional(),
  pageSize: size.optional(),
  readTime: duration.optional(),
  programTime: duration.optional(),
  channelMBps: positive().optional(),
  overhead: duration.optional(),
});
const fixedDrive = z.strictObject({ model: z.literal('fixed'), service: duration, capacity: size.optional() });
const exponentialDrive = z.strictObject({ model: z.literal('exponential'), meanService: duration, capacity: size.optional() });

const driveModel = z.discriminatedUnion('model', [hddDrive, disksimDrive, ssdDrive, fixedDrive, exponentialDrive], {
  error: 'expected a drive model: hdd, disksim, ssd, fixed or exponential',
});

const driveIdentities = [z.strictObject({ name }), z.strictObject({ count: count(4096), prefix: name })] as const;

/** One drive (`name`) or several alike (`count` with `prefix`: d0, d1, …). */
const drive = exportedAs(
  z.intersection(z.union(driveIdentities, { error: 'expected either name, or count with prefix' }), driveModel),
  // In JSON Schema each side of the intersection, strict, would refuse the other's keys: an editor is given every product instead.
  z.union(driveIdentities.flatMap((identity) => driveModel.options.map((model) => identity.extend(model.shape)))),
);

const volume = z.strictObject({
  name,
  size,
  drives: nonEmptyList(name, 'drive'),
  /** Stripe unit, in tracks. */
  stripe: count(1 << 20).default(1),
  raid1: flag.default(false),
});

const frontEnd = z.strictObject({
  directors: count(256).default(2),
  processors: count(64).default(2),
  maxTasks: count(1 << 16).default(256),
  overhead: duration.prefault('25us'),
  portMBps: positive().default(800),
});

const backEnd = z.strictObject({
  adapters: count(256).default(2),
  processors: count(64).default(2),
  maxTasks: count(1 << 16).default(128),
  overhead: duration.prefault('10us'),
  /** Background operations (destage, copy) allowed on one drive at a time. */
  backgroundPerDrive: count(1024).default(2),
});

const cache = z.strictObject({
  size: size.default(8 * 2 ** 30),
  /** Share of the cache that may hold data not yet on the drives. */
  writePendingLimit: inside(0, 1).default(0.75),
  accessTime: duration.prefault('15us'),
  /** Destage writes in flight at once (default: two per drive). */
  destageConcurrency: count(1 << 16).optional(),
});

const array = z.strictObject({
  blockSize: size.default(4096),
  trackSize: size.default(65536),
  drives: nonEmptyList(drive, 'drive'),
  frontEnd: frontEnd.prefault({}),
  backEnd: backEnd.prefault({}),
  cache: cache.prefault({}),
  volumes: nonEmptyList(volume, 'volume'),
  /** Drives kept free to rebuild a failed RAID-1 drive onto. */
  spares: z.array(name).default([]),
});

const copy = z.strictObject({
  rateMBps: between(0, 1e9).optional(),
  concurrency: count(4096).optional(),
  priority: choice(['low', 'equal']).optional(),
  order: choice(['track', 'touched-first']).optional(),
});

const pair = z.strictObject({ name, std: name, bcv: name, copy: copy.optional() });
const group = z.strictObject({ name, pairs: nonEmptyList(name, 'pair') });

const protocol = z.strictObject({
  commandTime: duration.prefault('500us'),
  splitStep: duration.prefault('200us'),
  copy: copy.prefault({}),
  copyOnRead: flag.default(true),
  bcvWriteDuringRestore: choice(['refuse', 'copy-before-write']).default('refuse'),
});

const weightedSize = z.strictObject({ size, weight: positive() });

const workload = z
  .strictObject({
    volumes: nonEmptyList(z.union([name, z.strictObject({ volume: name, weight: positive() })], { error: 'expected a volume name, or { volume, weight }' }), 'volume'),
    distribution: choice(['uniform', 'zipf', 'sequential', 'hotspot']).default('uniform'),
    /** Zipf skew θ. */
    skew: positive(10).optional(),
    /** Sequential: independent cursors. */
    streams: count(1 << 16).optional(),
    hotFraction: inside(0, 1).optional(),
    hotAccessFraction: fraction.optional(),
    alignment: choice(['size', 'block', 'track']).default('size'),
    readFraction: fraction.default(0.7),
    size: z.union([size, nonEmptyList(weightedSize, 'size')], { error: 'expected a size such as 8KiB, or a list of { size, weight }' }).default(4096),
    /** Open loop: Poisson arrivals at this rate. */
    iops: positive(1e9).optional(),
    /** Closed loop: this many I/Os outstanding. */
    queueDepth: count(1 << 16).optional(),
    think: duration.optional(),
    bursts: z.strictObject({ on: duration, off: duration, random: flag.default(false), startOff: flag.default(false) }).optional(),
    limit: count(Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((w, ctx) => {
    const only = (key: 'skew' | 'streams' | 'hotFraction' | 'hotAccessFraction', distribution: string) => {
      if (w[key] !== undefined && w.distribution !== distribution) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies only to distribution: ${distribution} (this workload is ${w.distribution})` });
      }
    };
    only('skew', 'zipf');
    only('streams', 'sequential');
    only('hotFraction', 'hotspot');
    only('hotAccessFraction', 'hotspot');
    if (w.distribution === 'zipf' && w.skew === undefined) ctx.addIssue({ code: 'custom', path: ['skew'], message: 'distribution: zipf needs a skew (e.g. 0.99)' });
    if (w.distribution === 'hotspot' && (w.hotFraction === undefined || w.hotAccessFraction === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['hotFraction'], message: 'distribution: hotspot needs hotFraction and hotAccessFraction' });
    }
    if ((w.iops === undefined) === (w.queueDepth === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['iops'], message: 'expected exactly one of iops (open loop) or queueDepth (closed loop)' });
    }
    if (w.think !== undefined && w.queueDepth === undefined) ctx.addIssue({ code: 'custom', path: ['think'], message: 'think applies only with queueDepth' });
  });

/** A device or volume id, as the trace's format names it (`usr_0`, `"8,0"`, 1063). */
const DEVICE_ID = 'expected a device or volume id: a whole number, or a name without spaces (usr_0, "8,0")';
const traceDevice = z.union(
  [z.number({ error: DEVICE_ID }).int({ error: DEVICE_ID }).min(0, { error: DEVICE_ID }).max(Number.MAX_SAFE_INTEGER, { error: DEVICE_ID }), z.string({ error: DEVICE_ID }).regex(/^\S{1,64}$/, { error: DEVICE_ID })],
  { error: DEVICE_ID },
);

/** A trace file, its format, and what of it to replay (docs/traces.md). */
const traceSource = z.strictObject({
  /** Relative to the scenario file; gunzipped as it is read if it ends in `.gz`. */
  file: text(1024, 'a file path'),
  format: choice(TRACE_FORMATS).default('mqsim'),
  /** Skip the trace's first part: a time from its first request, on its own clock. */
  start: duration.prefault(0),
  /** Multiplies the trace's times: 0.5 replays twice as fast. */
  timeScale: positive().default(1),
  /** Replay only the requests of these devices or volumes. */
  devices: nonEmptyList(traceDevice, 'device').optional(),
  /** A request beyond the volume: folded back into it (wrap), or refused with its line. */
  beyondVolume: choice(['wrap', 'refuse']).default('wrap'),
});

const traceWorkload = z
  .strictObject({
    /** A trace file in MQSim's format (relative to the scenario file), or `{ file, format, … }`. */
    trace: stringOr(text(1024, 'a file path'), traceSource),
    volume: name,
    /** With `trace: FILE` only (`trace: { timeScale }` otherwise). */
    timeScale: positive().optional(),
    /** Replay at the trace's times, or in its order with this many outstanding. */
    queueDepth: count(1 << 16).optional(),
    /** With `trace: FILE` only (`trace: { devices: [N] }` otherwise). */
    device: integer(0, 0x7fffffff).optional(),
    limit: count(Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((w, ctx) => {
    if (typeof w.trace === 'string') return;
    const inside = { timeScale: 'trace.timeScale', device: 'trace.devices: [N]' } as const;
    for (const key of ['timeScale', 'device'] as const) {
      if (w[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `with trace: { file, … }, give ${key} inside it, as ${inside[key]}` });
    }
  });

const host = z.strictObject({
  name,
  /** Front-end directors this host is zoned to (indices); default all. */
  paths: nonEmptyList(integer(0, 255), 'director').optional(),
  /** When the workload starts; `manual` waits for a `start` step in the timeline. */
  start: z.union([z.literal('manual'), duration], { error: 'expected manual, or a time such as 0s or 1.5s' }).default(0),
  workload: byKey('trace', traceWorkload, workload),
});

/**
 * A string, or an object schema: chosen by the value's type, so that a
 * problem inside the object is reported there (a plain union would only say
 * that neither matched).
 */
function stringOr<A extends z.ZodType, B extends z.ZodType>(string: A, object: B) {
  const chosen = z.unknown().transform((value, ctx): z.output<A> | z.output<B> => {
    const schema = value !== null && typeof value === 'object' && !Array.isArray(value) ? object : string;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as z.output<A> | z.output<B>;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as z.core.$ZodRawIssue);
    return z.NEVER;
  });
  return exportedAs(chosen, z.union([string, object]));
}

/**
 * One of two object schemas, chosen by whether `key` is present, so that a
 * problem is reported inside the schema the user meant (a plain union would
 * only say that neither matched).
 */
function byKey<A extends z.ZodType, B extends z.ZodType>(key: string, withKey: A, without: B) {
  const chosen = z.unknown().transform((value, ctx): z.output<A> | z.output<B> => {
    const schema = value !== null && typeof value === 'object' && key in value ? withKey : without;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as z.output<A> | z.output<B>;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as z.core.$ZodRawIssue);
    return z.NEVER;
  });
  // For an editor, a plain union says the same: `withKey` requires the key and `without`, strict, refuses it.
  return exportedAs(chosen, z.union([withKey, without]));
}

/** The timeline's fault actions (a scenario using any runs its drives in the fault overlay). */
export const FAULT_ACTIONS = ['failDrive', 'slowDrive', 'mediaError', 'failDirector', 'restartDirector', 'powerLoss'] as const;

const actionKeys = ['establish', 'split', 'restore', 'start', 'stop', 'query', ...FAULT_ACTIONS] as const;

const step = z
  .strictObject({
    id: name.optional(),
    at: duration.optional(),
    /** A condition: `pair P is STATE`, `step ID done`, joined with `and`. */
    when: text(10_000, 'a condition').optional(),
    /** Delay after the condition first holds. */
    after: duration.optional(),
    establish: name.optional(),
    split: name.optional(),
    restore: name.optional(),
    /** The host that sends the command, through its front-end path; without it the command comes from the timeline itself. */
    host: name.optional(),
    start: name.optional(),
    stop: name.optional(),
    query: name.optional(),
    /** Faults: a drive fails (a RAID-1 member rebuilds onto a spare). */
    failDrive: name.optional(),
    /** A drive's responses take `factor` times as long. */
    slowDrive: name.optional(),
    factor: z.number().min(1).max(1000).optional(),
    /** A latent media error under `block` of this volume (on mirror `mirror` of a RAID-1 member). */
    mediaError: name.optional(),
    block: z.number().int().min(0).optional(),
    mirror: z.number().int().min(0).max(1).optional(),
    /** A front-end director (fa0, fa1, …) fails, or restarts. */
    failDirector: name.optional(),
    restartDirector: name.optional(),
    /** The array loses power for this long; `vault: false` models a cache without a vault. */
    powerLoss: duration.optional(),
    vault: z.boolean().optional(),
    incremental: flag.optional(),
    protected: flag.optional(),
    consistent: flag.optional(),
    instant: flag.optional(),
    force: flag.optional(),
  })
  .superRefine((s, ctx) => {
    const present = actionKeys.filter((key) => s[key] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `expected exactly one action (${actionKeys.join(', ')}), found ${present.length === 0 ? 'none' : present.join(' and ')}` });
    }
    if ((s.at === undefined) === (s.when === undefined)) ctx.addIssue({ code: 'custom', path: ['at'], message: 'expected exactly one of at (a time) or when (a condition)' });
    if (s.after !== undefined && s.when === undefined) ctx.addIssue({ code: 'custom', path: ['after'], message: 'after applies only with when' });
    if (s.slowDrive !== undefined && s.factor === undefined) ctx.addIssue({ code: 'custom', path: ['factor'], message: 'slowDrive needs a factor (e.g. 4: responses take four times as long)' });
    if (s.mediaError !== undefined && s.block === undefined) ctx.addIssue({ code: 'custom', path: ['block'], message: 'mediaError needs the block it lies under' });
    const options: Record<string, readonly string[]> = {
      incremental: ['establish', 'restore'],
      protected: ['restore'],
      consistent: ['split'],
      instant: ['split'],
      force: ['split'],
      factor: ['slowDrive'],
      block: ['mediaError'],
      mirror: ['mediaError'],
      vault: ['powerLoss'],
      host: ['establish', 'split', 'restore'],
    };
    for (const [option, actions] of Object.entries(options)) {
      if (s[option as keyof typeof s] !== undefined && !actions.some((a) => s[a as keyof typeof s] !== undefined)) {
        ctx.addIssue({ code: 'custom', path: [option], message: `${option} applies only to ${actions.join(' or ')}` });
      }
    }
  });

/** A fault arriving at random: a Poisson process of the given rate, on one of the listed targets. */
const randomFault = z.strictObject({
  kind: z.enum(['media-error', 'drive-failure', 'slow-drive']),
  /** Mean arrivals per simulated second. */
  ratePerSecond: z.number().positive().max(1e6),
  /** Volumes (media errors) or drives (failures, slowness) it may strike. */
  targets: z.array(name).min(1),
  /** For slow-drive: how much slower. */
  factor: z.number().min(1).max(1000).default(4),
});

const historyRecording = z.union([flag, z.literal('physical')], { error: 'expected true, false or physical' });

const metrics = z.strictObject({
  interval: duration.prefault('1s'),
  warmup: duration.prefault(0),
  /** Keep full latency histograms in results.json. */
  histograms: flag.default(false),
  /**
   * Record every host I/O (needed for per-phase latencies and --history);
   * `physical`: also every change of a volume's content (what the history
   * checkers of isolation, convergence and the restored indicator read).
   */
  history: historyRecording.default(true),
  /** Break each host I/O's latency down into the stages it spent it in (docs/latency-breakdown.md). */
  breakdown: flag.default(false),
});

export const scenarioSchema = z.strictObject({
  name: text(200),
  description: z.string({ error: 'expected a string' }).max(10_000, { error: 'expected at most 10 000 characters' }).optional(),
  seed: integer(0, 2 ** 32 - 1).default(1),
  duration,
  array,
  pairs: z.array(pair).default([]),
  groups: z.array(group).default([]),
  protocol: protocol.prefault({}),
  hosts: z.array(host).default([]),
  timeline: z.array(step).default([]),
  faults: z.strictObject({ random: z.array(randomFault).default([]) }).prefault({}),
  metrics: metrics.prefault({}),
  /** Bounds on what the run may need (see limits.ts); the command line's --max-memory and --max-events override them. */
  limits: z.strictObject({ memory: size.optional(), events: integer(1, Number.MAX_SAFE_INTEGER).optional() }).optional(),
});

/** A scenario as validated: units parsed, defaults filled in. */
export type ScenarioDoc = z.output<typeof scenarioSchema>;
export type StepDoc = ScenarioDoc['timeline'][number];
export type HostDoc = ScenarioDoc['hosts'][number];
export type DriveDoc = ScenarioDoc['array']['drives'][number];
export type WorkloadDoc = Exclude<HostDoc['workload'], { trace: unknown }>;
export type TraceWorkloadDoc = Extract<HostDoc['workload'], { trace: unknown }>;
export type TraceSourceDoc = z.output<typeof traceSource>;
export const ACTION_KEYS = actionKeys;
