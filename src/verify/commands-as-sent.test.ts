import { describe, expect, it } from 'vitest';
import { History, type CommandRecord } from '../array/history.js';
import type { CommandRequest } from '../protocol/protocol.js';
import { checkCommandsAsSent, type SentCommand } from './commands-as-sent.js';

const membersOf = (target: string) => ({ g: ['p1', 'p2'], p1: ['p1'], p2: ['p2'] })[target];
const split: CommandRequest = { name: 'split', target: 'g', options: { consistent: true, instant: false, force: false } };
const restore: CommandRequest = { name: 'restore', target: 'p1', options: { incremental: false, protected: true } };

/** A history holding `records` (filled in as the protocol fills them: accepted at 100 ns, acknowledged at 200). */
function historyOf(...records: Partial<CommandRecord>[]): History {
  const history = new History();
  history.topology = { blocksPerTrack: 4, volumes: [], pairs: [], groups: [{ name: 'g', pairs: ['p1', 'p2'] }] };
  for (const r of records) {
    const accepted = (r.error ?? null) === null;
    history.command({
      command: 'split',
      target: 'p1',
      group: null,
      options: {},
      issueNs: 0,
      stateBefore: 'Synchronized',
      effectiveNs: accepted ? 100 : -1,
      appliedNs: accepted ? 100 : -1,
      completeNs: 200,
      error: null,
      message: '',
      ...r,
    });
  }
  return history;
}

const groupSplit = (error: string | null = null): Partial<CommandRecord>[] =>
  ['p1', 'p2'].map((target) => ({ target, group: 'g', options: split.options as unknown as Record<string, unknown>, error }));

