import type { CommandPathError } from '../../array/command-path.js';
import type { CommandOrigin } from '../../protocol/gatekeeper.js';
import { Protocol, type CommandRequest, type CommandResult } from '../../protocol/protocol.js';

/*
 * Seeded bugs on the path of commands a host sends through its front-end
 * director. Used only by the verification gate.
 */

/**
 * A command lost with its director is carried out all the same — as if the
 * failed director's queued commands were driven again on another director
 * after the host had been told they failed: the host believes nothing
 * changed, and the history records the loss as a refusal.
 */
export class LostCommandCarriedOut extends Protocol {
  override lose(request: CommandRequest, origin: CommandOrigin, error: CommandPathError, director: string): CommandResult {
    const refusal = super.lose(request, origin, error, director);
    this.command(request, () => undefined, origin);
    return refusal;
  }
}
