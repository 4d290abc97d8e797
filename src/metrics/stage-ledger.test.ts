import { describe, expect, it } from 'vitest';
import { AssertionError } from '../engine/assert.js';
import { Stage, STAGE_COUNT, StageLedger, STAGES } from './stage-ledger.js';

/** A clock the test moves by hand. */
class Clock {
  now = 0;
}

const total = (ledger: StageLedger) => ledger.ns.reduce((sum, ns) => sum + ns, 0);

describe('StageLedger', () => {
  it('charges each interval to the stage being left, so the stages add up to the whole', () => {
    const clock = new Clock();
    clock.now = 100;
    const ledger = new StageLedger(clock, 100, Stage.frontEndQueue);
    clock.now = 130;
    ledger.enterAt(Stage.director, 120);
    ledger.enter(Stage.cache);
    clock.now = 145;
    ledger.enter(Stage.port);
    clock.now = 150;
    expect(ledger.finish()).toBe(50);
    expect(ledger.ns[Stage.frontEndQueue]).toBe(20);
    expect(ledger.ns[Stage.director]).toBe(10);
    expect(ledger.ns[Stage.cache]).toBe(15);
    expect(ledger.ns[Stage.port]).toBe(5);
    expect(total(ledger)).toBe(50);
  });

  it('splits a wait: a part to another stage, the rest to the stage being left', () => {
    const clock = new Clock();
    const ledger = new StageLedger(clock, 0, Stage.driveQueue);
    clock.now = 1_000;
    ledger.enterSplit(Stage.driveService, Stage.behindCopy, 700);
    expect([ledger.ns[Stage.driveQueue], ledger.ns[Stage.behindCopy]]).toEqual([300, 700]);
    expect(ledger.stage).toBe(Stage.driveService);
    expect(() => ledger.enterSplit(Stage.port, Stage.behindCopy, 1)).toThrow(AssertionError);
  });

  it('joins the branch that finished last: its stages since the fork replace the I/O’s', () => {
    const clock = new Clock();
    const ledger = new StageLedger(clock, 0, Stage.director);
    clock.now = 10;
    ledger.enter(Stage.backEnd);
    clock.now = 12;
    const fast = ledger.fork();
    const slow = ledger.fork();
    clock.now = 20;
    fast.enter(Stage.driveService);
    slow.enter(Stage.driveQueue);
    clock.now = 30;
    fast.enter(Stage.transfer); // done at 30, the slow one goes on
    clock.now = 50;
    slow.enter(Stage.driveService);
    clock.now = 80;
    ledger.join(slow);
    clock.now = 85;
    expect(ledger.finish()).toBe(85);
    expect(ledger.ns[Stage.director]).toBe(10);
    expect(ledger.ns[Stage.backEnd]).toBe(10); // 10–12 before the fork, 12–20 in the slow branch
    expect(ledger.ns[Stage.driveQueue]).toBe(30);
    expect(ledger.ns[Stage.driveService]).toBe(35); // 50–80, then 80–85 after the join
    expect(ledger.ns[Stage.transfer]).toBe(0);
  });

  it('refuses a hand-off to the I/O itself while branches are out, one back in time, and one in the future', () => {
    const clock = new Clock();
    clock.now = 10;
    const ledger = new StageLedger(clock, 10, Stage.cache);
    ledger.fork();
    expect(() => ledger.enter(Stage.port)).toThrow(/parallel branches/);
    const other = new StageLedger(clock, 10, Stage.cache);
    expect(() => other.enterAt(Stage.port, 9)).toThrow(/before the last one/);
    expect(() => other.enterAt(Stage.port, 11)).toThrow(/after now/);
  });

  it('names every stage once', () => {
    expect(new Set(STAGES).size).toBe(STAGE_COUNT);
    STAGES.forEach((name, i) => expect(Stage[name]).toBe(i));
  });
});