function check(history: History, sent: SentCommand[]): string {
  try {
    checkCommandsAsSent(history, sent, membersOf);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the history against the commands the gate sent', () => {
  it('accepts a group split from the timeline and a host restore, each recorded as sent and answered as recorded', () => {
    const history = historyOf(...groupSplit(), { command: 'restore', options: { incremental: false, protected: true }, host: 'h0', requestId: 1, error: 'illegal-in-state', stateBefore: 'Synchronized', legal: ['split'] });
    const sent: SentCommand[] = [
      { request: split, issueNs: 0, result: { ok: true, pairs: ['p1', 'p2'] } },
      { request: restore, issueNs: 0, host: 'h0', requestId: 1, told: null, heard: '', result: { ok: false, error: { code: 'illegal-in-state', pair: 'p1', state: 'Synchronized', command: 'restore', legal: ['split'] } } },
    ];
    expect(check(history, sent)).toBe('ok');
  });

  it('tells twin commands sent at one instant apart by their answers, whichever the array took first', () => {
    const twin = { command: 'restore', options: { incremental: false, protected: true } };
    const refusal = { ok: false, error: { code: 'illegal-in-state', pair: 'p1', state: 'RestInProg', command: 'restore', legal: ['split'] } } as const;
    const history = historyOf({ ...twin, stateBefore: 'Split' }, { ...twin, error: 'illegal-in-state', stateBefore: 'RestInProg', legal: ['split'] });
    const refusedFirst: SentCommand[] = [
      { request: restore, issueNs: 0, result: refusal },
      { request: restore, issueNs: 0, result: { ok: true, pairs: ['p1'] } },
    ];
    expect(check(history, refusedFirst)).toBe('ok');
    expect(check(history, [refusedFirst[0]!, { ...refusedFirst[1]!, result: refusal }])).toBe('restore p1 sent from the timeline at 0 ns was answered illegal-in-state; its records say accepted');
  });

  it('refuses a history that disagrees with what was sent or with what the sender was told', () => {
    const sentSplit = (): SentCommand => ({ request: split, issueNs: 0, result: { ok: true, pairs: ['p1', 'p2'] } });
    expect(check(historyOf(), [sentSplit()])).toBe('split g sent from the timeline at 0 ns has no record in the history');
    expect(check(historyOf(groupSplit()[0]!), [sentSplit()])).toBe('split g sent from the timeline at 0 ns was recorded for p1; it names p1, p2');
    const [one, two] = groupSplit();
    expect(check(historyOf(one!, { ...two!, error: 'std-busy' }), [sentSplit()])).toMatch(/was accepted for 1 of its 2 records: a command is all or nothing$/);
    expect(check(historyOf(...groupSplit('group-refused')), [sentSplit()])).toBe('split g sent from the timeline at 0 ns was answered accepted; its records say group-refused');
    expect(check(historyOf(one!, { ...two!, issueNs: 5 }), [sentSplit()])).toMatch(/has no record in the history|was recorded for p1/);
    expect(check(historyOf(...groupSplit(), { target: 'p2' }), [sentSplit()])).toBe('the history records command #2 (split p2 at 0 ns), which nobody sent');
    expect(check(historyOf(one!, { ...two!, options: { consistent: false, instant: false, force: false } }), [sentSplit()])).toMatch(/has no record in the history|its record #1 has options/);
  });

  it('holds host commands to their request ids and to what their directors told them', () => {
    const noAnswer = 'restore p1 from host h0: no answer, director fa0 failed after the command was handed over';
    const sent = (told: SentCommand['told'], requestId = 1, heard: string | null = told === null ? null : noAnswer): SentCommand => ({ request: restore, issueNs: 0, host: 'h0', requestId, told, heard, result: { ok: true, pairs: ['p1'] } });
    const accepted = { command: 'restore', options: { incremental: false, protected: true }, host: 'h0', requestId: 1, stateBefore: 'Split' };
    expect(check(historyOf(accepted), [sent(null)])).toBe('ok');
    expect(check(historyOf({ ...accepted, requestId: 2 }), [sent(null, 2)])).toBe('restore p1 sent from host h0 (request 2) at 0 ns got request id 2; host commands are numbered 1, 2, … in the order they are sent (expected 1)');
    expect(check(historyOf({ ...accepted, answer: 'director-failed' }), [sent('director-failed')])).toBe('ok');
    expect(check(historyOf(accepted), [sent('director-failed')])).toMatch(/its host was told director-failed; its records say accepted, answer undefined$/);
    expect(check(historyOf({ ...accepted, answer: 'director-failed' }), [sent(null)])).toMatch(/its records say its answer was lost \(director-failed\); its host heard the answer$/);
    const refused = { ...accepted, error: 'illegal-in-state', stateBefore: 'Synchronized' };
    const refusal = { ok: false, error: { code: 'illegal-in-state', pair: 'p1', state: 'Synchronized', command: 'restore', legal: ['split'] } } as const;
    expect(check(historyOf({ ...refused, legal: ['split'] }), [{ ...sent(null, 1, ''), result: refusal }])).toBe('ok');
    expect(check(historyOf(refused), [{ ...sent(null, 1, ''), result: refusal }])).toMatch(/its record #0, refused with illegal-in-state, does not say what is legal$/);
    const groupRefusal = { ok: false, error: { code: 'group-refused', group: 'p1', members: [] } } as const;
    expect(check(historyOf({ ...refused, error: 'group-refused' }), [{ ...sent(null, 1, ''), result: groupRefusal }])).toMatch(/its record #0, for a command to one pair, says group-refused$/);
    const lost = { ...accepted, error: 'director-failed', stateBefore: null };
    const lostResult = { ok: false, error: { code: 'director-failed', command: 'restore', target: 'p1', host: 'h0', director: 'fa0' } } as const;
    expect(check(historyOf(lost), [{ ...sent('director-failed', 1, ''), result: lostResult }])).toBe('ok');
    expect(check(historyOf(lost), [sent('director-failed', 1, '')])).toMatch(/was lost \(director-failed\), yet answered accepted$/);
    expect(check(historyOf({ ...lost, stateBefore: 'Split' }), [{ ...sent('director-failed', 1, ''), result: lostResult }])).toMatch(/its record #0, refused with director-failed, has state before Split$/);
  });

  it('holds what a host read to the records', () => {
    const accepted = { command: 'restore', options: { incremental: false, protected: true }, host: 'h0', requestId: 1, stateBefore: 'Split' };
    const sent = (told: SentCommand['told'], heard: string | null, result: SentCommand['result'] = { ok: true, pairs: ['p1'] }): SentCommand => ({ request: restore, issueNs: 0, host: 'h0', requestId: 1, told, heard, result });
    expect(check(historyOf(accepted), [sent(null, 'restore p1 from host h0: no answer, director fa0 failed')])).toMatch(/its host read "restore p1 .*"; its records say null$/);
    const refused = { ...accepted, error: 'illegal-in-state', stateBefore: 'Synchronized', legal: ['split'], message: 'restore refused for pair p1: it is Synchronized; legal now: split' };
    const refusal = { ok: false, error: { code: 'illegal-in-state', pair: 'p1', state: 'Synchronized', command: 'restore', legal: ['split'] } } as const;
    expect(check(historyOf(refused), [sent(null, refused.message, refusal)])).toBe('ok');
    expect(check(historyOf(refused), [sent(null, null, refusal)])).toMatch(/its host read null; its records say "restore refused for pair p1: it is Synchronized; legal now: split"$/);
    const lostAnswer = { ...accepted, answer: 'array-offline' as const };
    const power = 'restore p1 from host h0: no answer, the array lost power (the command was at director fa0) after the command was handed over';
    expect(check(historyOf(lostAnswer), [sent('array-offline', power)])).toBe('ok');
    expect(check(historyOf(lostAnswer), [sent('array-offline', 'restore p1 from host h0: no answer, director fa0 failed')])).toMatch(/its answer was lost \(array-offline\), yet its host read .*saying lost power$/);
    expect(check(historyOf(lostAnswer), [sent('array-offline', null)])).toMatch(/yet its host read null/);

  });
});
