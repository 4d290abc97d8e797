import { parseDurationNs } from '../engine/time.js';

const SIZE_FACTORS: Record<string, number> = {
  b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/**
 * Parses a size such as `4KiB`, `64 KiB`, `1.5GB`, `512` (bytes) into bytes.
 * KiB/MiB/GiB/TiB are powers of two; KB/MB/GB/TB powers of ten.
 */
export function parseSizeBytes(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text >= 0 ? text : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) return undefined;
  const factor = SIZE_FACTORS[(match[2] || 'b').toLowerCase()];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Parses a duration: a string with a unit (`250ms`, `1.5s`, `20us`, `2min`), or a number of seconds. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') {
    const ns = Math.round(text * 1e9);
    return Number.isFinite(text) && text >= 0 && Number.isSafeInteger(ns) ? ns : undefined;
  }
  return parseDurationNs(text);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}
