import { admit, type AdmissionContext, type HostCommand } from './admission.js';
import { CopyTask, type CopyContext, type CopyEngine } from './copy-task.js';
import type { CommandError } from './errors.js';
import type { CopyDirection, Pair } from './pair.js';
import { ROUTING, type RoutingPolicy } from './routing.js';
import type { SplitOptions } from './state.js';

/**
 * The parts of the protocol that may be replaced — by a seeded bug, or by a
 * user trying a policy of their own — each a function or a plain object,
 * passed to `Protocol` (`new Protocol(…, { copyEngine })`) or through a
 * `ProtocolVariant` to the gate. A part left out is mirrorsim's own
 * (`DEFAULT_PARTS`). The state machine (`transition`) is not a part: every
 * variant follows the states and commands of DESIGN.md §1.
 */
export interface ProtocolParts {
  /** What host I/O to paired volumes does (routing.ts): `ROUTING`, or a policy made from it. */
  readonly routing: RoutingPolicy;
  /** The background copy of one copy phase (`CopyTask`, or an engine of your own). */
  readonly copyEngine: (context: CopyContext, pair: Pair, direction: CopyDirection) => CopyEngine;
  /** Fills `pair.toCopy` as a copy phase begins: every track, or (incremental) those changed on either side since the split. */
  readonly tracksToCopy: (pair: Pair, incremental: boolean) => void;
  /** Judges a command to its members, changing nothing: their errors, none when it is accepted (`admit`). */
  readonly admission: (context: AdmissionContext, members: readonly Pair[], command: HostCommand) => CommandError[];
  /** Whether a split holds new writes to its pairs' standards while it steps through them. */
  readonly holdsWrites: (options: SplitOptions) => boolean;
}

/** Every track, or (incremental) those changed on either side since the split. */
function tracksToCopy(pair: Pair, incremental: boolean): void {
  pair.toCopy.clear();
  if (incremental) {
    pair.toCopy.union(pair.stdChanged);
    pair.toCopy.union(pair.bcvChanged);
  } else {
    pair.toCopy.fill();
  }
}

/** mirrorsim's own parts. */
export const DEFAULT_PARTS: ProtocolParts = {
  routing: ROUTING,
  copyEngine: (context, pair, direction) => new CopyTask(context, pair, direction, pair.copyConfig),
  tracksToCopy,
  admission: admit,
  holdsWrites: (options) => options.consistent,
};
