import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scriptArbitrary } from './arbitraries.js';
import { runScript } from './run-script.js';
import { isCommand, type Script } from './script.js';

/** Commands sent by a host, and what became of them, over `runs` generated scripts. */
function tally(runs: number) {
  const counts = { commands: 0, sentByHosts: 0, lost: 0, unanswered: 0 };
  for (const script of fc.sample(scriptArbitrary(), { seed: 1, numRuns: runs })) {
    const commands = script.actions.filter(isCommand);
    counts.commands += commands.length;
    counts.sentByHosts += commands.filter((c) => c.host !== undefined).length;
    const records = runScript(script).history.commands;
    const requests = (kept: (record: (typeof records)[number]) => boolean) => new Set(records.filter(kept).map((c) => c.requestId)).size;
    counts.lost += requests((c) => c.error === 'director-failed' || c.error === 'array-offline');
    counts.unanswered += requests((c) => c.answer !== undefined);
  }
  return counts;
}

describe('the generator sends commands through hosts’ directors, where faults catch them', () => {
  it('gives about a third of the drawn commands a host, and faults catch some before and some after the hand-over', () => {
    const counts = tally(120);
    // The setup's establishes are never sent by a host: a little under a third in all.
    expect(counts.sentByHosts / counts.commands).toBeGreaterThan(0.15);
    expect(counts.sentByHosts / counts.commands).toBeLessThan(0.35);
    expect(counts.lost, JSON.stringify(counts)).toBeGreaterThanOrEqual(5);
    expect(counts.unanswered, JSON.stringify(counts)).toBeGreaterThanOrEqual(3);
  });

  it('keeps scripts saved before commands had a sender: they load and run as the script sending them itself', () => {
    const old: Script = {
      seed: 1,
      world: fc.sample(scriptArbitrary(), { seed: 2, numRuns: 1 })[0]!.world,
      actions: [{ atUs: 0, kind: 'establish', target: 'p0a', incremental: false }],
      choices: [],
    };
    const run = runScript(old);
    expect(run.history.commands.map((c) => [c.command, c.error, 'host' in c])).toEqual([['establish', null, false]]);
  });
});
