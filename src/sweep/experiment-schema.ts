import * as z from 'zod';
import { OPS, STAGES, STATS, WINDOW_NAMES } from './extractors.js';

/**
 * The experiment file format, as a zod schema, strict like the scenario's.
 * What zod cannot check alone (paths into the base scenario, extractor
 * names and their options, chart references) load-experiment.ts checks next,
 * with the same located messages.
 */

const name = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected a name of letters, digits and _ . : - (at most 64)');
const column = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'expected a column name: a letter, then letters, digits or _ (at most 64)');
const path = z.string().min(1).max(200);
const text = z.string().max(10_000);

const parameter = z.strictObject({
  /** Where in the scenario, e.g. `protocol.copy.rateMBps`. */
  path,
  /** The column name in the outputs (default: the path). */
  name: column.optional(),
  values: z.array(z.unknown()).min(1).max(1000),
});

const variant = z.strictObject({
  name: z.string().min(1).max(100),
  /** Path → value, all set together. */
  set: z.record(z.string(), z.unknown()),
});

const metric = z.strictObject({
  name: column,
  extract: z.string().min(1),
  restore: z.number().int().min(1).max(1000).optional(),
  pair: name.optional(),
  host: name.optional(),
  op: z.enum(OPS).optional(),
  window: z.enum(WINDOW_NAMES).optional(),
  stage: z.enum(STAGES).optional(),
  stat: z.enum(STATS).optional(),
});

const chart = z.strictObject({
  /** A grid parameter, by name (or path). Its values must be numbers. */
  x: z.string().min(1),
  /** A metric, by name. */
  y: column,
  title: z.string().min(1).max(200).optional(),
  xLabel: z.string().min(1).max(200).optional(),
  /** Multiplies the parameter's values on the axis (e.g. tracks → fraction of the volume). */
  xScale: z.number().positive().optional(),
  xLog: z.boolean().default(false),
  yLog: z.boolean().default(false),
});

export const experimentSchema = z.strictObject({
  name,
  description: text.optional(),
  /** The question the experiment answers (the report's first section). */
  question: text.optional(),
  /** What the figures show, written from them (the report's last section); paragraphs. */
  findings: z.array(text).optional(),
  /** The base scenario, relative to the experiment file. */
  scenario: z.string().min(1),
  /** The base seed the runs' seeds are derived from. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** Runs per grid point (each with its own derived seed, the same at every point). */
  seeds: z.number().int().min(1).max(1000).default(1),
  grid: z.array(parameter).max(8).default([]),
  variants: z.array(variant).max(100).default([]),
  metrics: z.array(metric).min(1).max(64),
  charts: z.array(chart).max(32).default([]),
});

export type ExperimentDoc = z.output<typeof experimentSchema>;
export type ChartDoc = ExperimentDoc['charts'][number];
