import { AssertionError } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import type { CommandPathError } from '../array/command-path.js';
import type { CommandRecord, History } from '../array/history.js';
import type { CommandRequest, CommandResult } from '../protocol/protocol.js';
import { commandsOf } from '../check/commands.js';

/** A command the gate sent, with what its sender was told. */
export interface SentCommand {
  readonly request: CommandRequest;
  readonly issueNs: TimeNs;
  /** The host that sent it through a director, and the request id the protocol gave it; absent for a command from the timeline. */
  readonly host?: string;
  readonly requestId?: number;
  /** The answer the sender got: the protocol's result (null: none yet). */
  result: CommandResult | null;
  /** For a host's command: what its director told it (null: the array's answer; undefined: nothing yet). */
  told?: CommandPathError | null;
  /** With `told`: what the host read (`GatekeeperCommand.hostError`): null when it heard the command was accepted. */
  heard?: string | null;
}

/**
 * The history against what the gate sent: every command sent has its records
 * (one per member of a group, one for an unknown target), each saying what
 * was sent — the command, its options, its target and group, when and by whom
 * — and nothing else is recorded; a command is accepted for all its records
 * or none; and each sender was told what its records say. `membersOf` is the
 * world's own reading of a target (a group's pairs, a pair, or undefined).
 *
 * What the protocol records is the interface every checker reads: a record
 * that disagrees with what hosts sent, or with what they were told, hides
 * bugs from all of them. Throws an `AssertionError` naming the first
 * disagreement (the gate reports it as a crash, exit 4).
 */
export function checkCommandsAsSent(history: History, sent: readonly SentCommand[], membersOf: (target: string) => readonly string[] | undefined): void {
  const fromHosts = sent.filter((s) => s.host !== undefined);
  fromHosts.forEach((s, i) => {
    if (s.requestId !== i + 1) fail(s, `got request id ${s.requestId}; host commands are numbered 1, 2, … in the order they are sent (expected ${i + 1})`);
  });
  const commands = commandsOf(history);
  const byRequest = new Map(commands.filter((c) => c[0]!.requestId !== undefined).map((c) => [c[0]!.requestId!, c]));
  const fromTimeline = commands.filter((c) => c[0]!.requestId === undefined);
  const unmatched = new Set(fromTimeline);
  for (const s of sent) {
    let records: readonly CommandRecord[] | undefined;
    if (s.host !== undefined) {
      records = byRequest.get(s.requestId!);
      byRequest.delete(s.requestId!);
    } else {
      // Two identical commands sent at one instant cannot be told apart but by their answers: the
      // simulator may take them in either order.
      const alike = [...unmatched].filter((r) => r[0]!.issueNs === s.issueNs && r[0]!.command === s.request.name && targetOf(r) === s.request.target && sameOptions(r[0]!.options, s.request.options));
      records = alike.find((r) => answeredAsRecorded(s, r)) ?? alike[0];
      if (records) unmatched.delete(records as CommandRecord[]);
    }
    if (!records) fail(s, 'has no record in the history');
    checkRecords(s, records, membersOf(s.request.target));
  }
  const extra = [...unmatched, ...byRequest.values()][0];
  if (extra) throw new AssertionError(`the history records command #${extra[0]!.id} (${extra[0]!.command} ${targetOf(extra)} at ${extra[0]!.issueNs} ns), which nobody sent`);
}

function checkRecords(s: SentCommand, records: readonly CommandRecord[], members: readonly string[] | undefined): void {
  const isGroup = members !== undefined && !(members.length === 1 && members[0] === s.request.target);
  const targets = members ?? [s.request.target];
  if (records.map((r) => r.target).join() !== targets.join()) fail(s, `was recorded for ${records.map((r) => r.target).join(', ')}; it names ${targets.join(', ')}`);
  for (const r of records) {
    const what = `its record #${r.id}`;
    if (r.command !== s.request.name) fail(s, `${what} says ${r.command}`);
    if (!sameOptions(r.options, s.request.options)) fail(s, `${what} has options ${JSON.stringify(r.options)}`);
    if (r.issueNs !== s.issueNs) fail(s, `${what} says it was issued at ${r.issueNs} ns`);
    if (r.group !== (isGroup ? s.request.target : null)) fail(s, `${what} names group ${r.group}`);
    if (r.host !== s.host) fail(s, `${what} names host ${r.host}`);
    const judged = !(r.error === 'unknown-target' || r.error === 'director-failed' || r.error === 'array-offline');
    if ((r.stateBefore !== null) !== judged) fail(s, `${what}, refused with ${r.error}, has state before ${r.stateBefore}`);
    if (members === undefined && r.error !== 'unknown-target' && judged) fail(s, `${what}, for a target nobody knows, says ${r.error ?? 'accepted'}`);
    if (r.error === 'group-refused' && !isGroup) fail(s, `${what}, for a command to one pair, says group-refused`);
    // A refusal for the pair's state names what is legal there (the command table holds it to the design's).
    if ((r.error === 'illegal-in-state' || r.error === 'incremental-needs-split') && r.legal === undefined) fail(s, `${what}, refused with ${r.error}, does not say what is legal`);
    // An accepted command is acknowledged (-1 until then: a split still settling when the run ended).
    if (r.error === null ? !(s.issueNs <= r.effectiveNs && r.effectiveNs <= r.appliedNs && (r.completeNs === -1 || r.appliedNs <= r.completeNs)) : r.effectiveNs !== -1 || r.completeNs < s.issueNs) {
      fail(s, `${what} has its instants out of order (issued ${r.issueNs}, effective ${r.effectiveNs}, applied ${r.appliedNs}, acknowledged ${r.completeNs})`);
    }
  }
  const accepted = records.filter((r) => r.error === null).length;
  if (accepted !== 0 && accepted !== records.length) fail(s, `was accepted for ${accepted} of its ${records.length} records: a command is all or nothing`);
  checkAnswer(s, records, isGroup);
}

