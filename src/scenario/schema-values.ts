import * as z from 'zod';
import { describeValue } from './errors.js';
import { exportedAs } from './json-schema.js';
import { formatBytes, parseDuration, parseSizeBytes } from './units.js';

/**
 * The scalar values of the scenario format. Each says, in the user's terms,
 * what it expects: a message starting with "expected" is completed by the
 * loader with what the file holds ("…, got -1"), so that a wrong value never
 * surfaces as a validator's jargon ("too small: expected number to be >=1").
 */

export const name = z.string({ error: 'expected a name of letters, digits and _ . : - (at most 64)' }).regex(/^[A-Za-z0-9_.:-]{1,64}$/, {
  error: 'expected a name of letters, digits and _ . : - (at most 64)',
});

/** A string of 1 to `max` characters. */
export function text(max: number, what = 'a string'): z.ZodString {
  const expected = `expected ${what} of 1 to ${max} characters`;
  return z.string({ error: expected }).min(1, { error: expected }).max(max, { error: expected });
}

/** An integer in [min, max]. */
export function integer(min: number, max: number): z.ZodNumber {
  const expected = `expected an integer from ${min} to ${max}`;
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

/** How many of something: an integer from 1 to `max`. */
export const count = (max: number): z.ZodNumber => integer(1, max);

/** A number in [min, max] (finite: `.inf` and `.nan` are refused). */
export function between(min: number, max: number): z.ZodNumber {
  const expected = `expected a number from ${min} to ${max}`;
  return z.number({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

/** A number strictly between min and max. */
export function inside(min: number, max: number): z.ZodNumber {
  const expected = `expected a number greater than ${min} and less than ${max}`;
  return z.number({ error: expected }).gt(min, { error: expected }).lt(max, { error: expected });
}

/** A finite positive number (rates, weights, bandwidths). */
export function positive(max = Number.MAX_VALUE): z.ZodNumber {
  const expected = max === Number.MAX_VALUE ? 'expected a positive number' : `expected a positive number up to ${max}`;
  return z.number({ error: expected }).positive({ error: expected }).max(max, { error: expected });
}

export const fraction = between(0, 1);

export const flag = z.boolean({ error: 'expected true or false' });

/** One of the listed words. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

/** A list of at least one item. */
export function nonEmptyList<T extends z.ZodType>(item: T, what = 'entry') {
  return z.array(item, { error: 'expected a list' }).min(1, { error: `expected a list of at least one ${what}` });
}

/** A size with a unit (`4KiB`, `64MiB`, `2GiB`) or a number of bytes; positive. */
export const size = z.unknown().transform((value, ctx) => {
  const bytes = typeof value === 'number' || typeof value === 'string' ? parseSizeBytes(value) : undefined;
  if (bytes === undefined || bytes <= 0) {
    ctx.addIssue({ code: 'custom', message: unitMessage(`a positive size such as 4KiB, 64MiB or 2GiB (at most ${formatBytes(2 ** 53)})`, value) });
    return z.NEVER;
  }
  return bytes;
});

/** A duration with a unit (`250ms`, `1.5s`, `20us`, `2min`) or a number of seconds; zero or more, in whole nanoseconds. */
export const duration = z.unknown().transform((value, ctx) => {
  const ns = typeof value === 'number' || typeof value === 'string' ? parseDuration(value) : undefined;
  if (ns === undefined) {
    ctx.addIssue({ code: 'custom', message: unitMessage('a duration such as 250ms, 1.5s or 20us (at most about 104 days)', value) });
    return z.NEVER;
  }
  return ns;
});

/*
 * What an editor is told of sizes and durations (json-schema.ts): the forms
 * parseSizeBytes and parseDuration read. The numbers' bounds (at most 2^53
 * bytes, about 104 days) are left to the loader.
 */
exportedAs(
  size,
  z
    .union([z.int().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*([bB]|[kKmMgGtT]([iI]?[bB])?)?\s*$/)])
    .describe('a size: 4KiB, 64MiB, 2GiB (powers of two), 4KB, 1GB (powers of ten), or a number of bytes'),
);
exportedAs(
  duration,
  z.union([z.number().min(0), z.string().regex(/^\s*\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|min)?\s*$/)]).describe('a duration: 20us, 250ms, 1.5s, 2min, or a number of seconds'),
);

/** The loader completes other messages with the value; a transform's own issue says it whole. */
function unitMessage(expected: string, value: unknown): string {
  return value === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describeValue(value)}`;
}
