import * as z from 'zod';
import { QUEUE_POLICIES } from '../devices/queue-policy.js';
import { parseDuration, parseSizeBytes } from './units.js';

/**
 * The scenario file format, as a zod schema. Every object is strict, so a
 * misspelt key is refused by name. Sizes accept units (`4KiB`, `2GiB`),
 * durations too (`250ms`, `1.5s`; a plain number is seconds).
 */

const name = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected a name of letters, digits and _ . : - (at most 64)');

const size = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const bytes = parseSizeBytes(value);
  if (bytes === undefined || bytes <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a positive size such as 4KiB, 64MiB or 2GiB, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return bytes;
});

const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ns = parseDuration(value);
  if (ns === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 250ms, 1.5s or 20us, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ns;
});

const count = (max: number) => z.number().int().min(1).max(max);
const fraction = z.number().min(0).max(1);

const queue = z.enum(QUEUE_POLICIES as [string, ...string[]]);

const hddDrive = z.strictObject({ model: z.literal('hdd'), queue: queue.optional() });
const disksimDrive = z.strictObject({
  model: z.literal('disksim'),
  /** Path (relative to the scenario file) of the `.model`/`.seek`/`.diskspecs` files, without extension. */
  description: z.string().min(1),
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
  channelMBps: z.number().positive().optional(),
  overhead: duration.optional(),
});
const fixedDrive = z.strictObject({ model: z.literal('fixed'), service: duration, capacity: size.optional() });
const exponentialDrive = z.strictObject({ model: z.literal('exponential'), meanService: duration, capacity: size.optional() });

const driveModel = z.discriminatedUnion('model', [hddDrive, disksimDrive, ssdDrive, fixedDrive, exponentialDrive], {
  error: 'expected a drive model: hdd, disksim, ssd, fixed or exponential',
});

/** One drive (`name`) or several alike (`count` with `prefix`: d0, d1, …). */
const drive = z.intersection(
  z.union([z.strictObject({ name }), z.strictObject({ count: count(4096), prefix: name })], {
    error: 'expected either name, or count with prefix',
  }),
  driveModel,
);

const volume = z.strictObject({
  name,
  size,
  drives: z.array(name).min(1),
  /** Stripe unit, in tracks. */
  stripe: count(1 << 20).default(1),
  raid1: z.boolean().default(false),
});

const frontEnd = z.strictObject({
  directors: count(256).default(2),
  processors: count(64).default(2),
  maxTasks: count(1 << 16).default(256),
  overhead: duration.prefault('25us'),
  portMBps: z.number().positive().default(800),
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
  writePendingLimit: z.number().gt(0).lt(1).default(0.75),
  accessTime: duration.prefault('15us'),
  /** Destage writes in flight at once (default: two per drive). */
  destageConcurrency: count(1 << 16).optional(),
});

const array = z.strictObject({
  blockSize: size.default(4096),
  trackSize: size.default(65536),
  drives: z.array(drive).min(1),
  frontEnd: frontEnd.prefault({}),
  backEnd: backEnd.prefault({}),
  cache: cache.prefault({}),
  volumes: z.array(volume).min(1),
});

const copy = z.strictObject({
  rateMBps: z.number().min(0).optional(),
  concurrency: count(4096).optional(),
  priority: z.enum(['low', 'equal']).optional(),
  order: z.enum(['track', 'touched-first']).optional(),
});

const pair = z.strictObject({ name, std: name, bcv: name, copy: copy.optional() });
const group = z.strictObject({ name, pairs: z.array(name).min(1) });

const protocol = z.strictObject({
  commandTime: duration.prefault('500us'),
  splitStep: duration.prefault('200us'),
  copy: copy.prefault({}),
  copyOnRead: z.boolean().default(true),
  bcvWriteDuringRestore: z.enum(['refuse', 'copy-before-write']).default('refuse'),
});

const weightedSize = z.strictObject({ size, weight: z.number().positive() });

