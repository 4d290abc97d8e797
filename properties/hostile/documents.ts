import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import YAML from 'yaml';

/**
 * Hostile scenario documents: the shipped scenarios, mutated the ways a
 * careless or malicious author would — wrong types, missing keys, extreme
 * numbers, unknown names, prototype keys, deep nesting, cycles, huge lists —
 * then rendered as YAML or JSON and, sometimes, damaged as text or bytes.
 * Everything is data drawn by fast-check, so a failure shrinks and replays.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A shipped scenario: where it lives (files it names are relative to that) and its content. */
export interface Base {
  readonly file: string;
  readonly value: Json;
}

export const SHIPPED: readonly Base[] = ['scenarios', 'scenarios/bench', 'scenarios/faults', 'scenarios/traces']
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ file: `${dir}/${f}`, value: YAML.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Json })),
  )
  // Scenarios only (the folders also hold experiments for `mirrorsim sweep`).
  .filter((base) => base.value !== null && typeof base.value === 'object' && 'array' in base.value);

/** Values that are wrong somewhere: types, extremes, units, names, paths, text. */
export const HOSTILE_VALUES: readonly Json[] = [
  'x', '', 'a'.repeat(5000), true, false, null, 0, -1, -4096, 1.5, 0.5, 1e308, -1e308, 2 ** 53 + 1, 2 ** 53, Infinity, -Infinity, NaN,
  [], {}, [1, 2, 3], { a: 1 }, [[[[]]]], '900TiB', '8PiB', '-1KiB', '0B', '1e308s', '0s', '0', '1ns', '99999999999999s', '1e9', '4KiB', '512', '513',
  '64KiB', '8GiB', '1.5', '0x10', '1_000', 'manual', 'zipf', 'uniform', 'hdd', 'ssd', 'fixed', 'disksim', '∞', '\u0000', '\ud800', 'é',
  'pair p1 is Synchronized', 'step a done', 'pair p1 restored 99999999999 tracks', 'group g1 is Split', '..', '/', '/dev/zero', '/dev/null', '/etc/passwd', 'data',
  'data/mqsim-traces/tpcc-small.trace', 'data/disksim-validation/atlas10k', 'data/disksim-validation/atlas10k.model', '../baseline.yaml', 'baseline.yaml',
  4096, 65536, 1e9, 1e6, 2 ** 31, 2 ** 32, 4097, 256, 257, 1000, 1e-9, -0,
];

/** Keys that do not belong, and keys that are dangerous in JavaScript objects. */
export const HOSTILE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'name', 'count', 'size', 'trace', 'model', 'limits', 'x', '', '0'];

/** Large settings that are valid in form: they test the limits, not the schema. */
const SCALES: readonly [string, Json][] = [
  ['size', '900TiB'], ['size', '16TiB'], ['size', '1TiB'], ['count', 4096], ['count', 1e6], ['iops', 1e9], ['iops', 5e8], ['duration', '99999999s'],
  ['duration', 2 ** 53], ['interval', '1ns'], ['interval', '1us'], ['queueDepth', 65536], ['limit', 1e15], ['channels', 1024], ['concurrency', 4096],
  ['ratePerSecond', 1e6], ['timeScale', 1e-300], ['portMBps', 1e308], ['overhead', '0s'], ['accessTime', '0s'], ['think', '0s'], ['service', '0s'],
  ['stripe', 1048576], ['skew', 10], ['weight', 1e-300], ['memory', '1B'], ['events', 1], ['on', '0s'], ['off', '0s'],
];

const KINDS = ['replace', 'delete', 'add-key', 'nest', 'duplicate', 'multiply', 'rename', 'scale', 'cycle', 'when', 'benign', 'run-only'] as const;
export type MutationKind = (typeof KINDS)[number];

export interface Mutation {
  readonly kind: MutationKind;
  /** Which node (modulo the node count). */
  readonly pick: number;
  /** Which value, key, depth or factor (modulo the choices). */
  readonly variant: number;
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...KINDS),
  pick: fc.nat(),
  variant: fc.nat(),
});

export interface DocumentCase {
  readonly base: number;
  readonly mutations: readonly Mutation[];
  readonly render: 'yaml' | 'json' | 'flow';
}

export const documentCaseArbitrary: fc.Arbitrary<DocumentCase> = fc.record({
  base: fc.nat({ max: SHIPPED.length - 1 }),
  // One mutation in four documents is none at all: those must load, and run.
  mutations: fc.oneof({ weight: 1, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 3, arbitrary: fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }) }),
  render: fc.constantFrom('yaml', 'json', 'flow'),
});

