import { describe, expect, it } from 'vitest';
import { legalCommands, PAIR_STATE_NAMES, transition, formatState, type PairCommand, type PairState } from '../protocol/state.js';
import { world } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import { designOutcome, LEGAL_IN } from './command-table.js';
import { HistoryBuilder } from './testing/builder.js';
import type { CommandTableViolation } from './verdict.js';

const MS = 1_000_000;

function stateOf(label: string): PairState {
  const [name, qualifier] = label.split(' ');
  return (qualifier === undefined ? { name } : { name, protected: qualifier === '(protected)' }) as PairState;
}

const COMMANDS: Extract<PairCommand, { options: unknown }>[] = [false, true].flatMap((a) => [
  { name: 'establish', options: { incremental: a } } as const,
  ...[false, true].flatMap((b) => [
    { name: 'restore', options: { incremental: a, protected: b } } as const,
    ...[false, true].map((c) => ({ name: 'split', options: { force: a, consistent: b, instant: c } }) as const),
  ]),
]);

function tableVerdicts(history: HistoryBuilder['history']): CommandTableViolation[] {
  return checkHistory(history, { only: ['rejected-commands-change-nothing'] }).verdicts.filter((v): v is CommandTableViolation => 'reason' in v);
}

describe("the checker's restatement of DESIGN.md §1's command table", () => {
  it("agrees with the protocol's state machine on every state, command and option (change both, or neither)", () => {
    const labels = Object.keys(LEGAL_IN);
    // Every state of the protocol, qualified where it remembers a restore's protection, and nothing else.
    expect([...new Set(labels.map((label) => label.split(' ')[0]))]).toEqual(PAIR_STATE_NAMES);
    for (const label of labels) {
      const state = stateOf(label);
      expect(formatState(state)).toBe(label);
      expect(LEGAL_IN[label], label).toEqual(legalCommands(state));
      for (const command of COMMANDS) {
        const result = transition(state, command);
        const outcome = designOutcome(command.name, label, command.options);
        const what = `${command.name} ${JSON.stringify(command.options)} in ${label}`;
        if (result.ok) expect(outcome, what).toEqual({ next: formatState(result.next) });
        else expect(outcome, what).toEqual({ refused: result.code });
      }
    }
  });
});

