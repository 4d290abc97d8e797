import { describe, expect, it } from 'vitest';
import type { CommandRecord } from '../array/history.js';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { CommandTableViolation } from './verdict.js';

const MS = 1_000_000;
const pairs = [
  { name: 'p1', std: 's1', bcv: 'b1' },
  { name: 'p2', std: 's2', bcv: 'b2' },
];
const groups = [{ name: 'g', pairs: ['p1', 'p2'] }];

function verdicts(b: HistoryBuilder): Pick<CommandTableViolation, 'reason' | 'expected' | 'got'>[] {
  return checkHistory(b.history, { only: ['rejected-commands-change-nothing'] })
    .verdicts.filter((v): v is CommandTableViolation => 'reason' in v)
    .map(({ reason, expected, got }) => ({ reason, expected, got }));
}

/** A refused record, as the protocol makes one; `fields` override. */
function refusal(b: HistoryBuilder, fields: Partial<CommandRecord> & Pick<CommandRecord, 'command' | 'target' | 'issueNs' | 'error' | 'message'>): void {
  b.history.command({ group: null, options: {}, stateBefore: null, effectiveNs: -1, completeNs: fields.issueNs, ...fields });
}

/** Both pairs synchronized by 1 ms, then a group split of g stepping p1 at 2.1 ms and p2 at 2.2 ms, acknowledged when p2 settles at 2.3 ms. */
function groupSplitUnderWay(): { b: HistoryBuilder; splitId: number } {
  const b = new HistoryBuilder({ pairs, groups, settings: { splitStepNs: 0.1 * MS } });
  b.establish(0, 'p1', 1 * MS);
  b.establish(0, 'p2', 1 * MS);
  const options = { consistent: false, instant: false, force: false };
  const common = { command: 'split', group: 'g', options, issueNs: 2 * MS, stateBefore: 'Synchronized', completeNs: 2.3 * MS, error: null, message: '' };
  const first = b.history.command({ ...common, target: 'p1', effectiveNs: 2.1 * MS, appliedNs: 2.1 * MS });
  b.history.command({ ...common, target: 'p2', effectiveNs: 2.2 * MS, appliedNs: 2.2 * MS });
  b.state('p1', 'SplitInProg', 2.1 * MS);
  b.state('p1', 'Split', 2.15 * MS);
  b.state('p2', 'SplitInProg', 2.2 * MS);
  b.state('p2', 'Split', 2.3 * MS);
  return { b, splitId: first.id };
}

