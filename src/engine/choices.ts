/**
 * Where the simulated world has a free choice — several events due at the same
 * instant, or a policy with equally good candidates — it asks a `Chooser`.
 * The default always takes the first candidate (insertion order); property
 * tests plug in a chooser fed by a generated, shrinkable list of choices so
 * that fast-check explores and shrinks schedules.
 */
export interface Chooser {
  /** Returns an index in `[0, count)`. Called only with `count >= 2`. */
  choose(count: number): number;
}

export const firstChoice: Chooser = { choose: () => 0 };

/** Replays a list of choices, each taken modulo the number of candidates; 0 once the list is spent. */
export class ListChooser implements Chooser {
  private next = 0;
  /** How many choices were asked for (shows whether a script exercised any). */
  asked = 0;

  constructor(private readonly list: readonly number[]) {}

  choose(count: number): number {
    this.asked++;
    if (this.next >= this.list.length) return 0;
    const value = this.list[this.next++]!;
    return ((value % count) + count) % count;
  }
}