describe('command-table: the history of a real run', () => {
  it('is clean, and its refusals name the commands legal in their state', () => {
    const w = world({ blocks: 256, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv' }] });
    w.command(w.restore('p1', { protected: true })); // refused: NeverEstab
    w.command(w.establish('p1', true)); // refused: never split
    w.command(w.establish());
    w.command(w.split()); // refused: SyncInProg, no force
    w.run();
    w.command(w.split());
    w.run();
    w.command(w.restore('p1', { protected: true }));
    w.run();
    w.command(w.restore('p1', { protected: false }));
    w.run();
    w.command(w.split());
    w.run();
    const refused = w.history.commands.filter((c) => c.error !== null);
    expect(refused.map((c) => [c.command, c.error, c.legal])).toEqual([
      ['restore', 'illegal-in-state', ['establish (full)']],
      ['establish', 'incremental-needs-split', ['establish (full)']],
      ['split', 'illegal-in-state', ['split --force']],
    ]);
    const result = checkHistory(w.history);
    expect(result.verdicts).toEqual([]);
    // Nine commands, and the copy endings and split settlings they led to.
    expect(result.stats.commandsCheckedByTable).toBeGreaterThan(9);
  });

  it('a group member refused for its own state carries what is legal for it; a member refused only with its group, nothing', () => {
    const w = world({ blocks: 256, volumes: ['s1', 'b1', 's2', 'b2'], pairs: [{ name: 'p1', std: 's1', bcv: 'b1' }, { name: 'p2', std: 's2', bcv: 'b2' }], groups: [{ name: 'g', pairs: ['p1', 'p2'] }] });
    w.command(w.establish('p1'));
    w.run();
    w.command(w.split('p1'));
    w.run();
    w.command(w.restore('g', { protected: true })); // p1 could; p2 never established
    w.run();
    const refused = w.history.commands.filter((c) => c.error !== null);
    expect(refused.map((c) => [c.target, c.error, c.legal])).toEqual([
      ['p1', 'group-refused', undefined],
      ['p2', 'group-refused', ['establish (full)']],
    ]);
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });
});

describe('command-table: broken histories', () => {
  /** A command record as the protocol makes one, refused or accepted with `states` following. */
  function command(b: HistoryBuilder, fields: { command: string; options: Record<string, unknown>; atNs: number; before: string; error?: string; legal?: string[]; message?: string }) {
    const { command, options, atNs, before, error = null, legal } = fields;
    const message = fields.message ?? (legal ? `${command} refused for pair p1: it is ${before}; legal now: ${legal.join(', ')}` : error === null ? '' : `${command} refused for pair p1`);
    return b.history.command({
      command,
      target: 'p1',
      group: null,
      options,
      issueNs: atNs,
      stateBefore: before,
      effectiveNs: error === null ? atNs : -1,
      appliedNs: error === null ? atNs : -1,
      completeNs: atNs,
      error,
      message,
      ...(legal && { legal }),
    });
  }

  it('an illegal command accepted: a split without force while the establish copies', () => {
    const b = new HistoryBuilder();
    b.establish(0);
    b.command('split', 'p1', 1 * MS, { consistent: false, instant: false, force: false }, ['SplitInProg', 'Split']);
    const [v, ...rest] = tableVerdicts(b.history);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ reason: 'illegal-accepted', before: 'SyncInProg', expected: 'illegal-in-state', command: { id: 1, command: 'split' } });
    expect(v!.message).toBe("rejected-commands-change-nothing violated: command #1 (split p1, issued at 1.00 ms) in SyncInProg was accepted; the design's table refuses it there (illegal-in-state)");
  });

  it('a legal command refused for its state: a restore of a split pair', () => {
    const b = new HistoryBuilder();
    b.establish(0, 'p1', 1 * MS);
    b.split(2 * MS);
    command(b, { command: 'restore', options: { incremental: false, protected: true }, atNs: 3 * MS, before: 'Split', error: 'illegal-in-state', legal: ['establish', 'restore'] });
    const [v, ...rest] = tableVerdicts(b.history);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ reason: 'legal-refused', before: 'Split', expected: 'RestInProg (protected)', got: 'illegal-in-state' });
    expect(v!.message).toMatch(/command #2 \(restore --protected p1, .*\) in Split was refused with illegal-in-state; the design's table accepts it there, to RestInProg \(protected\)/);
  });

  it('a refusal refused for its state with the wrong code, naming the wrong commands as legal, or a message that leaves one out', () => {
    const b = new HistoryBuilder();
    command(b, { command: 'establish', options: { incremental: true }, atNs: 0, before: 'NeverEstab', error: 'illegal-in-state', legal: ['establish (full)'] });
    command(b, { command: 'split', options: { force: false }, atNs: 0, before: 'NeverEstab', error: 'illegal-in-state', legal: ['establish'] });
    command(b, { command: 'split', options: { force: false }, atNs: 0, before: 'NeverEstab', error: 'std-busy' }); // refused for something else: not the table's business
    command(b, { command: 'split', options: { force: false }, atNs: 0, before: 'NeverEstab', error: 'illegal-in-state', legal: ['establish (full)'], message: 'split refused for pair p1: it is NeverEstab' });
    expect(tableVerdicts(b.history).map((v) => [v.reason, v.expected, v.got])).toEqual([
      ['wrong-refusal', 'incremental-needs-split', 'illegal-in-state'],
      ['wrong-legal-list', 'establish (full)', 'establish'],
      ['message-incomplete', 'a message naming pair p1, NeverEstab, establish (full)', '"split refused for pair p1: it is NeverEstab"'],
    ]);
    expect(tableVerdicts(b.history)[2]!.message).toMatch(/command #3 \(split p1, .*\) in NeverEstab was refused with the message "split refused for pair p1: it is NeverEstab"; expected a message naming pair p1, NeverEstab, establish \(full\)$/);
  });

  it('a refusal where nothing is legal says so: a command while a split settles', () => {
    const settling = (message: string) => {
      const b = new HistoryBuilder();
      b.establish(0, 'p1', 1 * MS);
      b.command('split', 'p1', 2 * MS, { consistent: false, instant: true, force: false }, ['SplitInProg']);
      command(b, { command: 'restore', options: { incremental: false, protected: true }, atNs: 2.1 * MS, before: 'SplitInProg', error: 'illegal-in-state', legal: [], message });
      return tableVerdicts(b.history).map((v) => [v.reason, v.expected, v.got]);
    };
    expect(settling('restore refused for pair p1: it is SplitInProg; legal now: none (wait for the background work to finish)')).toEqual([]);
    expect(settling('restore refused for pair p1: it is SplitInProg; legal now: ')).toEqual([
      ['message-incomplete', 'a message naming pair p1, SplitInProg, none', '"restore refused for pair p1: it is SplitInProg; legal now: "'],
    ]);
  });

  it('an accepted command that took its pair elsewhere than the table: a protected restore entering the unprotected state', () => {
    const b = new HistoryBuilder();
    b.establish(0, 'p1', 1 * MS);
    b.split(2 * MS);
    b.command('restore', 'p1', 3 * MS, { incremental: false, protected: true }, ['RestInProg (unprotected)']);
    expect(tableVerdicts(b.history).map((v) => [v.reason, v.before, v.expected, v.got])).toEqual([['wrong-next-state', 'Split', 'RestInProg (protected)', 'RestInProg (unprotected)']]);
  });

  it('background work ending in the wrong state: an establish copy ending in Restored', () => {
    const b = new HistoryBuilder();
    b.establish(0);
    b.history.stateChanges.push({ pair: 'p1', state: 'Restored', label: 'Restored (unprotected)', atNs: 1 * MS, cause: 'copy-done' });
    const [v, ...rest] = tableVerdicts(b.history);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ reason: 'wrong-background-change', before: 'SyncInProg', expected: 'Synchronized', got: 'Restored (unprotected)' });
    expect(v!.message).toBe("rejected-commands-change-nothing violated: pair p1 went from SyncInProg to Restored (unprotected) by copy-done at 1.00 ms; the design's table says Synchronized");
  });
});