const workload = z
  .strictObject({
    volumes: z.array(z.union([name, z.strictObject({ volume: name, weight: z.number().positive() })])).min(1),
    distribution: z.enum(['uniform', 'zipf', 'sequential', 'hotspot']).default('uniform'),
    /** Zipf skew θ. */
    skew: z.number().positive().max(10).optional(),
    /** Sequential: independent cursors. */
    streams: count(1 << 16).optional(),
    hotFraction: z.number().gt(0).lt(1).optional(),
    hotAccessFraction: fraction.optional(),
    alignment: z.enum(['size', 'block', 'track']).default('size'),
    readFraction: fraction.default(0.7),
    size: z.union([size, z.array(weightedSize).min(1)]).default(4096),
    /** Open loop: Poisson arrivals at this rate. */
    iops: z.number().positive().max(1e9).optional(),
    /** Closed loop: this many I/Os outstanding. */
    queueDepth: count(1 << 16).optional(),
    think: duration.optional(),
    bursts: z.strictObject({ on: duration, off: duration, random: z.boolean().default(false), startOff: z.boolean().default(false) }).optional(),
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

const traceWorkload = z.strictObject({
  /** An MQSim-format trace, relative to the scenario file. */
  trace: z.string().min(1),
  volume: name,
  timeScale: z.number().positive().default(1),
  /** Replay at the trace's times, or in its order with this many outstanding. */
  queueDepth: count(1 << 16).optional(),
  device: z.number().int().min(0).optional(),
  limit: count(Number.MAX_SAFE_INTEGER).optional(),
});

const host = z.strictObject({
  name,
  /** Front-end directors this host is zoned to (indices); default all. */
  paths: z.array(z.number().int().min(0)).min(1).optional(),
  /** When the workload starts; `manual` waits for a `start` step in the timeline. */
  start: z.union([z.literal('manual'), duration]).default(0),
  workload: byKey('trace', traceWorkload, workload),
});

/**
 * One of two object schemas, chosen by whether `key` is present, so that a
 * problem is reported inside the schema the user meant (a plain union would
 * only say that neither matched).
 */
function byKey<A extends z.ZodType, B extends z.ZodType>(key: string, withKey: A, without: B) {
  return z.unknown().transform((value, ctx): z.output<A> | z.output<B> => {
    const schema = value !== null && typeof value === 'object' && key in value ? withKey : without;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as z.output<A> | z.output<B>;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as z.core.$ZodRawIssue);
    return z.NEVER;
  });
}

const actionKeys = ['establish', 'split', 'restore', 'start', 'stop', 'query'] as const;

const step = z
  .strictObject({
    id: name.optional(),
    at: duration.optional(),
    /** A condition: `pair P is STATE`, `step ID done`, joined with `and`. */
    when: z.string().min(1).optional(),
    /** Delay after the condition first holds. */
    after: duration.optional(),
    establish: name.optional(),
    split: name.optional(),
    restore: name.optional(),
    start: name.optional(),
    stop: name.optional(),
    query: name.optional(),
    incremental: z.boolean().optional(),
    protected: z.boolean().optional(),
    consistent: z.boolean().optional(),
    instant: z.boolean().optional(),
    force: z.boolean().optional(),
  })
  .superRefine((s, ctx) => {
    const present = actionKeys.filter((key) => s[key] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `expected exactly one action (${actionKeys.join(', ')}), found ${present.length === 0 ? 'none' : present.join(' and ')}` });
    }
    if ((s.at === undefined) === (s.when === undefined)) ctx.addIssue({ code: 'custom', path: ['at'], message: 'expected exactly one of at (a time) or when (a condition)' });
    if (s.after !== undefined && s.when === undefined) ctx.addIssue({ code: 'custom', path: ['after'], message: 'after applies only with when' });
    const options: Record<string, readonly string[]> = {
      incremental: ['establish', 'restore'],
      protected: ['restore'],
      consistent: ['split'],
      instant: ['split'],
      force: ['split'],
    };
    for (const [option, actions] of Object.entries(options)) {
      if (s[option as keyof typeof s] !== undefined && !actions.some((a) => s[a as keyof typeof s] !== undefined)) {
        ctx.addIssue({ code: 'custom', path: [option], message: `${option} applies only to ${actions.join(' or ')}` });
      }
    }
  });

const metrics = z.strictObject({
  interval: duration.prefault('1s'),
  warmup: duration.prefault(0),
  /** Keep full latency histograms in results.json. */
  histograms: z.boolean().default(false),
  /** Record every host I/O (needed for per-phase latencies and --history). */
  history: z.boolean().default(true),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  duration,
  array,
  pairs: z.array(pair).default([]),
  groups: z.array(group).default([]),
  protocol: protocol.prefault({}),
  hosts: z.array(host).default([]),
  timeline: z.array(step).default([]),
  metrics: metrics.prefault({}),
});

/** A scenario as validated: units parsed, defaults filled in. */
export type ScenarioDoc = z.output<typeof scenarioSchema>;
export type StepDoc = ScenarioDoc['timeline'][number];
export type HostDoc = ScenarioDoc['hosts'][number];
export type DriveDoc = ScenarioDoc['array']['drives'][number];
export type WorkloadDoc = Exclude<HostDoc['workload'], { trace: string }>;
export type TraceWorkloadDoc = Extract<HostDoc['workload'], { trace: string }>;
export const ACTION_KEYS = actionKeys;
