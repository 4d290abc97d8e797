import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DEFAULT_SIZE, type ScriptSize } from './arbitraries.js';
import { PROPERTY_NAMES, type PropertyName, type Target } from './properties.js';

/** Everything needed to regenerate a counterexample: fast-check's seed and shrink path, what failed (a property, or a crash), the bug. */
export interface ReplayToken {
  readonly target: Target;
  readonly seed: number;
  readonly path: string;
  readonly bug: string | null;
  readonly size: ScriptSize;
}

/** A replay token that cannot be read: names what is wrong with it. */
export class ReplayTokenError extends Error {
  override readonly name = 'ReplayTokenError';
}

const MAX_TOKEN_CHARS = 4096;
/** 2: scripts draw their own world (tokens of version 1 regenerate scripts of the old fixed world). */
const VERSION = 2;

/** A compact, URL-safe token for `mirrorsim check --replay`. */
export function encodeReplay(token: ReplayToken): string {
  const sameSize = JSON.stringify(token.size) === JSON.stringify(DEFAULT_SIZE);
  const payload = { v: VERSION, p: token.target, s: token.seed, q: token.path, ...(token.bug && { b: token.bug }), ...(!sameSize && { z: token.size }) };
  // Shrink paths repeat themselves: deflate keeps the token to one short line.
  return deflateRawSync(Buffer.from(JSON.stringify(payload), 'utf8')).toString('base64url');
}

export function decodeReplay(text: string): ReplayToken {
  if (text.length === 0 || text.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw new ReplayTokenError(`a replay token is up to ${MAX_TOKEN_CHARS} characters of A-Z a-z 0-9 _ -, as printed by a failed check`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(inflateRawSync(Buffer.from(text, 'base64url'), { maxOutputLength: 64 * 1024 }).toString('utf8'));
  } catch {
    throw new ReplayTokenError('the replay token is damaged (not the encoding mirrorsim prints)');
  }
  const p = payload as Record<string, unknown>;
  if (typeof payload !== 'object' || payload === null) throw new ReplayTokenError(`the replay token is not a mirrorsim replay token (version ${VERSION})`);
  if (p['v'] === 1) throw new ReplayTokenError('the replay token was printed by an older mirrorsim (version 1, before scripts drew their own world): it cannot be replayed by this one');
  if (p['v'] !== VERSION) throw new ReplayTokenError(`the replay token is not a mirrorsim replay token (version ${VERSION})`);
  if (p['p'] !== 'crash' && !PROPERTY_NAMES.includes(p['p'] as PropertyName)) {
    const named = typeof p['p'] === 'string' ? `an unknown property ${JSON.stringify(p['p'].slice(0, 60))}` : 'no property';
    throw new ReplayTokenError(`the replay token names ${named}; expected one of ${PROPERTY_NAMES.join(', ')} or crash`);
  }
  if (!Number.isSafeInteger(p['s'])) throw new ReplayTokenError('the replay token has no valid seed');
  if (typeof p['q'] !== 'string' || !/^[0-9:]*$/.test(p['q'])) throw new ReplayTokenError('the replay token has no valid shrink path');
  if (!pathInRange(p['q'])) throw new ReplayTokenError('the replay token has a shrink path out of range (a damaged token?)');
  if (p['b'] !== undefined && typeof p['b'] !== 'string') throw new ReplayTokenError('the replay token names a bug that is not a string');
  return { target: p['p'] as Target, seed: p['s'] as number, path: p['q'], bug: (p['b'] as string | undefined) ?? null, size: validSize(p['z']) };
}

/**
 * Replaying walks the path: fast-check generates every run before the first
 * index and every shrink before each later one, so a damaged index of 10^11
 * would take hours. Real tokens stay far below these bounds (a run index
 * within a long `--time` check; shrink indices of a few hundred).
 */
const MAX_RUN_INDEX = 10_000_000;
const MAX_SHRINK_INDEX = 100_000;

function pathInRange(path: string): boolean {
  if (path === '') return true;
  return path.split(':').every((step, i) => step !== '' && step.length <= 9 && Number(step) <= (i === 0 ? MAX_RUN_INDEX : MAX_SHRINK_INDEX));
}

function validSize(value: unknown): ScriptSize {
  if (value === undefined) return DEFAULT_SIZE;
  const z = value as Record<string, unknown>;
  const ok = (key: string, max: number) => Number.isInteger(z[key]) && (z[key] as number) >= 1 && (z[key] as number) <= max;
  if (typeof value !== 'object' || value === null || !ok('maxActions', 10_000) || !ok('spanUs', 10_000_000) || !ok('maxTracks', 4096) || typeof z['faults'] !== 'boolean') {
    throw new ReplayTokenError('the replay token has an invalid script size');
  }
  return { maxActions: z['maxActions'] as number, spanUs: z['spanUs'] as number, maxTracks: z['maxTracks'] as number, faults: z['faults'] };
}