describe('what a refusal tells its user', () => {
  it('asks for a documented code and a message naming the command and what it was sent to', () => {
    const b = new HistoryBuilder({ pairs, groups });
    refusal(b, { command: 'split', target: 'p9', issueNs: 1 * MS, error: 'unknown-target', message: 'no pair or group named p9; known: p1, p2, g' });
    expect(verdicts(b)).toEqual([{ reason: 'message-incomplete', expected: 'a message naming split, p9', got: '"no pair or group named p9; known: p1, p2, g"' }]);
    const odd = new HistoryBuilder({ pairs, groups });
    refusal(odd, { command: 'split', target: 'p1', issueNs: 1 * MS, error: 'busy', message: 'split refused for pair p1' });
    refusal(odd, { command: 'split', target: 'p1', issueNs: 2 * MS, error: 'director-failed', message: 'split p1 was lost with director fa0, which failed', host: 'h0', requestId: 1 });
    refusal(odd, { command: 'split', target: 'p1', issueNs: 3 * MS, error: 'array-offline', message: 'split p1 from host h0 was lost with director fa0, which failed', host: 'h0', requestId: 2 });
    expect(verdicts(odd)).toMatchObject([
      { reason: 'wrong-refusal', got: 'busy' },
      { reason: 'message-incomplete', expected: 'a message naming split, p1, host h0, failed' },
      { reason: 'message-incomplete', expected: 'a message naming split, p1, host h0, power' },
    ]);
  });

  it('gives unknown-target only for a name that is no pair or group, listing every one there is', () => {
    const b = new HistoryBuilder({ pairs, groups });
    refusal(b, { command: 'split', target: 'p9', issueNs: 1 * MS, error: 'unknown-target', message: 'split refused: no pair or group named p9; known: p1, p2, g' });
    expect(verdicts(b)).toEqual([]);
    const wrong = new HistoryBuilder({ pairs, groups });
    refusal(wrong, { command: 'split', target: 'g', issueNs: 1 * MS, error: 'unknown-target', message: 'split refused: no pair or group named g; known: p1, p2, g' });
    refusal(wrong, { command: 'split', target: 'p9', issueNs: 2 * MS, error: 'unknown-target', message: 'split refused: no pair or group named p9; known: none' });
    // A name inside another word is not named: p1 in p10.
    refusal(wrong, { command: 'split', target: 'p9', issueNs: 3 * MS, error: 'unknown-target', message: 'split refused: no pair or group named p9; known: p10, p2, g' });
    expect(verdicts(wrong)).toEqual([
      { reason: 'wrong-refusal', expected: 'no unknown-target: g is a group', got: 'unknown-target' },
      { reason: 'message-incomplete', expected: 'a message listing every pair and group (p1, p2, g)', got: '"split refused: no pair or group named p9; known: none"' },
      { reason: 'message-incomplete', expected: 'a message listing every pair and group (p1, p2, g)', got: '"split refused: no pair or group named p9; known: p10, p2, g"' },
    ]);
  });

  it('gives command-under-way only while a command takes effect on the pair, naming that command', () => {
    const { b, splitId } = groupSplitUnderWay();
    const message = `restore refused for pair p2: the split of group g (command #${splitId}) is still taking effect on it; wait until it is acknowledged`;
    refusal(b, { command: 'restore', target: 'p2', issueNs: 2.15 * MS, stateBefore: 'Synchronized', error: 'command-under-way', message });
    expect(verdicts(b)).toEqual([]);
    refusal(b, { command: 'restore', target: 'p2', issueNs: 2.16 * MS, stateBefore: 'Synchronized', error: 'command-under-way', message: message.replace('group g', 'pair g') });
    refusal(b, { command: 'restore', target: 'p2', issueNs: 2.5 * MS, stateBefore: 'Split', error: 'command-under-way', message });
    // A pair's own command named as a group's, though the message names the pair elsewhere.
    const own = new HistoryBuilder({ pairs, groups, settings: { splitStepNs: 0.1 * MS } });
    own.establish(0, 'p1', 1 * MS);
    const split = { command: 'split', group: null, target: 'p1', options: { consistent: false, instant: false, force: false }, issueNs: 2 * MS, stateBefore: 'Synchronized', error: null, message: '' };
    const { id } = own.history.command({ ...split, effectiveNs: 2.1 * MS, appliedNs: 2.1 * MS, completeNs: 2.3 * MS });
    own.state('p1', 'SplitInProg', 2.1 * MS);
    own.state('p1', 'Split', 2.3 * MS);
    const asGroup = `restore refused for pair p1: the split of group p1 (command #${id}) is still taking effect on it; wait until it is acknowledged`;
    refusal(own, { command: 'restore', target: 'p1', issueNs: 2.2 * MS, stateBefore: 'SplitInProg', error: 'command-under-way', message: asGroup });
    expect(verdicts(own)).toEqual([{ reason: 'message-incomplete', expected: `a message naming pair p1, split of pair p1 (command #${id}), which is under way`, got: JSON.stringify(asGroup) }]);
    expect(verdicts(b)).toEqual([
      { reason: 'message-incomplete', expected: `a message naming pair p2, split of group g (command #${splitId}), which is under way`, got: JSON.stringify(message.replace('group g', 'pair g')) },
      { reason: 'wrong-refusal', expected: 'no command-under-way: no accepted command was taking effect on pair p2', got: 'command-under-way' },
    ]);
  });

  it("asks a member a group refused for its own state to say what is legal, unless a command was under way on it", () => {
    const b = new HistoryBuilder({ pairs, groups });
    b.establish(0, 'p1', 1 * MS);
    const member = { command: 'restore', group: 'g', options: { incremental: false, protected: true }, issueNs: 2 * MS, error: 'group-refused' };
    const message = 'group g refused, nothing changed: restore refused for pair p1: it is Synchronized; legal now: split; restore refused for pair p2: it is NeverEstab; legal now: establish (full)';
    refusal(b, { ...member, target: 'p1', stateBefore: 'Synchronized', message, legal: ['split'] });
    refusal(b, { ...member, target: 'p2', stateBefore: 'NeverEstab', message });
    expect(verdicts(b)).toEqual([{ reason: 'wrong-legal-list', expected: 'establish (full)', got: 'nothing (no legal list)' }]);
    const { b: busy, splitId } = groupSplitUnderWay();
    const under = (pair: string) => `restore refused for pair ${pair}: the split of group g (command #${splitId}) is still taking effect on it`;
    const underWay = `group g refused, nothing changed: ${under('p1')}; ${under('p2')}`;
    refusal(busy, { ...member, target: 'p1', issueNs: 2.16 * MS, stateBefore: 'Split', message: underWay });
    refusal(busy, { ...member, target: 'p2', issueNs: 2.16 * MS, stateBefore: 'Synchronized', message: underWay });
    expect(verdicts(busy)).toEqual([]);
  });

  it('asks a group refused for a sibling earlier in the same command to say so, and one refused for a pair already in the way to name its state', () => {
    const siblings = [
      { name: 'pa', std: 'std', bcv: 'ba' },
      { name: 'pb', std: 'std', bcv: 'bb' },
    ];
    const split = () => {
      const b = new HistoryBuilder({ pairs: siblings, groups: [{ name: 'g', pairs: ['pa', 'pb'] }] });
      b.establish(0, 'pa', 1 * MS);
      b.establish(0, 'pb', 1 * MS);
      b.split(2 * MS, 'pa');
      b.split(2 * MS, 'pb');
      return b;
    };
    const groupRestore = (b: HistoryBuilder, message: string) => {
      const member = { command: 'restore', group: 'g', options: { incremental: false, protected: true }, issueNs: 3 * MS, stateBefore: 'Split', error: 'group-refused', message };
      refusal(b, { ...member, target: 'pa' });
      refusal(b, { ...member, target: 'pb' });
    };
    const sameCommand = 'group g refused, nothing changed: restore refused for pair pb: pair pa, earlier in this same command, would restore its standard std';
    const ok = split();
    groupRestore(ok, sameCommand);
    expect(verdicts(ok)).toEqual([]);
    const wrong = split();
    groupRestore(wrong, 'group g refused, nothing changed: restore refused for pair pb: its standard std is in use by pair pa (Split); split that pair first');
    expect(verdicts(wrong)).toEqual([
      { reason: 'message-incomplete', expected: 'a message naming pair pb and pair pa (earlier in this same command), which is in its way', got: expect.stringContaining('is in use by pair pa (Split)') },
    ]);
  });
});