/** The mutated document as a value, before rendering. */
export function mutatedValue(c: DocumentCase): Json {
  let value = structuredClone(SHIPPED[c.base]!.value);
  for (const m of c.mutations) value = mutate(value, m);
  return value;
}

export function render(value: Json, how: DocumentCase['render']): string {
  if (how === 'json') return JSON.stringify(value, null, 1);
  return YAML.stringify(value, { flowCollectionPadding: false, collectionStyle: how === 'flow' ? 'flow' : 'any', lineWidth: 0 });
}

type Path = (string | number)[];

/** Every node's path, in document order (iteratively: nesting mutations make deep trees). */
function paths(root: Json): Path[] {
  const out: Path[] = [];
  const stack: { node: Json; path: Path }[] = [{ node: root, path: [] }];
  while (stack.length > 0 && out.length < 20_000) {
    const { node, path } = stack.pop()!;
    out.push(path);
    if (Array.isArray(node)) node.forEach((child, i) => stack.push({ node: child, path: [...path, i] }));
    else if (node !== null && typeof node === 'object') for (const key of Object.keys(node)) stack.push({ node: node[key]!, path: [...path, key] });
  }
  return out;
}

function get(root: Json, path: Path): Json {
  let node: Json = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key]!;
  return node;
}

function set(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  defineKey(parent, path[path.length - 1]!, value);
  return root;
}

/** Sets an own, enumerable key even for `__proto__` (plain assignment would change the prototype instead). */
function defineKey(target: Record<string | number, Json>, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutate(root: Json, m: Mutation): Json {
  const all = paths(root);
  const path = all[m.pick % all.length]!;
  const node = get(root, path);
  switch (m.kind) {
    case 'replace':
      return set(root, path, pickFrom(HOSTILE_VALUES, m.variant));
    case 'delete':
      return remove(root, path);
    case 'add-key': {
      const target = nearestMapping(root, path);
      if (target) defineKey(target, pickFrom(HOSTILE_KEYS, m.variant), pickFrom(HOSTILE_VALUES, m.variant >> 4));
      return root;
    }
    case 'nest':
      return set(root, path, nest(node, [3, 33, 40, 200][m.variant % 4]!, m.variant % 2 === 0));
    case 'duplicate':
      if (Array.isArray(node) && node.length > 0) node.push(structuredClone(node[m.variant % node.length]!));
      return root;
    case 'multiply':
      return Array.isArray(node) && node.length > 0 ? set(root, path, multiply(node, [10, 100, 1000][m.variant % 3]!, m.variant % 2 === 0)) : root;
    case 'rename':
      return typeof node === 'string' ? set(root, path, ['zz9', 'd99', 'p0', '', 'fa9'][m.variant % 5]!) : root;
    case 'scale':
      return scale(root, m.variant);
    case 'cycle':
      return withTimeline(root, cycleSteps(m.variant));
    case 'when':
      return withTimeline(root, [{ when: junkCondition(m.variant), query: 'p1' }]);
    case 'benign':
      return benign(root, m.variant);
    case 'run-only':
      return runOnly(root, m.variant);
  }
}

function pickFrom<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

function remove(root: Json, path: Path): Json {
  if (path.length === 0) return null;
  const parent = get(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string, Json>)[key];
  return root;
}

function nearestMapping(root: Json, path: Path): Record<string, Json> | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = get(root, path.slice(0, depth));
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) return node;
  }
  return null;
}

function nest(node: Json, depth: number, asList: boolean): Json {
  let value = node;
  for (let i = 0; i < depth; i++) value = asList ? [value] : { a: value };
  return value;
}

/** A list repeated `times` times; `rename` keeps names unique (testing size), otherwise they collide (testing duplicates). */
function multiply(list: Json[], times: number, rename: boolean): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < times; i++) {
    for (const item of list) {
      const copy = structuredClone(item);
      if (rename && copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
        for (const key of ['name', 'id', 'prefix']) if (typeof copy[key] === 'string') copy[key] = `${copy[key] as string}-${i}`;
      }
      out.push(copy);
    }
  }
  return out;
}

