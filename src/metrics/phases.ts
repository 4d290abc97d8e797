import { AssertionError, assert } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';

/** One time a phase was open; `endNs` is the snapshot time for a phase still open (`open: true`). */
export interface PhaseSpan {
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
  readonly open: boolean;
}

export interface PhaseReport {
  readonly name: string;
  readonly spans: readonly PhaseSpan[];
  /** The spans' total length: the span over which a phase's rates are computed. */
  readonly durationNs: TimeNs;
}

interface Phase {
  readonly name: string;
  readonly spans: { startNs: TimeNs; endNs: TimeNs }[];
  openSinceNs: TimeNs | undefined;
}

/**
 * Named intervals of a run (`restore`, `fault`, …), opened and closed at
 * explicit times. Each phase has a small integer id, so that a group keeps its
 * per-phase instruments in an array and the hot path does no map lookups.
 * Several phases may be open at once; a sample counts in every open one. A
 * phase may be opened again after it closed: its samples accumulate.
 */
export class PhaseBook {
  /** Ids of the open phases. Groups read this array on every record; it is mutated in place. */
  readonly openIds: number[] = [];
  /** The last time a phase opened or closed: no sample may be recorded before it. */
  changedNs: TimeNs = 0;
  private readonly phases: Phase[] = [];
  private readonly ids = new Map<string, number>();

  get count(): number {
    return this.phases.length;
  }

  nameOf(id: number): string {
    return this.phases[id]!.name;
  }

  open(name: string, nowNs: TimeNs): void {
    this.moveTo(nowNs);
    const id = this.idOf(name);
    const phase = this.phases[id]!;
    assert(phase.openSinceNs === undefined, `phase "${name}" opened at ${nowNs} ns while already open`);
    phase.openSinceNs = nowNs;
    this.openIds.push(id);
  }

  close(name: string, nowNs: TimeNs): void {
    this.moveTo(nowNs);
    const id = this.ids.get(name);
    const phase = id === undefined ? undefined : this.phases[id];
    if (phase?.openSinceNs === undefined) throw new AssertionError(`phase "${name}" closed at ${nowNs} ns but not open`);
    phase.spans.push({ startNs: phase.openSinceNs, endNs: nowNs });
    phase.openSinceNs = undefined;
    this.openIds.splice(this.openIds.indexOf(id!), 1);
  }

  report(nowNs: TimeNs): PhaseReport[] {
    this.moveTo(nowNs);
    return this.phases.map((phase) => {
      const spans: PhaseSpan[] = phase.spans.map((span) => ({ ...span, open: false }));
      if (phase.openSinceNs !== undefined) spans.push({ startNs: phase.openSinceNs, endNs: nowNs, open: true });
      const durationNs = spans.reduce((sum, span) => sum + span.endNs - span.startNs, 0);
      return { name: phase.name, spans, durationNs };
    });
  }

  private idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.phases.length;
      this.phases.push({ name, spans: [], openSinceNs: undefined });
      this.ids.set(name, id);
    }
    return id;
  }

  private moveTo(nowNs: TimeNs): void {
    assert(Number.isSafeInteger(nowNs) && nowNs >= this.changedNs, `phase time ${nowNs} ns is before ${this.changedNs} ns`);
    this.changedNs = nowNs;
  }
}
