import { describe, expect, it } from 'vitest';
import { runGate } from '../src/verify/gate.js';
import { Protocol } from '../src/protocol/protocol.js';
import type { ProtocolVariant } from '../src/verify/variant.js';

/** A protocol whose splits wait for a destage that never reports: every split from Synchronized stays SplitInProg. */
const neverSettles: ProtocolVariant = {
  protocol: (...args) => {
    const protocol = new Protocol(...args);
    args[1].cache.whenDestaged = () => undefined;
    return protocol;
  },
};

describe('the liveness phase', () => {
  it('fails a split that never settles, though nothing is left to do', () => {
    const result = runGate({ runs: 300, seed: 1, variant: neverSettles, bug: 'split-never-settles' });
    const c = result.counterexample;
    expect(c?.kind).toBe('liveness');
    expect(c!.message).toMatch(/a split had not settled \(stalled\) at .*; still settling: p\w+ \(SplitInProg\)/);
    expect(c!.script.actions.length).toBeLessThanOrEqual(4);
  });
});
