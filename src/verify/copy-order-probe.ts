import { AssertionError } from '../engine/assert.js';
import type { FrontEnd } from '../array/front-end.js';
import type { History } from '../array/history.js';
import { CopyTask, type CopyEngine, type CopyObserver } from '../protocol/copy-task.js';
import type { Pair } from '../protocol/pair.js';
import type { Protocol } from '../protocol/protocol.js';

/** What the probe knows of one copy task: what its documented order says it copies next. */
interface TaskView {
  readonly pair: Pair;
  /** Judged only when the task chooses as `CopyTask` does (a variant's own chooser is its own business). */
  readonly judged: boolean;
  /** One past the last track it took in track order: where the next search starts. */
  cursor: number;
  /** Tracks hosts asked for, oldest first (`touched-first` only). */
  readonly touched: number[];
  /** Tracks it took and has not let go of. */
  readonly underWay: Set<number>;
}

/**
 * Holds the background copy to its documented order and to when it may stop
 * (docs/protocol.md, "The copy task"), decisions no data shows:
 *
 * - *order*: a task copies, with `order: touched-first`, the oldest track a
 *   host asked for that is still to copy and not under way; otherwise the
 *   first track still to copy and not under way at or after the one past its
 *   last such choice, wrapping to the volume's start (tracks it let go of
 *   unfinished are taken again on the next pass);
 * - *stopping*: a task stops only when its phase ends or a fault takes its
 *   director or the array's power (it resumes where it stopped).
 *
 * Told by the copy tasks (`CopyObserver`) and by the host I/O router (the
 * tracks hosts asked for), it judges against the pair's tracks still to copy
 * and the front end's state. A violation is an `AssertionError` (the gate
 * reports a crash, exit 4): at once for a choice, after the run (`finish`)
 * for a stop, since a phase records its end just after its task stops.
 */
export class CopyOrderProbe implements CopyObserver {
  private readonly tasks = new Map<CopyEngine, TaskView>();
  /** The task running each pair's copy now (touches go to it). */
  private readonly current = new Map<Pair, TaskView>();
  private readonly order = new Map<string, 'track' | 'touched-first'>();
  private readonly director = new Map<string, number>();
  /** Stops with their pair's phase and whether the pair's director and the array were up then. */
  private readonly stops: { readonly pair: Pair; readonly phase: Pair['phase']; readonly atNs: number; readonly up: boolean }[] = [];

  constructor(
    private readonly protocol: Protocol,
    private readonly frontEnd: FrontEnd,
    history: History,
  ) {
    protocol.copies.copyObserver = this;
    for (const pair of history.topology.pairs) {
      this.order.set(pair.name, pair.copy?.order ?? 'track');
      if (pair.copyDirector !== undefined) this.director.set(pair.name, pair.copyDirector);
    }
  }

  started(task: CopyEngine, pair: Pair): void {
    const judged = task instanceof CopyTask && choosesAsCopyTask(task);
    const view: TaskView = { pair, judged, cursor: 0, touched: [], underWay: new Set() };
    this.tasks.set(task, view);
    this.current.set(pair, view);
  }

  stopped(task: CopyEngine): void {
    const view = this.tasks.get(task);
    if (!view) return;
    if (this.current.get(view.pair) === view) this.current.delete(view.pair);
    const director = this.frontEnd.directors[this.director.get(view.pair.name) ?? -1];
    const up = !this.frontEnd.offline && (director === undefined || director.online);
    this.stops.push({ pair: view.pair, phase: view.pair.phase, atNs: this.protocol.sim.now, up });
  }

  touched(pair: Pair, track: number): void {
    const view = this.current.get(pair);
    if (view && this.order.get(pair.name) === 'touched-first') view.touched.push(track);
  }

  picked(task: CopyEngine, track: number): void {
    const view = this.tasks.get(task);
    if (!view?.judged) return;
    const expected = this.next(view);
    if (track !== expected) {
      const order = this.order.get(view.pair.name);
      throw new AssertionError(`the copy of ${view.pair.name} (order ${order}) took track ${track} next; its order says ${expected < 0 ? 'none' : `track ${expected}`}`);
    }
    if (track >= 0) view.underWay.add(track);
  }

  released(task: CopyEngine, track: number): void {
    this.tasks.get(task)?.underWay.delete(track);
  }

  /** After the run: every task that stopped while its phase went on had lost its director or the array's power. */
  finish(): void {
    for (const stop of this.stops) {
      const phaseEnded = stop.phase === null || stop.phase.endNs === stop.atNs;
      if (!phaseEnded && stop.up) {
        throw new AssertionError(`the copy of ${stop.pair.name} stopped at ${stop.atNs} ns while its phase went on and its director and the array were up`);
      }
    }
  }

  /** The track the documented order takes next (-1: none), advancing the view as the task does. */
  private next(view: TaskView): number {
    const available = (track: number) => view.pair.toCopy.has(track) && !view.underWay.has(track);
    while (view.touched.length > 0) {
      const track = view.touched.shift()!;
      if (available(track)) return track;
    }
    const tracks = view.pair.tracks;
    let found = -1;
    for (let i = 0; i < tracks && found < 0; i++) {
      const track = (view.cursor + i) % tracks;
      if (available(track)) found = track;
    }
    // A track found by wrapping round is where the next search starts too.
    view.cursor = found + 1;
    return found;
  }
}

/** Whether the task chooses its tracks as `CopyTask` does: a variant that replaced how it picks or hears of touches is not judged. */
function choosesAsCopyTask(task: CopyTask): boolean {
  const own = CopyTask.prototype as unknown as Record<string, unknown>;
  const its = task as unknown as Record<string, unknown>;
  return its['pickTrack'] === own['pickTrack'] && its['touch'] === own['touch'];
}
