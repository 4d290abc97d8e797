/** Exit codes of the `mirrorsim` command, documented in docs/command-line.md. */
export const EXIT = {
  ok: 0,
  /** A safety violation (`check`), or an internal error. */
  failure: 1,
  /** Bad input: a malformed scenario, trace or option. */
  usage: 2,
  /** A run did not converge (`check`: liveness). */
  liveness: 3,
  /** An exception inside the simulated world (`check`): shrunk and replayable like a violation. */
  crash: 4,
  /** `check`: every property held, but some protocol path was never exercised (`--allow-gaps` accepts it). */
  gaps: 5,
  /** Interrupted (Ctrl-C); results so far were written, marked incomplete. */
  interrupted: 130,
} as const;
