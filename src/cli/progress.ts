/**
 * A one-line progress display on stderr, for runs longer than a couple of
 * seconds. Off when stderr is not a terminal. The only wall-clock reads in
 * mirrorsim are here, in the CLI's own display.
 */
export class Progress {
  private readonly startMs = Date.now();
  private lastDrawMs = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    enabled = process.stderr.isTTY === true,
  ) {
    this.enabled = enabled;
  }

  /** Reports `done` of `total`; draws at most ten times a second, and only after the first two seconds. */
  update(done: number, total: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.startMs < 2_000 || now - this.lastDrawMs < 100) return;
    this.lastDrawMs = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const elapsedS = (now - this.startMs) / 1000;
    const etaS = fraction > 0 ? (elapsedS * (1 - fraction)) / fraction : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    process.stderr.write(`\r${this.label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${elapsedS.toFixed(0)}s elapsed, ~${etaS.toFixed(0)}s left ${detail}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
  }
}
