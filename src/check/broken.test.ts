import { describe, expect, it } from 'vitest';
import type { HostOp } from '../array/history.js';
import { world, type IoResult, type World } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import { editReturned, HistoryBuilder } from './testing/builder.js';
import type { Guarantee, Verdict } from './verdict.js';

const MS = 1_000_000;
/** Track 62 (blocks 992–1007): restored last, seconds after the restore began. */
const LATE_BLOCK = 62 * 16;

/** The op a world's `read`/`write` call recorded. */
function opOf(w: World, io: IoResult, volume: string, write: boolean): HostOp {
  const op = [...w.history.ops()].find((o) => o.volume === volume && o.write === write && o.issueNs === io.issueNs);
  if (!op) throw new Error('no such op');
  return op;
}

function verdictsOf(w: World | HistoryBuilder, guarantee: Guarantee, options: Parameters<typeof checkHistory>[1] = {}): Verdict[] {
  const result = checkHistory(w.history, options);
  return result.verdicts.filter((v) => v.guarantee === guarantee);
}

/**
 * Every track written (the snapshot), split, every other track (the even
 * ones) updated in part (STD's pre-restore content), then a protected restore at 1 MB/s, one track
 * at a time, and a read of the last track while it is still unrestored.
 */
function restoring(options: { incremental?: boolean } = {}) {
  const w = world({ blocks: 1024, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 1, concurrency: 1 } }] });
  for (let b = 0; b < 1024; b += 16) w.write('std', b, 16);
  w.run();
  w.command(w.establish());
  w.run();
  w.command(w.split());
  w.run();
  const snapshot = w.content('std');
  for (let b = 0; b < 1024; b += 32) w.write('std', b + 1, 4);
  w.run();
  const pre = w.content('std');
  w.command(w.restore('p1', { protected: true, incremental: options.incremental ?? false }));
  w.runFor(10 * MS);
  const read = w.read('std', LATE_BLOCK, 16);
  w.run();
  expect(w.state()).toBe('Restored');
  return { w, snapshot, pre, read: opOf(w, read, 'std', false) };
}

