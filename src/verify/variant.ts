import type { ProtocolParts } from '../protocol/parts.js';
import type { Protocol } from '../protocol/protocol.js';

type ProtocolArgs = ConstructorParameters<typeof Protocol>;

/**
 * A different protocol implementation to verify: a seeded bug from the
 * catalogue, or a user's own restore policy or copy engine — the parts to
 * replace (`parts`), or, to change what is not a part, the whole protocol
 * (`protocol`, which wins). Each part left out is mirrorsim's own.
 */
export interface ProtocolVariant {
  /** The parts of the protocol to replace (see `ProtocolParts`). */
  readonly parts?: Partial<ProtocolParts>;
  /** Builds the protocol (same arguments as `new Protocol(...)`). */
  readonly protocol?: (...args: ProtocolArgs) => Protocol;
}
