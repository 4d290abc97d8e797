import { describe, expect, it } from 'vitest';
import { decodeReplay } from '../src/verify/replay.js';
import { replayCounterexample, runGate } from '../src/verify/gate.js';
import { formatCounterexample } from '../src/verify/format.js';
import { Protocol } from '../src/protocol/protocol.js';
import type { CommandRequest, CommandResult } from '../src/protocol/protocol.js';
import type { CommandOrigin } from '../src/protocol/gatekeeper.js';
import type { ProtocolVariant } from '../src/verify/variant.js';

/** A protocol that throws (as an assertion would) when a restore is asked of a pair whose BCV a host wrote since the split. */
class ThrowsOnRestore extends Protocol {
  override command(request: CommandRequest, done?: (result: CommandResult) => void, origin?: CommandOrigin | null): void {
    if (request.name === 'restore' && this.resolve(request.target)?.some((p) => p.bcvChanged.count > 0)) throw new Error('planted: restore after a BCV write');
    // Passing the origin on: without it a host's command would be recorded as the timeline's (the gate refuses that history).
    super.command(request, done, origin);
  }
}

const variant: ProtocolVariant = { protocol: (...args) => new ThrowsOnRestore(...args) };

describe('a crash is the third outcome', () => {
  it('is caught per script, shrunk like a violation, and replayed from its token', () => {
    const result = runGate({ runs: 2000, seed: 3, variant, bug: 'planted-crash' });
    const c = result.counterexample;
    expect(c?.kind).toBe('crash');
    expect(c!.target).toBe('crash');
    expect(c!.message).toMatch(/planted: restore after a BCV write/);
    // The shrunk script keeps what the crash needs: a BCV write and a restore after it.
    expect(c!.script.actions.length).toBeLessThanOrEqual(8);
    expect(c!.script.actions.some((a) => a.kind === 'restore')).toBe(true);
    expect(formatCounterexample(c!).join('\n')).toMatch(/CRASH[\s\S]*thrown at:[\s\S]*ThrowsOnRestore\.command[\s\S]*replay: npx mirrorsim check --replay/);
    const token = decodeReplay(c!.replay);
    expect(token.target).toBe('crash');
    const replayed = replayCounterexample(token, variant);
    expect(replayed.script).toEqual(c!.script);
    expect(replayed.judgement.crash?.error).toMatch(/planted/);
  });
});
