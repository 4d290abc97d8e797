import { admit } from '../../protocol/admission.js';
import { DEFAULT_PARTS, type ProtocolParts } from '../../protocol/parts.js';
import type { Protocol } from '../../protocol/protocol.js';

/*
 * Seeded bugs in carrying out commands and counting a copy's tracks: each a
 * part of the protocol, or one step of it, made wrong in a plausible way.
 * Used only by the verification gate.
 */

/**
 * A group command judges every member against the states before any of them
 * is applied (the bug the gate found in mirrorsim itself): a group restore of
 * two BCVs of one standard starts two restores into it at once.
 */
export const groupAdmittedAtOnce: Partial<ProtocolParts> = {
  admission: (context, members, command) => members.flatMap((member) => admit(context, [member], command)),
};

/** A consistent group split does not hold writes while it steps through its pairs. */
export const groupSplitNotAtomic: Partial<ProtocolParts> = { holdsWrites: () => false };

/** An incremental restore or establish copies the tracks changed on STD only, not those changed on the BCV. */
export const incrementalIgnoresBcvChanges: Partial<ProtocolParts> = {
  tracksToCopy(pair, incremental) {
    DEFAULT_PARTS.tracksToCopy(pair, incremental);
    if (!incremental) return;
    pair.toCopy.clear();
    pair.toCopy.union(pair.stdChanged);
  },
};

/** The copy phase is declared done when one track is left to copy (an off-by-one in the completion check). */
export function indicatorCompleteOneEarly(protocol: Protocol): void {
  const copies = protocol.copies;
  const trackCopied = copies.trackCopied.bind(copies);
  copies.trackCopied = (pair, track, how) => {
    trackCopied(pair, track, how);
    if (pair.copying && pair.toCopy.count === 1) trackCopied(pair, pair.toCopy.next(0), how);
  };
}
