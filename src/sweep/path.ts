/**
 * Paths into a scenario document, as an experiment names them:
 * `protocol.copy.rateMBps`, `timeline[3].incremental`, `hosts[0].workload.iops`.
 * They are written like the paths of the loader's error messages, so that a
 * researcher can copy one from an error into an experiment and back.
 */

import { formatPath } from '../scenario/errors.js';

export type PathKey = string | number;

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d{1,6}\])*)$/;

/** The keys of a path, or null when it is not one (`a.b[2].c` → `['a', 'b', 2, 'c']`). */
export function parsePath(text: string): PathKey[] | null {
  if (text.length === 0 || text.length > 200) return null;
  const keys: PathKey[] = [];
  for (const segment of text.split('.')) {
    const match = SEGMENT.exec(segment);
    if (!match) return null;
    keys.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}

/** Whether `inner` is `outer` or lies inside it (`hosts[0].workload` holds `hosts[0].workload.iops`). */
export function pathWithin(inner: readonly PathKey[], outer: readonly PathKey[]): boolean {
  return outer.length <= inner.length && outer.every((key, i) => inner[i] === key);
}

/**
 * Why a path cannot be set in a document, or null if it can: every list
 * index must name an existing element (a grid never adds timeline steps or
 * hosts), and every mapping key may be absent (it is then created, with the
 * mappings above it: `protocol.copy.rateMBps` in a scenario without `protocol`).
 */
export function whyNotSettable(doc: unknown, keys: readonly PathKey[]): string | null {
  let value = doc;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const at = formatPath(keys.slice(0, i));
    if (value === undefined) {
      if (typeof key === 'number') return `${at} does not exist, so it has no element [${key}]`;
      continue;
    }
    if (typeof key === 'number') {
      if (!Array.isArray(value)) return `${at || 'the document'} is not a list`;
      if (key >= value.length) return `${at} has ${value.length} element${value.length === 1 ? '' : 's'}, so no [${key}]`;
      value = value[key];
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${at || 'the document'} is not a mapping`;
      value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return null;
}
