import type { Protocol } from '../../protocol/protocol.js';

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
export function lostCommandCarriedOut(protocol: Protocol): void {
  const lose = protocol.lose.bind(protocol);
  protocol.lose = (request, origin, error, director) => {
    const refusal = lose(request, origin, error, director);
    protocol.command(request, () => undefined, origin);
    return refusal;
  };
}
