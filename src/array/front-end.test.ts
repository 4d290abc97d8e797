import { describe, expect, it } from 'vitest';
import type { CommandIo } from './command-path.js';
import type { IoErrorCode } from './controller.js';
import { smallArray } from './testing/small-array.js';

/** Submits a read of one track on `director`, recording every answer the host gets. */
function read(array: ReturnType<typeof smallArray>['array'], director: number, startBlock: number): (IoErrorCode | null)[] {
  const answers: (IoErrorCode | null)[] = [];
  array.frontEnd.submit(director, { host: 'h', volume: array.volume('v0'), startBlock, blockCount: 16, write: false }, (error) => answers.push(error));
  return answers;
}

describe('front end', () => {
  it('a power loss answers the I/O in flight once, and its director task is still released when the array is done with it', () => {
    const { sim, array } = smallArray();
    const inFlight = read(array, 0, 0);
    sim.run({ untilNs: 20_000 }); // past the director's overhead: the read is at the drive
    array.frontEnd.powerLost();
    expect(inFlight).toEqual(['array-offline']);
    array.frontEnd.powerRestored();
    sim.run();
    expect(inFlight).toEqual(['array-offline']);
    expect(array.frontEnd.directors[0]!.tasks).toBe(0);
    const after = read(array, 0, 16);
    sim.run();
    expect(after).toEqual([null]);
  });

  it('a director failure answers its I/O once; the late answer from inside the array reaches nobody, and other directors go on', () => {
    const { sim, array } = smallArray();
    const onFailed = read(array, 0, 0);
    const onOther = read(array, 1, 16);
    sim.run({ untilNs: 20_000 });
    array.frontEnd.failDirector(0);
    expect(onFailed).toEqual(['director-failed']);
    sim.run();
    expect(onFailed).toEqual(['director-failed']);
    expect(onOther).toEqual([null]);
    expect(array.frontEnd.directors[0]!.tasks).toBe(0);
    expect(array.frontEnd.directors[1]!.tasks).toBe(0);
  });

  it('a command through a director: queued behind its I/O, then executed; before that a failure loses it, after it only the answer', () => {
    const { sim, array } = smallArray();
    const events: string[] = [];
    /** A command that the array answers `answerNs` after it is handed over. */
    const command = (name: string, answerNs: number): CommandIo => ({
      host: 'h',
      execute: (answered) => {
        events.push(`${name} executed at ${sim.now}`);
        sim.after(answerNs, 0, answered);
      },
      lost: (error, director) => void events.push(`${name} lost at ${sim.now}: ${error} (${director})`),
      unanswered: (error, director) => void events.push(`${name} unanswered at ${sim.now}: ${error} (${director})`),
    });
    const send = (director: number, name: string, answerNs: number) =>
      array.frontEnd.submitCommand(director, command(name, answerNs), (error) => events.push(`${name} answered at ${sim.now}: ${error}`));
    read(array, 0, 0);
    read(array, 0, 16);
    send(0, 'a', 100_000); // behind the two reads: handed over after three overheads of 5 µs
    send(0, 'b', 100_000); // behind a
    send(1, 'c', 1_000); // alone on director 1: answered 640 ns (512 bytes at 800 MB/s) after the array's answer
    sim.run({ untilNs: 17_000 });
    array.frontEnd.failDirector(0); // a is handed over, b still in its overhead
    sim.run();
    expect(events).toEqual([
      'c executed at 5000',
      'c answered at 6640: null',
      'a executed at 15000',
      // In the order they were sent.
      'a unanswered at 17000: director-failed (fa0)',
      'a answered at 17000: director-failed',
      'b lost at 17000: director-failed (fa0)',
      'b answered at 17000: director-failed',
    ]);
    expect(array.frontEnd.directors.map((d) => d.tasks)).toEqual([0, 0]);
  });

  it('slots of finished I/Os are reused: a long run keeps the table of I/Os in flight small', () => {
    const { sim, array } = smallArray();
    let answered = 0;
    const next = (i: number): void => {
      if (i >= 1000) return;
      array.frontEnd.submit(i % 2, { host: 'h', volume: array.volume('v0'), startBlock: (i % 64) * 16, blockCount: 16, write: i % 3 === 0 }, (error) => {
        expect(error).toBeNull();
        answered++;
        next(i + 4);
      });
    };
    for (let i = 0; i < 4; i++) next(i);
    sim.run();
    expect(answered).toBe(1000);
    // Private, but the point of the test: four I/Os at a time need four slots, however long the run.
    expect((array.frontEnd as unknown as { inFlight: unknown[] }).inFlight.length).toBeLessThanOrEqual(4);
  });

  it('is connected to its controller once, before any host I/O: the controller serves every I/O from then on', () => {
    const { sim, array } = smallArray();
    const served: string[] = [];
    const direct = array.frontEnd.controller;
    array.frontEnd.connect({
      read: (io, done) => (served.push(`read ${io.startBlock}`), direct.read(io, done)),
      write: (io, done) => (served.push(`write ${io.startBlock}`), direct.write(io, done)),
    });
    expect(() => array.frontEnd.connect(direct)).toThrow(/connected once/);
    const answers = read(array, 0, 16);
    sim.run();
    expect(answers).toEqual([null]);
    expect(served).toEqual(['read 16']);
  });

  it('refuses a controller handed over after host I/O began', () => {
    const { array } = smallArray();
    read(array, 0, 0);
    expect(() => array.frontEnd.connect(array.directControl)).toThrow(/after 1 host I\/Os/);
  });
});
