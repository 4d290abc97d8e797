import type { Protocol } from '../protocol/protocol.js';

/**
 * A different protocol implementation to verify: a seeded bug from the
 * catalogue, or a user's own restore policy or copy engine. Each part left
 * out is mirrorsim's own.
 */
export interface ProtocolVariant {
  /** Builds the protocol (same arguments as `new Protocol(...)`). */
  readonly protocol?: (...args: ConstructorParameters<typeof Protocol>) => Protocol;
}
