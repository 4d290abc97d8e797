import { describe, expect, it } from 'vitest';
import type { CommandPathError } from '../array/command-path.js';
import { checkHistory } from '../check/check-history.js';
import { formatNs } from '../engine/time.js';
import type { GatekeeperCommand } from './gatekeeper.js';
import type { CommandRequest } from './protocol.js';
import { world, type World } from './testing/world.js';

/** The small array's front-end directors: 1 processor, 5 µs of overhead per operation; the port answers 512 bytes in 640 ns. */
const OVERHEAD_NS = 5_000;
const COMMAND_NS = 20_000;
const SPLIT_STEP_NS = 30_000;

interface Sent {
  readonly command: GatekeeperCommand;
  /** The host's answer: undefined until it comes, then null (the array's answer) or the path's error. */
  pathError: CommandPathError | null | undefined;
  answeredNs: number;
}

/** A host sends `request` through `director`. */
function send(w: World, director: number, request: CommandRequest, host = 'h'): Sent {
  const sent: Sent = { command: w.protocol.fromHost(host, request), pathError: undefined, answeredNs: -1 };
  w.array.frontEnd.submitCommand(director, sent.command, (error) => {
    expect(sent.pathError, 'answered twice').toBeUndefined();
    sent.pathError = error;
    sent.answeredNs = w.sim.now;
  });
  return sent;
}

/** Two pairs in group g, both established and synchronized. */
function synchronizedGroup(options: { faults?: boolean } = {}) {
  const w = world({
    volumes: ['s1', 'b1', 's2', 'b2'],
    blocks: 64,
    pairs: [
      { name: 'p1', std: 's1', bcv: 'b1' },
      { name: 'p2', std: 's2', bcv: 'b2' },
    ],
    groups: [{ name: 'g', pairs: ['p1', 'p2'] }],
    protocol: { commandNs: COMMAND_NS, splitStepNs: SPLIT_STEP_NS },
    ...(options.faults && { faults: { spares: 0 } }),
  });
  w.command(w.establish('g'));
  w.run();
  expect([w.state('p1'), w.state('p2')]).toEqual(['Synchronized', 'Synchronized']);
  return w;
}

