import type { CommandError } from '../../protocol/errors.js';
import type { HostCommand } from '../../protocol/admission.js';
import type { CopyCounters, Pair } from '../../protocol/pair.js';
import { Protocol } from '../../protocol/protocol.js';

/*
 * Seeded bugs in carrying out commands: each replaces one step of Protocol
 * with a plausible wrong one. Used only by the verification gate.
 */

/**
 * A group command judges every member against the states before any of them
 * is applied (the bug the gate found in mirrorsim itself): a group restore of
 * two BCVs of one standard starts two restores into it at once.
 */
export class GroupAdmittedAtOnce extends Protocol {
  protected override admitCommand(members: readonly Pair[], command: HostCommand): CommandError[] {
    return members.flatMap((member) => super.admitCommand([member], command));
  }
}

/** The copy phase is declared done when one track is left to copy (an off-by-one in the completion check). */
export class IndicatorCompleteOneEarly extends Protocol {
  override trackCopied(pair: Pair, track: number, how: keyof CopyCounters): void {
    super.trackCopied(pair, track, how);
    if (pair.copying && pair.toCopy.count === 1) super.trackCopied(pair, pair.toCopy.next(0), how);
  }
}
