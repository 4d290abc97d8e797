import { deflateRawSync } from 'node:zlib';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE } from '../src/verify/arbitraries.js';
import { replayCounterexample } from '../src/verify/gate.js';
import { PROPERTY_NAMES } from '../src/verify/properties.js';
import { decodeReplay, encodeReplay, ReplayTokenError, type ReplayToken } from '../src/verify/replay.js';

/**
 * `mirrorsim check --replay <token>` takes a token pasted from a log: any
 * string at all must decode to a token, or be refused with a
 * `ReplayTokenError` that says what is wrong — random text, a token cut
 * short or mistyped, base64url of junk, deflate bombs, payloads with wrong
 * fields. A token that decodes but leads nowhere is refused the same way.
 */
/** `npm run fuzz` tries three times as many. */
const TOKENS = process.env['npm_lifecycle_event'] === 'fuzz' ? 9000 : 3000;
const SEED = Number(process.env['MIRRORSIM_FUZZ_SEED'] ?? 1125);
const DECODE_MS_MAX = 200;
/** A replay runs one script; walking a path of the largest indices a token may hold takes about 3 s. */
const REPLAY_MS_MAX = 10_000;
const B64URL = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'];

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const deflated = (text: string): string => b64(deflateRawSync(Buffer.from(text, 'utf8')));

const validToken: fc.Arbitrary<ReplayToken> = fc.record({
  target: fc.constantFrom(...PROPERTY_NAMES, 'crash' as const),
  seed: fc.integer(),
  path: fc.array(fc.nat({ max: 40 }), { maxLength: 12 }).map((p) => p.join(':')),
  bug: fc.option(fc.constantFrom('read-unrestored-from-std', 'no-such-bug'), { nil: null }),
  size: fc.constant(DEFAULT_SIZE),
});

/** Payloads of the right encoding whose fields are wrong in every way. */
const payload = fc.record(
  {
    v: fc.oneof(fc.constantFrom(1, 2), fc.jsonValue({ maxDepth: 1 })),
    p: fc.oneof(fc.constantFrom(...PROPERTY_NAMES), fc.string(), fc.jsonValue({ maxDepth: 1 })),
    s: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 53 + 1), fc.string()),
    q: fc.oneof(fc.stringMatching(/^[0-9:]{0,40}$/), fc.constantFrom('99999999999:99999999', '10000000', '10000001', '0:100001', '3:99999'), fc.string()),
    b: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
    z: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ maxActions: fc.integer(), spanUs: fc.integer(), maxTracks: fc.integer(), faults: fc.jsonValue({ maxDepth: 0 }) })),
  },
  { requiredKeys: [] },
);

const tokenArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...B64URL), maxLength: 5000 }),
  fc.uint8Array({ maxLength: 3000 }).map(b64),
  fc.tuple(validToken, fc.double({ min: 0, max: 1, noNaN: true })).map(([token, cut]) => {
    const text = encodeReplay(token);
    return text.slice(0, Math.floor(cut * text.length));
  }),
  fc.tuple(validToken, fc.nat(), fc.constantFrom(...B64URL)).map(([token, at, char]) => {
    const text = encodeReplay(token);
    const i = at % text.length;
    return text.slice(0, i) + char + text.slice(i + 1);
  }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => deflated(JSON.stringify(value))),
  payload.map((p) => deflated(JSON.stringify(p))),
  // Deflate bombs: a small token that inflates to far more than any real one.
  fc.constantFrom(64 * 1024 + 1, 256 * 1024, 2 ** 20, 2 ** 24).map((n) => b64(deflateRawSync(Buffer.alloc(n, 0x20)))),
  validToken.map(encodeReplay),
);

const LEAKS = /\bundefined\b|\[object |\n\s+at |TypeError|RangeError|SyntaxError/;

describe('hostile replay tokens', () => {
  it(`decode, or are refused with a ReplayTokenError that says why (${TOKENS} tokens)`, () => {
    let decoded = 0;
    let replayed = 0;
    fc.assert(
      fc.property(tokenArbitrary, (text) => {
        const started = performance.now();
        let token: ReplayToken | null = null;
        try {
          token = decodeReplay(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ReplayTokenError);
          const message = (error as Error).message;
          expect(message).toMatch(/token/);
          expect(message).not.toMatch(LEAKS);
        }
        expect(performance.now() - started).toBeLessThan(DECODE_MS_MAX);
        if (token === null) return;
        decoded++;
        expect([...PROPERTY_NAMES, 'crash']).toContain(token.target);
        expect(Number.isSafeInteger(token.seed)).toBe(true);
        // Replaying runs a script: a sample is enough to show a token that decodes cannot crash the replay.
        if (replayed >= 40 || token.size.maxActions > DEFAULT_SIZE.maxActions || token.size.maxTracks > DEFAULT_SIZE.maxTracks) return;
        replayed++;
        const replayStarted = performance.now();
        try {
          replayCounterexample(token);
        } catch (error) {
          expect(error).toBeInstanceOf(ReplayTokenError);
        }
        expect(performance.now() - replayStarted).toBeLessThan(REPLAY_MS_MAX);
      }),
      { seed: SEED, numRuns: TOKENS },
    );
    console.info(`hostile replay tokens: ${TOKENS} tried, ${decoded} decoded (${replayed} replayed), ${TOKENS - decoded} refused`);
    expect(decoded).toBeGreaterThan(0);
  });
});
