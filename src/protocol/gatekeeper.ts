import type { TimeNs } from '../engine/time.js';
import type { CommandIo, CommandPathError } from '../array/command-path.js';
import type { CommandRecord } from '../array/history.js';
import { formatCommandError } from './errors.js';
import type { CommandRequest, CommandResult, Protocol } from './protocol.js';

/**
 * Where a command came from when a host sent it through one of its
 * directors: every record the protocol makes of it carries the host, the
 * request id and, once the host can no longer hear the array's answer, the
 * error it was told instead.
 */
export interface CommandOrigin {
  readonly host: string;
  /** 1, 2, … in the order the protocol was given such commands: shared by all the command's records (a group's members, a loss). */
  readonly requestId: number;
  /** When the host sent it (its records' `issueNs`): before its director's queue and overhead. */
  readonly issueNs: TimeNs;
  /** Every record made of it so far. */
  readonly records: CommandRecord[];
  /** The error the host was told instead of the array's answer, if it came to that. */
  readonly answer: CommandPathError | null;
}

/**
 * A pair command a host sends through a director (TimeFinder's gatekeeper
 * path): the front end carries it like an I/O of no blocks (`CommandIo`), and
 * the protocol carries it out once the director hands it over. What the host
 * learns is `hostError()`: the array's answer, or that its director or the
 * power failed on the way — before the hand-over the command is lost and did
 * nothing; after it, the command is carried out in full (all members of a
 * group, or none) and only its answer is lost, so the host must query.
 */
export class GatekeeperCommand implements CommandIo, CommandOrigin {
  readonly records: CommandRecord[] = [];
  answer: CommandPathError | null = null;
  /** The array's answer once it has one; a lost command's refusal from the instant it was lost. */
  result: CommandResult | null = null;
  /** The director whose failure (or the power loss at which) left the host without the array's answer. */
  private unansweredAt: string | null = null;

  constructor(
    private readonly protocol: Protocol,
    readonly host: string,
    readonly request: CommandRequest,
    readonly requestId: number,
    readonly issueNs: TimeNs,
  ) {}

  execute(answered: () => void): void {
    this.protocol.command(
      this.request,
      (result) => {
        this.result = result;
        answered();
      },
      this,
    );
  }

  lost(error: CommandPathError, director: string): void {
    this.result = this.protocol.lose(this.request, this, error, director);
  }

  unanswered(error: CommandPathError, director: string): void {
    this.answer = error;
    this.unansweredAt = director;
    for (const record of this.records) record.answer = error;
  }

  /** What the host was told, as a person reads it: null when it heard that the command was accepted. */
  hostError(): string | null {
    const { name, target } = this.request;
    if (this.answer !== null) {
      const why = this.answer === 'director-failed' ? `director ${this.unansweredAt} failed` : `the array lost power (the command was at director ${this.unansweredAt})`;
      return `${name} ${target} from host ${this.host}: no answer, ${why} after the command was handed over; it was carried out or refused all the same — query the pair`;
    }
    // Stryker disable next-line ConditionalExpression: outside the gate — only an API caller asking while the command is under way sees no answer yet; the front end tells the host once there is one
    if (this.result === null) return null;
    return this.result.ok ? null : formatCommandError(this.result.error);
  }
}