describe('each checker rejects a broken history', () => {
  it('the real history is clean', () => {
    const { w } = restoring();
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('snapshot consistency: a read of an unrestored track returning STD\'s pre-restore value', () => {
    const { w, snapshot, pre, read } = restoring();
    const block = LATE_BLOCK + 1;
    expect(pre[block]).not.toBe(snapshot[block]);
    expect(read.stamps[1]).toBe(snapshot[block]);
    editReturned(w.history, read.id, 1, pre[block]!);
    const [v, ...rest] = verdictsOf(w, 'snapshot-consistency');
    expect(rest).toEqual([]);
    expect(v).toMatchObject({
      op: { id: read.id, volume: 'std', startBlock: LATE_BLOCK, blockCount: 16 },
      blocksWrong: 1,
      blocks: [{ block, returned: pre[block], allowed: [{ stamp: snapshot[block], via: { effect: 'restore', pair: 'p1' } }] }],
    });
    expect(v!.message).toMatch(`snapshot-consistency violated: read #${read.id} by host h of std blocks ${LATE_BLOCK}–${LATE_BLOCK + 15}`);
    expect(v!.message).toMatch(`block ${block}: returned stamp ${pre[block]} (write #`);
    expect(v!.message).toMatch(new RegExp(`expected one of \\{${snapshot[block]} \\(write #\\d+ via restore of pair p1 at`));
  });

  it('no lost writes: a read missing the write acknowledged just before it', () => {
    const { w } = restoring();
    const first = w.write('std', 5, 1);
    w.run();
    const second = w.write('std', 5, 1);
    w.run();
    const read = opOf(w, w.read('std', 5, 1), 'std', false);
    w.run();
    editReturned(w.history, read.id, 0, first.stamp);
    const [v] = verdictsOf(w, 'no-lost-writes');
    expect(v).toMatchObject({ op: { id: read.id }, blocks: [{ block: 5, returned: first.stamp, allowed: [{ stamp: second.stamp }] }] });
    expect(v!.message).toMatch(`no-lost-writes violated: read #${read.id}`);
    expect(v!.message).toMatch(`block 5: returned stamp ${first.stamp} (write #${opOf(w, first, 'std', true).id}), expected one of {${second.stamp} (write #`);
  });

  it('split isolation: a mirror write reaching the split BCV, a foreign stamp, a destage of a stamp the BCV never had', () => {
    const { w, snapshot } = restoring();
    const stdWrite = w.write('std', 20, 1);
    w.run();
    const t = w.sim.now;
    w.history.physicalWrite(t + 1, 'bcv', 'cache', 'mirror', 20, Uint32Array.of(stdWrite.stamp), 0, 1);
    w.history.physicalWrite(t + 2, 'bcv', 'cache', 'host', 21, Uint32Array.of(stdWrite.stamp), 0, 1);
    w.history.physicalWrite(t + 3, 'bcv', 'disk', 'destage', 16, Uint32Array.of(snapshot[16]!, 4242), 0, 2);
    const verdicts = verdictsOf(w, 'split-isolation');
    const reason = (r: string) => verdicts.find((v) => v.guarantee === 'split-isolation' && v.reason === r);
    expect(verdicts).toHaveLength(3);
    const [mirror, stamp, destage] = [reason('foreign-source'), reason('foreign-stamp'), reason('destage-mismatch')];
    expect(mirror).toMatchObject({ pair: 'p1', bcv: 'bcv', write: { volume: 'bcv', layer: 'cache', source: 'mirror', startBlock: 20, stamps: [stdWrite.stamp] } });
    expect(mirror!.message).toMatch(`split-isolation violated: BCV bcv of pair p1, split at`);
    expect(mirror!.message).toMatch(`cache write by mirror at`);
    expect(stamp).toMatchObject({ stampOp: { volume: 'std', write: true } });
    expect(stamp!.message).toMatch(/carries the stamp of write #\d+ by host h of std block 20/);
    expect(destage).toMatchObject({ blocks: [{ block: 17, expected: snapshot[17], written: 4242 }] });
    expect(destage!.message).toMatch(`block 17: expected ${snapshot[17]} (the BCV's cache), wrote 4242`);
  });

  it('mirror convergence: a Synchronized pair whose sides differ', () => {
    const w = world({ blocks: 256 });
    for (let b = 0; b < 256; b += 32) w.write('std', b, 3);
    w.run();
    w.command(w.establish());
    w.run();
    expect(w.state()).toBe('Synchronized');
    expect(verdictsOf(w, 'mirror-convergence')).toEqual([]);
    const bcvStamp = w.content('bcv')[33]!;
    w.history.physicalWrite(w.sim.now + 1, 'std', 'cache', 'host', 33, Uint32Array.of(777), 0, 1);
    const [v] = verdictsOf(w, 'mirror-convergence');
    expect(v).toMatchObject({ pair: 'p1', finalState: 'Synchronized', blocksDiffering: 1, blocks: [{ block: 33, std: 777, bcv: bcvStamp, stdOrigin: { kind: 'unknown' } }] });
    expect(v!.message).toMatch(`mirror-convergence violated: pair p1 is Synchronized since`);
    expect(v!.message).toMatch(`block 33: std has 777 (no write in the history), bcv has ${bcvStamp} (write #`);
  });

  it('incremental = full: an incremental restore copying a track nothing changed', () => {
    const { w } = restoring({ incremental: true });
    const phase = checkHistory(w.history).stats.phasesChecked;
    expect(phase).toBe(2);
    const restore = w.history.commands.find((c) => c.command === 'restore')!;
    // The even tracks were updated after the split; track 1 was not.
    w.history.physicalWrite(restore.effectiveNs + 1, 'std', 'cache', 'copy', 16, new Uint32Array(16), 0, 16);
    const [v] = verdictsOf(w, 'incremental-equals-full');
    expect(v).toMatchObject({ reason: 'copied-unchanged', tracks: [1], phase: { kind: 'restore', incremental: true, pair: 'p1', commandId: restore.id } });
    expect(v!.message).toMatch(`incremental-equals-full violated: incremental protected restore of pair p1 (command #${restore.id}`);
    expect(v!.message).toMatch('copied tracks no change named: 1');
  });

  it('incremental = full: an incremental restore finishing without a changed track', () => {
    const b = new HistoryBuilder();
    b.establish(0, 'p1', 5);
    b.split(10);
    b.write('std', 4, 2, 20, 30); // track 1 changed after the split
    b.restore(40, { incremental: true, restoredNs: 50 });
    const verdicts = verdictsOf(b, 'incremental-equals-full');
    // The establish, "finished" with no copy at all, is caught too.
    expect(verdicts.map((v) => v.guarantee === 'incremental-equals-full' && v.phase.kind)).toEqual(['establish', 'restore']);
    const v = verdicts[1];
    expect(v).toMatchObject({ reason: 'missed-changed', tracks: [1], baselineNs: 10 });
    expect(v!.message).toMatch('finished without copying changed tracks 1');
  });

  it('incremental = full and progress: a full restore copying a track twice (its restored indicator shrank)', () => {
    const { w } = restoring();
    const restore = w.history.commands.find((c) => c.command === 'restore')!;
    const done = w.history.stateChanges.find((s) => s.state === 'Restored')!;
    w.history.physicalWrite(done.atNs, 'std', 'cache', 'copy', 0, new Uint32Array(16), 0, 16);
    const [twice] = verdictsOf(w, 'incremental-equals-full');
    expect(twice).toMatchObject({ reason: 'copied-twice', tracks: [0], phase: { incremental: false, commandId: restore.id } });
    const [shrank] = verdictsOf(w, 'progress');
    expect(shrank).toMatchObject({ reason: 'indicator-shrank', track: 0, atNs: done.atNs, restoredBefore: 64, restoredAfter: 63 });
    expect(shrank!.message).toMatch(`progress violated: full protected restore of pair p1 (command #${restore.id}`);
    expect(shrank!.message).toMatch('copied track 0 again');
  });

  it('progress: a phase that overran its bound', () => {
    const { w } = restoring();
    expect(verdictsOf(w, 'progress', { progress: { phaseBoundNs: 10_000 * MS } })).toEqual([]);
    const verdicts = verdictsOf(w, 'progress', { progress: { phaseBoundNs: (p) => (p.kind === 'restore' ? 100 * MS : 10_000 * MS) } });
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ reason: 'overran', boundNs: 100 * MS, phase: { kind: 'restore', ending: 'copy-done' } });
    expect(verdicts[0]!.message).toMatch(/progress violated: full protected restore of pair p1 .* took until .*, beyond its bound of 100\.00 ms/);
  });

  it('rejected commands: a refused command followed by a state change nothing explains', () => {
    const { w } = restoring();
    w.command(w.restore('p1', { protected: true }));
    w.command(w.split('p1')); // refused: the pair is restoring by then
    w.run();
    const refused = w.history.commands.filter((c) => c.error !== null);
    expect(refused.length).toBeGreaterThan(0);
    expect(checkHistory(w.history).stats.refusedCommandsChecked).toBe(refused.length);
    expect(verdictsOf(w, 'rejected-commands-change-nothing')).toEqual([]);
    const last = refused[refused.length - 1]!;
    const before = w.history.stateChanges[w.history.stateChanges.length - 1]!.label;
    w.history.stateChanges.push({ pair: 'p1', state: 'SplitInProg', label: 'SplitInProg', atNs: last.completeNs });
    const [v] = verdictsOf(w, 'rejected-commands-change-nothing');
    expect(v).toMatchObject({ command: { id: last.id, error: last.error }, change: { state: 'SplitInProg' }, previousLabel: before });
    expect(v!.message).toMatch(`rejected-commands-change-nothing violated: command #${last.id} (${last.command} p1) was refused with ${last.error}`);
  });
});