/** Sets every key of one name found in the tree to a large (or zero) value of valid form. */
function scale(root: Json, variant: number): Json {
  const [key, value] = pickFrom(SCALES, variant);
  // Deepest first: replacing an outer node must not strand a path still to visit.
  const matching = paths(root).filter((path) => path[path.length - 1] === key);
  for (const path of matching.sort((a, b) => b.length - a.length)) set(root, path, value);
  if (key === 'memory' || key === 'events') return root !== null && typeof root === 'object' && !Array.isArray(root) ? { ...root, limits: { [key]: value } } : root;
  return root;
}

function withTimeline(root: Json, steps: Json[]): Json {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return root;
  const timeline = Array.isArray(root['timeline']) ? root['timeline'] : [];
  return { ...root, timeline: [...timeline, ...steps] };
}

/** Steps that wait for each other: a pair, a self-wait, or a long chain closed into a ring. */
function cycleSteps(variant: number): Json[] {
  const length = [2, 1, 3, 500][variant % 4]!;
  return Array.from({ length }, (_, i) => ({ id: `c${i}`, when: `step c${(i + 1) % length} done`, query: 'p1' }));
}

const FRAGMENTS = ['pair', 'group', 'step', 'p1', 'db', 'is', 'and', 'done', 'Synchronized', 'Split', 'restored', '12', 'tracks', 'Happy', 'AND', '', '  ', '\t', 'é'];

function junkCondition(variant: number): string {
  const words: string[] = [];
  let n = variant;
  for (let i = 0; i < 1 + (variant % 9); i++) {
    words.push(FRAGMENTS[n % FRAGMENTS.length]!);
    n = Math.floor(n / FRAGMENTS.length) + i * 7;
  }
  return words.join(' ');
}

/** Changes that keep a scenario valid, so that a share of the documents is accepted and must run. */
function benign(root: Json, variant: number): Json {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return root;
  const changes: Record<string, Json>[] = [{ seed: variant % 1000 }, { duration: '2s' }, { duration: 0.001 }, { metrics: { interval: '100ms', history: variant % 2 === 0 } }, { description: 'é'.repeat(variant % 300) }];
  return { ...root, ...pickFrom(changes, variant) };
}

/**
 * Values of valid form that only building the world finds wrong (a drive
 * model's own limits, a trace's lines, an I/O larger than a volume, a cache
 * too small for a standard's BCVs): the loader must refuse them as a run would.
 */
function runOnly(root: Json, variant: number): Json {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return root;
  const array = root['array'];
  if (array === null || typeof array !== 'object' || Array.isArray(array) || !Array.isArray(array['drives'])) return root;
  const drives = array['drives'];
  switch (variant % 6) {
    case 0:
      drives.push({ name: 'zz-ssd', model: 'ssd', pageSize: 1000 });
      return root;
    case 1:
      drives.push({ name: 'zz-fixed', model: 'fixed', service: '1ms', capacity: 100 });
      return root;
    case 2:
      drives.push({ name: 'zz-exp', model: 'exponential', meanService: 0 });
      return root;
    case 3:
      array['cache'] = { ...(typeof array['cache'] === 'object' && !Array.isArray(array['cache']) ? array['cache'] : {}), writePendingLimit: 0.001 };
      return root;
    case 4:
      return withTinyVolume(root, array as Record<string, Json>);
    default:
      for (const host of Array.isArray(root['hosts']) ? root['hosts'] : []) {
        const workload = host !== null && typeof host === 'object' && !Array.isArray(host) ? host['workload'] : null;
        if (workload !== null && typeof workload === 'object' && !Array.isArray(workload) && 'trace' in workload) workload['trace'] = 'data/disksim-validation/atlas10k.seek';
      }
      return root;
  }
}

/** A one-track volume on the first drive, added to each synthetic workload, whose I/O sizes become two (default) tracks. */
function withTinyVolume(root: Record<string, Json>, array: Record<string, Json>): Json {
  const first = (array['drives'] as Json[])[0];
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return root;
  const drive = typeof first['name'] === 'string' ? first['name'] : `${String(first['prefix'])}0`;
  if (Array.isArray(array['volumes'])) array['volumes'].push({ name: 'zz-tiny', size: '4KiB', drives: [drive] });
  for (const host of Array.isArray(root['hosts']) ? root['hosts'] : []) {
    const workload = host !== null && typeof host === 'object' && !Array.isArray(host) ? host['workload'] : null;
    if (workload === null || typeof workload !== 'object' || Array.isArray(workload) || !Array.isArray(workload['volumes'])) continue;
    workload['volumes'].push('zz-tiny');
    workload['size'] = '128KiB';
  }
  return root;
}
