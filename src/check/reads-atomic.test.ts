import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { Guarantee, Verdict } from './verdict.js';

const only = (b: HistoryBuilder, ...guarantees: Guarantee[]): readonly Verdict[] => checkHistory(b.history, { only: guarantees }).verdicts;

/**
 * The BCV holds `old` on block 0 and `own` on block 1 (its own writes while it
 * answered); the pair is established at 100 (the BCV hidden), STD's block 0
 * written at 120–150 (mirrored to the BCV) and the copy brings STD's block 1
 * (never written: 0) across at 180, destaged at 900; split at 1000.
 */
function establishing() {
  const b = new HistoryBuilder();
  const old = b.write('bcv', 0, 1, 0, 10);
  const own = b.write('bcv', 1, 1, 0, 10);
  b.physical(5, 'bcv', 'cache', 'host', 0, [old.stamp, own.stamp]);
  b.establish(100, 'p1', 300);
  const later = b.write('std', 0, 1, 120, 150);
  b.physical(130, 'std', 'cache', 'host', 0, [later.stamp]);
  b.physical(130, 'bcv', 'cache', 'mirror', 0, [later.stamp]);
  b.physical(180, 'bcv', 'cache', 'copy', 0, [later.stamp, 0, 0, 0]);
  b.physical(900, 'bcv', 'disk', 'destage', 0, [later.stamp, 0, 0, 0]); // on the drives before the split settles
  b.split(1000);
  return { b, old, own, later };
}

describe('reads are atomic across commands: a read in flight when its volume stops answering', () => {
  it('may return what the BCV held while it answered', () => {
    const { b, old, own } = establishing();
    b.read('bcv', 0, [old.stamp, own.stamp], 50, 200);
    expect(only(b, 'reads-atomic', 'snapshot-consistency', 'no-lost-writes')).toEqual([]);
  });

  it('may not return what the establish\'s mirror or copy wrote after it hid the BCV — which the read checker alone allowed', () => {
    const { b, old, later } = establishing();
    const read = b.read('bcv', 0, [later.stamp, 0], 50, 200);
    // The reference model makes a hidden BCV unconstrained: over the whole window anything goes.
    expect(only(b, 'snapshot-consistency', 'no-lost-writes')).toEqual([]);
    const [v, ...rest] = only(b, 'reads-atomic');
    expect(rest).toEqual([]);
    expect(v).toMatchObject({
      guarantee: 'reads-atomic',
      reason: 'read-across-hiding',
      op: { id: read },
      answered: [{ fromNs: 50, toNs: 99.5 }],
      blocksWrong: 2,
      blocks: [{ block: 0, returned: later.stamp, allowed: [{ stamp: old.stamp }] }, { block: 1, returned: 0 }],
    });
    expect(v!.message).toMatch(`reads-atomic violated: read #${read} by host h of bcv blocks 0–1 [50 ns → 200 ns] returned what bcv never held while it answered (50 ns → 99.5 ns) — block 0: returned stamp ${later.stamp} (write #${later.id}), held while it answered: {${old.stamp} (write #${old.id}`);
  });

  it('a read issued at the instant the BCV is shown again sees the snapshot, not the hidden content', () => {
    const { b, later } = establishing();
    b.read('bcv', 0, [later.stamp], 1000, 1100);
    expect(only(b, 'reads-atomic')).toEqual([]);
    const read = b.read('bcv', 0, [4242], 1000, 1100);
    expect(only(b, 'snapshot-consistency', 'no-lost-writes')).toEqual([]);
    expect(only(b, 'reads-atomic')).toMatchObject([{ op: { id: read }, answered: [{ fromNs: 1000.5, toNs: 1100 }] }]);
  });

  it('a read the volume never answered during is availability\'s to judge; its content is judged as before', () => {
    const { b } = establishing();
    b.read('bcv', 0, [4242], 400, 500);
    expect(only(b, 'reads-atomic')).toEqual([]);
    expect(only(b, 'availability')).toMatchObject([{ reason: 'answered-while-hidden' }]);
  });
});

describe('reads are atomic across commands: a group command takes effect for all its members or none', () => {
  const groups = [{ name: 'g', pairs: ['p1', 'p2'] }];
  const pairs = [{ name: 'p1', std: 's1', bcv: 'b1' }, { name: 'p2', std: 's2', bcv: 'b2' }];
  const record = (b: HistoryBuilder, target: string, fields: { effectiveNs?: number; appliedNs?: number; error?: string | null; group?: string | null; issueNs?: number; consistent?: boolean }) =>
    b.history.command({
      command: 'split',
      target,
      group: fields.group === undefined ? 'g' : fields.group,
      options: { consistent: fields.consistent ?? true, instant: false, force: false },
      issueNs: fields.issueNs ?? 100,
      stateBefore: 'Synchronized',
      effectiveNs: fields.error ? -1 : (fields.effectiveNs ?? 120),
      appliedNs: fields.error ? -1 : (fields.appliedNs ?? fields.effectiveNs ?? 120),
      completeNs: 200,
      error: fields.error ?? null,
      message: '',
    });

  it('accepts a consistent split whose members share the instant (each applied at its own step), and a group refused whole', () => {
    const b = new HistoryBuilder({ pairs, groups });
    record(b, 'p1', { appliedNs: 150 });
    record(b, 'p2', { appliedNs: 180 });
    record(b, 'p1', { issueNs: 500, error: 'group-refused' });
    record(b, 'p2', { issueNs: 500, error: 'group-refused' });
    expect(only(b, 'reads-atomic')).toEqual([]);
    expect(checkHistory(b.history, { only: ['reads-atomic'] }).stats.groupCommandsChecked).toBe(2);
  });

  it('rejects a member refused while the others took effect, a missing member, and a consistent split at two instants', () => {
    const b = new HistoryBuilder({ pairs, groups });
    const a = record(b, 'p1', {});
    const refused = record(b, 'p2', { error: 'illegal-in-state' });
    record(b, 'p1', { issueNs: 300 }); // p2 has no record
    record(b, 'p1', { issueNs: 500, effectiveNs: 520 });
    record(b, 'p2', { issueNs: 500, effectiveNs: 550 });
    const verdicts = only(b, 'reads-atomic');
    expect(verdicts.map((v) => 'reason' in v && v.reason)).toEqual(['group-partly-refused', 'group-member-missing', 'consistent-split-instants-differ']);
    expect(verdicts[0]!.message).toBe(
      `reads-atomic violated: split of group g issued at 100 ns took effect for some members and was refused for others: p1 (#${a.id}: effective 120 ns, applied 120 ns), p2 (#${refused.id}: illegal-in-state)`,
    );
    expect(verdicts[1]).toMatchObject({ missing: ['p2'] });
    expect(verdicts[2]!.message).toMatch('is consistent, yet its members took effect at different instants');
  });

  it('a history that does not record groups: group commands are not judged, and the check says so', () => {
    const b = new HistoryBuilder({ pairs, groups });
    record(b, 'p1', {});
    record(b, 'p2', { error: 'illegal-in-state' });
    b.history.unrecorded.add('command-groups');
    const result = checkHistory(b.history, { only: ['reads-atomic'] });
    expect(result.verdicts).toEqual([]);
    expect(result.stats.skipped).toEqual([{ guarantee: 'reads-atomic', reason: 'the history does not record command groups: group commands were not judged', entirely: false }]);
  });
});
