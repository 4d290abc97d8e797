import type { Verdict } from './verdicts.js';

/** Counts and timings of a fuzzing batch, and the refusals it met, for the summary a run prints. */
export class FuzzStats {
  documents = 0;
  accepted = 0;
  refused = 0;
  runs = 0;
  private loadMsTotal = 0;
  private loadMsMax = 0;
  private slowest = '';
  private runMsTotal = 0;
  private readonly started = performance.now();
  private readonly reasons = new Map<string, number>();

  loaded(label: string, verdict: Verdict, ms: number): void {
    this.documents++;
    this.loadMsTotal += ms;
    if (ms > this.loadMsMax) {
      this.loadMsMax = ms;
      this.slowest = label;
    }
    if (verdict.kind === 'accepted') {
      this.accepted++;
      return;
    }
    this.refused++;
    const reason = reasonOf(verdict.error.problems[0]?.message ?? '');
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  ran(ms: number): void {
    this.runs++;
    this.runMsTotal += ms;
  }

  get wallMs(): number {
    return performance.now() - this.started;
  }

  summary(): string {
    const top = [...this.reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env["MIRRORSIM_FUZZ_REASONS"] ?? 25));
    return [
      `hostile scenarios: ${this.documents} documents in ${(this.wallMs / 1000).toFixed(1)} s — ${this.accepted} accepted (${this.runs} of them run, ${(this.runMsTotal / 1000).toFixed(1)} s), ${this.refused} refused`,
      `  loading: ${(this.loadMsTotal / this.documents).toFixed(2)} ms on average, at most ${this.loadMsMax.toFixed(0)} ms (${this.slowest})`,
      `  ${this.reasons.size} kinds of refusal; the most frequent first problems:`,
      ...top.map(([reason, n]) => `    ${String(n).padStart(5)}  ${reason}`),
    ].join('\n');
  }
}

/** A message with its particulars (values, names, numbers) blanked, so that alike refusals count together. */
function reasonOf(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, 'N')
    .replace(/(got|named|key|drive|volume|pair|group|host|id) \S+/g, '$1 …')
    .slice(0, 110);
}
