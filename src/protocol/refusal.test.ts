import { describe, expect, it } from 'vitest';
import { formatCommandError } from './errors.js';
import { ALL_STATES, EXPECTED, STATE_KEYS, illegalRequests } from './testing/expected-table.js';
import { reach } from './testing/reach.js';
import { commandsNow } from './testing/snapshot.js';

describe('driver: a refused command changes nothing', () => {
  const refusing = STATE_KEYS.filter((key) => illegalRequests(key, 'p1').length > 0);

  it('only a protected Restored pair accepts every command', () => {
    expect(STATE_KEYS.filter((key) => !refusing.includes(key))).toEqual(['Restored (protected)']);
  });

  it.each(refusing)('in %s, every illegal command is refused and leaves the pair, its volumes and the history as they were', (stateKey) => {
    const w = reach(stateKey);
    const state = ALL_STATES[stateKey];
    expect(w.pair().state).toEqual(state);
    const illegal = illegalRequests(stateKey, 'p1');
    const outcomes = commandsNow(w, illegal.map((c) => c.request));
    for (const [i, { key }] of illegal.entries()) {
      const { before, after, result } = outcomes[i]!;
      expect(result?.ok, key).toBe(false);
      expect(before?.[0]?.query.label, key).toBe(stateKey);
      expect(after, key).toEqual(before);
      if (result?.ok !== false) continue;
      const error = result.error;
      const code = key === 'establish --incremental' && stateKey === 'NeverEstab' ? 'incremental-needs-split' : 'illegal-in-state';
      expect(error, key).toMatchObject({ code, pair: 'p1', state: state.name, legal: EXPECTED[stateKey].legal });
      const line = formatCommandError(error);
      expect(line).not.toContain('\n');
      expect(line).toContain('p1');
      expect(line).toContain(state.name);
      for (const legal of EXPECTED[stateKey].legal) expect(line).toContain(legal);
    }
    // Every refusal is in the command log, with its code and readable message, and took no effect.
    const refused = w.history.commands.slice(-illegal.length);
    for (const record of refused) {
      expect(record.error).not.toBeNull();
      expect(record.effectiveNs).toBe(-1);
      expect(record.message).toContain('p1');
    }
  });
});