/** What the sender was told agrees with the records. */
function checkAnswer(s: SentCommand, records: readonly CommandRecord[], isGroup: boolean): void {
  const first = records[0]!;
  const lost = first.error === 'director-failed' || first.error === 'array-offline';
  if (s.told !== undefined) checkHeard(s, first, lost);
  if (s.told !== undefined && s.told !== null) {
    // Its director told the host of a failure: the command was lost before the hand-over, or its answer after it.
    if (lost ? first.error !== s.told : records.some((r) => r.answer !== s.told)) fail(s, `its host was told ${s.told}; its records say ${first.error ?? 'accepted'}, answer ${first.answer}`);
    // Lost before the hand-over, the protocol's answer is that refusal too (what `hostError` tells).
    if (lost && (s.result === null || s.result.ok || s.result.error.code !== s.told)) fail(s, `was lost (${s.told}), yet answered ${s.result === null ? 'nothing' : s.result.ok ? 'accepted' : s.result.error.code}`);
    return;
  }
  if (records.some((r) => r.answer !== undefined)) fail(s, `its records say its answer was lost (${first.answer}); its host heard ${s.told === null ? 'the answer' : 'nothing'}`);
  const result = s.result;
  if (result === null) {
    // A command still under way when the run ended (a split stepping through its members) has no answer yet.
    if (first.error === null && first.completeNs < 0) return;
    fail(s, 'was never answered');
  }
  const expected = first.error === null ? 'accepted' : isGroup && !lost ? 'group-refused' : first.error;
  const got = result.ok ? 'accepted' : result.error.code;
  if (got !== expected) fail(s, `was answered ${got}; its records say ${expected}`);
  if (result.ok && result.pairs.join() !== records.map((r) => r.target).join()) fail(s, `was answered accepted for ${result.pairs.join(', ')}`);
}

/**
 * What a host read agrees with the records: nothing when its command was
 * accepted and it heard so; the records' message when it was refused, or lost
 * before the hand-over; when its answer was lost after the hand-over, that
 * it had no answer, naming the command, the host and what failed (a director,
 * or the power).
 */
function checkHeard(s: SentCommand, first: CommandRecord, lost: boolean): void {
  const heard = s.heard;
  if (s.told === null || lost) {
    const expected = first.error === null ? null : first.message;
    if (heard !== expected) fail(s, `its host read ${JSON.stringify(heard)}; its records say ${JSON.stringify(expected)}`);
    return;
  }
  const sent = `${s.request.name} ${s.request.target} from host ${s.host}`;
  const why = s.told === 'director-failed' ? /director \S+ failed/ : /lost power/;
  if (typeof heard !== 'string' || !heard.includes(sent) || !heard.includes('no answer') || !why.test(heard)) {
    fail(s, `its answer was lost (${s.told}), yet its host read ${JSON.stringify(heard)}: expected no answer for ${sent}, saying ${why.source}`);
  }
}

/** Whether the sender of a command from the timeline was answered as these records say (accepted, or refused with their code). */
function answeredAsRecorded(s: SentCommand, records: readonly CommandRecord[]): boolean {
  const error = records[0]!.error;
  if (s.result === null) return true;
  return s.result.ok ? error === null : error !== null && (s.result.error.code === error || s.result.error.code === 'group-refused');
}

const targetOf = (records: readonly CommandRecord[]): string => records[0]!.group ?? records[0]!.target;

function sameOptions(recorded: Readonly<Record<string, unknown>>, sent: object): boolean {
  const entries = Object.entries(sent);
  return Object.keys(recorded).length === entries.length && entries.every(([key, value]) => recorded[key] === value);
}

function fail(s: SentCommand, what: string): never {
  const by = s.host === undefined ? 'from the timeline' : `from host ${s.host} (request ${s.requestId})`;
  throw new AssertionError(`${s.request.name} ${s.request.target} sent ${by} at ${s.issueNs} ns ${what}`);
}
