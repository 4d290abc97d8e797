/** A line of a history file that is not what the format says: where, and what was expected. */
export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The fields of one JSON object, read with the checks the history format
 * asks for; a field that fails one throws with the field's path and what
 * was expected. Fields the format does not name are ignored (a newer writer
 * may add some).
 */
export class Fields {
  constructor(
    private readonly object: { readonly [key: string]: Json | undefined },
    private readonly path: string,
    private readonly fail: (detail: string) => never,
  ) {}

  /** Parses a line into the fields of its object. */
  static parse(text: string, fail: (detail: string) => never): Fields {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      fail(`expected a JSON object, got text that is not JSON (${(error as Error).message})`);
    }
    if (!isObject(value)) fail(`expected a JSON object, got ${describe(value as Json)}`);
    return new Fields(value, '', fail);
  }

  has(key: string): boolean {
    return this.object[key] !== undefined;
  }

  isString(key: string): boolean {
    return typeof this.object[key] === 'string';
  }

  /** An integer in [min, max] (nanoseconds, counts, indices: integers by definition). */
  int(key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.object[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      this.wrong(key, max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`);
    }
    return value as number;
  }

  /** A finite number ≥ min. */
  number(key: string, min = 0): number {
    const value = this.object[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) this.wrong(key, `a number ≥ ${min}`);
    return value as number;
  }

  /** A finite number ≥ min if present (a duration declared by a driver need not be whole nanoseconds). */
  optionalNumber(key: string, min = 0): number | undefined {
    return this.object[key] === undefined ? undefined : this.number(key, min);
  }

  /** An integer ≥ min, or null. */
  intOrNull(key: string, min = 0): number | null {
    return this.object[key] === null ? null : this.int(key, min);
  }

  str(key: string): string {
    const value = this.object[key];
    if (typeof value !== 'string' || value.length === 0 || value.length > 1000) this.wrong(key, 'a non-empty string of at most 1000 characters');
    return value as string;
  }

  strOrNull(key: string): string | null {
    return this.object[key] === null ? null : this.str(key);
  }

  /** Any string, empty included (a message). */
  text(key: string): string {
    const value = this.object[key];
    if (typeof value !== 'string') this.wrong(key, 'a string');
    return value as string;
  }

  bool(key: string): boolean {
    const value = this.object[key];
    if (typeof value !== 'boolean') this.wrong(key, 'true or false');
    return value as boolean;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const value = this.object[key];
    if (typeof value !== 'string' || !values.includes(value as T)) this.wrong(key, `one of ${values.map((v) => `"${v}"`).join(', ')}`);
    return value as T;
  }

  /** Exactly `count` stamps (integers from 0 to 2^32 − 1). */
  stamps(key: string, count: number): Uint32Array {
    const value = this.object[key];
    if (!Array.isArray(value) || value.length !== count) this.wrong(key, `an array of ${count} stamp${count === 1 ? '' : 's'}`);
    const stamps = new Uint32Array(count);
    (value as Json[]).forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) this.fail(`${this.at(key)}[${i}]: expected a stamp (an integer from 0 to 4294967295), got ${describe(v)}`);
      stamps[i] = v as number;
    });
    return stamps;
  }

  /** A nested object. */
  nested(key: string): Fields {
    const value = this.object[key];
    if (!isObject(value)) this.wrong(key, 'an object');
    return new Fields(value as { [key: string]: Json }, this.at(key), this.fail);
  }

  objectOrNull(key: string): Fields | null {
    return this.object[key] === null || this.object[key] === undefined ? null : this.nested(key);
  }

  /** The options of a command: a plain object, kept as it is. */
  record(key: string): Record<string, unknown> {
    const value = this.object[key];
    if (!isObject(value)) this.wrong(key, 'an object');
    return value as Record<string, unknown>;
  }

  /** A list of objects, or of items read by `item`. */
  list<T>(key: string, item: (fields: Fields, index: number) => T, maxLength = 1_000_000): T[] {
    const value = this.object[key];
    if (!Array.isArray(value) || value.length > maxLength) this.wrong(key, `a list of at most ${maxLength} items`);
    return (value as Json[]).map((v, i) => {
      if (!isObject(v)) this.fail(`${this.at(key)}[${i}]: expected an object, got ${describe(v)}`);
      return item(new Fields(v, `${this.at(key)}[${i}]`, this.fail), i);
    });
  }

  /** A list of non-empty strings. */
  strings(key: string, maxLength: number): string[] {
    const value = this.object[key];
    if (!Array.isArray(value) || value.length > maxLength) this.wrong(key, `a list of at most ${maxLength} names`);
    return (value as Json[]).map((v, i) => {
      if (typeof v !== 'string' || v.length === 0 || v.length > 1000) this.fail(`${this.at(key)}[${i}]: expected a non-empty string, got ${describe(v)}`);
      return v as string;
    });
  }

  /** A list of [integer, integer] runs. */
  runs(key: string, maxLength: number): [number, number][] {
    const value = this.object[key];
    if (!Array.isArray(value) || value.length > maxLength) this.wrong(key, `a list of at most ${maxLength} [first, count] runs`);
    return (value as Json[]).map((v, i) => {
      const ok = Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) && (v[1] as number) >= 1;
      if (!ok) this.fail(`${this.at(key)}[${i}]: expected a run [first, count] of integers, count ≥ 1, got ${describe(v)}`);
      const [first, count] = v as [number, number];
      return [first, count];
    });
  }

  /** Fails on this field with what was expected. */
  wrong(key: string, expected: string): never {
    return this.fail(`${this.at(key)}: expected ${expected}, got ${describe(this.object[key] ?? undefined)}`);
  }

  private at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as an error message shows it: short. */
function describe(value: Json | undefined): string {
  if (value === undefined) return 'nothing (the field is missing)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
