import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { CommandTableViolation } from './verdict.js';

const MS = 1_000_000;
const pairs = [
  { name: 'pa', std: 'std', bcv: 'ba' },
  { name: 'pb', std: 'std', bcv: 'bb' },
];

const verdicts = (b: HistoryBuilder): CommandTableViolation[] =>
  checkHistory(b.history, { only: ['rejected-commands-change-nothing'] }).verdicts.filter(
    (v): v is CommandTableViolation => 'reason' in v && (String(v.reason).startsWith('std-busy') || v.reason === 'message-incomplete'),
  );

/** pa restores the standard from 3 ms (established at 0, split at 2 ms), Restored (protected) at 6 ms. */
function paRestoring(): HistoryBuilder {
  const b = new HistoryBuilder({ pairs });
  b.establish(0, 'pa', 1 * MS);
  b.split(2 * MS, 'pa');
  b.restore(3 * MS, { protected: true, restoredNs: 6 * MS }, 'pa');
  return b;
}

function refusedBusy(b: HistoryBuilder, command: string, target: string, atNs: number, stateBefore: string, message = `${command} refused for pair ${target}: its standard std is in use by pair pa (RestInProg)`): void {
  const options = command === 'restore' ? { incremental: false, protected: true } : { incremental: false };
  b.history.command({ command, target, group: null, options, issueNs: atNs, stateBefore, effectiveNs: -1, completeNs: atNs, error: 'std-busy', message });
}

describe('standard sharing: std-busy exactly when another pair of the standard is in the way', () => {
  it('an establish refused while a sibling restores, accepted once it no longer does', () => {
    const b = paRestoring();
    refusedBusy(b, 'establish', 'pb', 4 * MS, 'NeverEstab');
    b.establish(7 * MS, 'pb'); // pa is Restored: not in the way of an establish
    expect(verdicts(b)).toEqual([]);
  });

  it('a restore refused while a sibling mirrors the standard, its message naming what is in the way', () => {
    const b = new HistoryBuilder({ pairs });
    b.establish(0, 'pa', 1 * MS);
    b.split(2 * MS, 'pa');
    b.establish(3 * MS, 'pb', 4 * MS); // pb mirrors the standard
    refusedBusy(b, 'restore', 'pa', 5 * MS, 'Split', 'restore refused for pair pa: its standard std is in use by pair pb (Synchronized)');
    expect(verdicts(b)).toEqual([]);
    refusedBusy(b, 'restore', 'pa', 6 * MS, 'Split', 'restore refused for pair pa: its standard std is in use');
    expect(verdicts(b)).toMatchObject([{ reason: 'message-incomplete', expected: 'a message naming pair pa, std and pair pb (Synchronized), which is in the way' }]);
  });

  it('flags an establish accepted while a sibling restores, and a std-busy refusal with nothing in the way', () => {
    const b = paRestoring();
    b.establish(4 * MS, 'pb');
    refusedBusy(b, 'establish', 'pb', 8 * MS, 'SyncInProg'); // the state refuses it: not judged here
    const busy = new HistoryBuilder({ pairs });
    busy.establish(0, 'pa', 1 * MS);
    busy.split(2 * MS, 'pa');
    refusedBusy(busy, 'establish', 'pb', 3 * MS, 'NeverEstab');
    const [accepted, ...rest] = verdicts(b);
    expect(rest).toEqual([]);
    expect(accepted).toMatchObject({ reason: 'std-busy-accepted', before: 'NeverEstab', got: 'accepted', expected: 'refused (std-busy): pair pa of its standard std was RestInProg (protected)' });
    expect(accepted!.message).toMatch(/command #\d+ \(establish pb, .*\) in NeverEstab was accepted; it should have been refused \(std-busy\): pair pa of its standard std was RestInProg \(protected\)$/);
    expect(verdicts(busy)).toMatchObject([{ reason: 'std-busy-refused', expected: 'accepted: no other pair of its standard was in the way (pa Split)' }]);
  });

  it('flags a split refused std-busy: a split needs nothing of the other pairs', () => {
    const b = paRestoring();
    b.establish(7 * MS, 'pb', 8 * MS);
    b.history.command({ command: 'split', target: 'pb', group: null, options: { consistent: false, instant: false, force: false }, issueNs: 9 * MS, stateBefore: 'Synchronized', effectiveNs: -1, completeNs: 9 * MS, error: 'std-busy', message: 'split refused for pair pb: its standard std is in use by pair pa (Restored)' });
    expect(verdicts(b)).toMatchObject([{ reason: 'std-busy-refused', before: 'Synchronized', got: 'std-busy' }]);
  });

  it('leaves a command decided at the very instant a sibling changes state unjudged', () => {
    const b = paRestoring();
    b.establish(6 * MS, 'pb'); // pa entered Restored at this very instant
    refusedBusy(b, 'establish', 'pb', 3 * MS, 'NeverEstab'); // pa began restoring at this very instant
    expect(verdicts(b)).toEqual([]);
  });
});
