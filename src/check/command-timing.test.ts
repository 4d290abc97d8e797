import { describe, expect, it } from 'vitest';
import type { History } from '../array/history.js';
import { world } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import type { CommandTableViolation } from './verdict.js';

const US = 1_000;

/** Two pairs in a group (default command time 500 µs, split step 200 µs): established, a consistent group split, an instant split, a refusal, a restore. */
function timedRun(): History {
  const w = world({ blocks: 256, volumes: ['s1', 'b1', 's2', 'b2'], pairs: [{ name: 'p1', std: 's1', bcv: 'b1' }, { name: 'p2', std: 's2', bcv: 'b2' }], groups: [{ name: 'g', pairs: ['p1', 'p2'] }] });
  w.command(w.establish('g'));
  w.run();
  w.write('s1', 0, 4);
  w.command(w.split('g', { consistent: true }));
  w.run();
  w.command(w.establish('p2'));
  w.run();
  w.command(w.split('p2', { instant: true }));
  w.command(w.split('p1')); // refused: already split
  w.run();
  w.command(w.restore('p1'));
  w.run();
  return w.history;
}

const offSchedule = (history: History) =>
  checkHistory(history, { only: ['rejected-commands-change-nothing'] }).verdicts.filter((v): v is CommandTableViolation => 'reason' in v && v.reason === 'off-schedule');

describe('command-timing: when commands take effect and are acknowledged', () => {
  it('a real run keeps to its command and split-step times', () => {
    const history = timedRun();
    expect(history.settings).toMatchObject({ commandNs: 500 * US, splitStepNs: 200 * US });
    const [groupSplit, second] = history.commands.filter((c) => c.command === 'split' && c.group === 'g');
    expect(second!.appliedNs - groupSplit!.appliedNs).toBe(200 * US);
    expect(offSchedule(history)).toEqual([]);
    expect(checkHistory(history).verdicts).toEqual([]);
  });

  it('a group split stepping at the wrong pace, a consistent split taking effect at its steps, an instant split acknowledged late, a command taking effect late', () => {
    const cases: [string, (h: History) => void, RegExp][] = [
      ['second member a step late', (h) => (h.commands.filter((c) => c.group === 'g' && c.command === 'split')[1]!.appliedNs += 200 * US), /p2: was carried out \(step 2\) at .*; the history's command and split-step times say/],
      ['consistent split effective at its step', (h) => (h.commands.filter((c) => c.group === 'g' && c.command === 'split')[1]!.effectiveNs += 200 * US), /p2: took effect at/],
      ['instant split acknowledged once settled', (h) => (h.commands.find((c) => c.options['instant'] === true)!.completeNs += 1), /p2: was acknowledged at/],
      ['restore carried out late', (h) => (h.commands.find((c) => c.command === 'restore')!.appliedNs += 1), /command #\d+ \(restore p1, issued at .*\) — p1: was carried out at/],
      ['restore late', (h) => (h.commands.find((c) => c.command === 'restore')!.effectiveNs += 1), /command #\d+ \(restore p1, issued at .*\) — reached the array at/],
      ['refusal acknowledged late', (h) => (h.commands.find((c) => c.error !== null)!.completeNs += 1), /— reached the array at/],
    ];
    for (const [what, edit, message] of cases) {
      const history = timedRun();
      edit(history);
      const verdicts = offSchedule(history);
      expect(verdicts.length, what).toBeGreaterThan(0);
      expect(verdicts[0]!.message, what).toMatch(message);
    }
  });
});