describe('pair commands sent by a host through its director', () => {
  it('queue behind the I/O already on that director: the command takes effect only after their director work', () => {
    const w = synchronizedGroup();
    const startNs = w.sim.now;
    // Ten reads take director 0's one processor for 50 µs; director 1 is idle.
    for (let i = 0; i < 10; i++) w.read('s1', i, 1);
    const behind = send(w, 0, w.split('p1'));
    const alone = send(w, 1, w.split('p2'));
    w.run();
    const [p1, p2] = [behind, alone].map((s) => s.command.records[0]!);
    expect([behind.pathError, alone.pathError]).toEqual([null, null]);
    // Eleven overheads on director 0 (the reads first), one on director 1, then the command's processing time and the split's step.
    expect(p1!.effectiveNs).toBe(startNs + 11 * OVERHEAD_NS + COMMAND_NS + SPLIT_STEP_NS);
    expect(p2!.effectiveNs).toBe(startNs + OVERHEAD_NS + COMMAND_NS + SPLIT_STEP_NS);
    // Recorded as sent by the host, at the instant it sent them; the answer crossed the port after the acknowledgement.
    expect([p1!.host, p1!.requestId, p1!.issueNs]).toEqual(['h', behind.command.requestId, startNs]);
    expect(behind.answeredNs).toBe(p1!.completeNs + 640);
    expect(w.array.frontEnd.directors.map((d) => d.tasks)).toEqual([0, 0]);
  });

  it('a director failure before the hand-over loses the command: director-failed, recorded as refused, nothing changed', () => {
    const w = synchronizedGroup({ faults: true });
    for (let i = 0; i < 10; i++) w.read('s1', i, 1);
    const sent = send(w, 0, w.split('g'));
    const changesBefore = w.history.stateChanges.length;
    w.runFor(20_000); // the command still waits behind the reads
    w.array.faults!.failDirector(0);
    expect(sent.pathError).toBe('director-failed');
    w.run();
    expect([w.state('p1'), w.state('p2')]).toEqual(['Synchronized', 'Synchronized']);
    expect(w.history.stateChanges.length).toBe(changesBefore);
    const records = w.history.commands.filter((c) => c.requestId === sent.command.requestId);
    expect(records.map((r) => [r.target, r.group, r.error, r.effectiveNs, r.stateBefore])).toEqual([
      ['p1', 'g', 'director-failed', -1, null],
      ['p2', 'g', 'director-failed', -1, null],
    ]);
    expect(records[0]!.message).toBe('split g from host h was lost with director fa0, which failed before handing the command over; nothing changed');
    expect(sent.command.hostError()).toBe(records[0]!.message);
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('a command sent to a failed director is lost the same way, at once', () => {
    const w = synchronizedGroup({ faults: true });
    w.array.faults!.failDirector(1);
    const sent = send(w, 1, w.split('p1'));
    w.run();
    expect(sent.pathError).toBe('director-failed');
    expect(w.state('p1')).toBe('Synchronized');
    expect(sent.command.records.map((r) => r.error)).toEqual(['director-failed']);
  });

  it('a power loss before the hand-over loses the command: array-offline, recorded as refused, never carried out when its director gets to it', () => {
    const w = synchronizedGroup({ faults: true });
    for (let i = 0; i < 10; i++) w.read('s1', i, 1);
    const sent = send(w, 0, w.restore('p1'));
    const changesBefore = w.history.stateChanges.length;
    w.runFor(20_000);
    w.array.faults!.powerLoss(1_000_000);
    expect(sent.pathError).toBe('array-offline');
    w.run();
    expect(w.state('p1')).toBe('Synchronized');
    expect(w.history.stateChanges.length).toBe(changesBefore);
    expect(sent.command.records.map((r) => [r.error, r.effectiveNs, r.completeNs])).toEqual([['array-offline', -1, w.history.commands.at(-1)!.completeNs]]);
    expect(sent.command.records[0]!.message).toContain('when the array lost power, before the command was handed over; nothing changed');
    // Its director task was released when the director got to it; the director serves what comes next.
    expect(w.array.frontEnd.directors[0]!.tasks).toBe(0);
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('a director failure after the hand-over: the command is carried out in full, and the host is told director-failed', () => {
    const w = synchronizedGroup({ faults: true });
    const sent = send(w, 0, w.split('g'));
    w.runFor(OVERHEAD_NS + COMMAND_NS + 10_000); // handed over, the group split stepping through its members
    w.array.faults!.failDirector(0);
    expect(sent.pathError).toBe('director-failed');
    w.run();
    expect([w.state('p1'), w.state('p2')]).toEqual(['Split', 'Split']);
    expect(sent.command.records.map((r) => [r.error, r.effectiveNs >= 0, r.answer])).toEqual([
      [null, true, 'director-failed'],
      [null, true, 'director-failed'],
    ]);
    expect(sent.command.hostError()).toContain('no answer, director fa0 failed after the command was handed over');
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('a group command caught by a director failure at any instant is applied to every member or to none', () => {
    // From before the overhead to after the answer crossed the port, every 2.5 µs.
    const lastNs = OVERHEAD_NS + COMMAND_NS + 2 * SPLIT_STEP_NS + 5_000;
    const seen = new Set<string>();
    for (let failAtNs = 0; failAtNs <= lastNs; failAtNs += 2_500) {
      const w = synchronizedGroup({ faults: true });
      const sent = send(w, 0, w.split('g'));
      w.runFor(failAtNs);
      w.array.faults!.failDirector(0);
      w.run();
      const states = [w.state('p1'), w.state('p2')];
      const records = sent.command.records;
      const how = `fail at +${failAtNs} ns: ${states.join(', ')}; records ${records.map((r) => `${r.error ?? 'accepted'}/${r.answer ?? '-'}`).join(', ')}`;
      expect(states[0], how).toBe(states[1]);
      expect(records, how).toHaveLength(2);
      expect(new Set(records.map((r) => r.error)).size, how).toBe(1);
      if (states[0] === 'Split') {
        expect(records.every((r) => r.error === null && r.effectiveNs >= 0), how).toBe(true);
        // The host heard director-failed unless the answer crossed the port before the failure.
        expect(sent.pathError === null ? records.every((r) => r.answer === undefined) : records.every((r) => r.answer === 'director-failed'), how).toBe(true);
      } else {
        expect(states[0], how).toBe('Synchronized');
        expect(records.every((r) => r.error === 'director-failed'), how).toBe(true);
      }
      expect(checkHistory(w.history).verdicts, how).toEqual([]);
      seen.add(sent.pathError === null ? 'answered' : states[0] === 'Split' ? 'carried out, unanswered' : 'lost');
    }
    expect([...seen].sort()).toEqual(['answered', 'carried out, unanswered', 'lost']);
  });

  it('the history checker sees a lost command that was carried out all the same (a planted bug)', () => {
    const w = synchronizedGroup({ faults: true });
    const lose = w.protocol.lose.bind(w.protocol);
    w.protocol.lose = (request, origin, error, director) => {
      const refusal = lose(request, origin, error, director);
      w.protocol.command(request, () => undefined, origin);
      return refusal;
    };
    w.array.faults!.failDirector(0);
    const sent = send(w, 0, w.split('p1'));
    w.run();
    expect(sent.pathError).toBe('director-failed');
    const [lost, carriedOut] = sent.command.records;
    expect([lost!.error, carriedOut!.error, w.state('p1')]).toEqual(['director-failed', null, 'Split']);
    const messages = checkHistory(w.history).verdicts.map((v) => v.message);
    expect(messages).toEqual([
      `rejected-commands-change-nothing violated: command #${lost!.id} (split p1) was refused with director-failed at ${formatNs(lost!.completeNs)}, ` +
        `yet command #${carriedOut!.id} of the same host request took effect at ${formatNs(carriedOut!.effectiveNs)}: pair p1 went from Synchronized to SplitInProg`,
    ]);
  });

  it('records of commands from the timeline or the API carry no host', () => {
    const w = synchronizedGroup();
    w.command(w.split('p1'));
    w.run();
    const record = w.history.commands.at(-1)!;
    expect(['host' in record, 'requestId' in record, 'answer' in record]).toEqual([false, false, false]);
  });
});
