/** Exit codes of the `mirrorsim` command, documented in the README. */
export const EXIT = {
  ok: 0,
  /** A safety violation (`check`), or an internal error. */
  failure: 1,
  /** Bad input: a malformed scenario, trace or option. */
  usage: 2,
  /** A run did not converge (`check`: liveness). */
  liveness: 3,
  /** Interrupted (Ctrl-C); results so far were written, marked incomplete. */
  interrupted: 130,
} as const;
