import type { IoErrorCode } from './controller.js';

/** Why a host got no answer from the array to a command it sent through a director: the director failed, or the array lost power. */
export type CommandPathError = Extract<IoErrorCode, 'director-failed' | 'array-offline'>;

/**
 * A pair command a host sends through one of its front-end directors (the
 * way TimeFinder's `symmir` reaches the array, through a gatekeeper device),
 * as the front end sees it: opaque work that queues on the director like a
 * host I/O, then is handed over to whoever carries commands out. The layer
 * that knows commands (the protocol) provides it, as `IoController` serves
 * host I/O: the array never looks inside.
 *
 * Exactly one of `execute` and `lost` is called. After `execute`, at most
 * one `unanswered`.
 */
export interface CommandIo {
  readonly host: string;
  /** Its director started it: carry it out, and call `answered` once the array has its answer (acknowledgement or refusal). */
  execute(answered: () => void): void;
  /** It was lost in the front end before it was handed over (`director` failed, or the power went): it did nothing. */
  lost(error: CommandPathError, director: string): void;
  /** It was handed over, but its answer cannot reach the host: the command is carried out in full all the same. */
  unanswered(error: CommandPathError, director: string): void;
}

/** Called once, when the host has its answer: null when the array's answer came back (see the command for it), else why it did not. */
export type CommandDone = (error: CommandPathError | null) => void;
