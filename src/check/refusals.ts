import type { CommandRecord } from '../array/history.js';
import { commandsOf } from './commands.js';
import { designOutcome, LEGAL_IN, refOf } from './command-table.js';
import { arrival } from './command-timing.js';
import { blocks } from './standard-sharing.js';
import type { CheckContext } from './context.js';
import type { CommandTableViolation } from './verdict.js';

/** The codes a refused command record may carry (docs/history-format.md). */
export const REFUSAL_CODES: ReadonlySet<string> = new Set([
  'illegal-in-state',
  'incremental-needs-split',
  'std-busy',
  'command-under-way',
  'unknown-target',
  'director-failed',
  'array-offline',
  'group-refused',
]);

/**
 * Guarantee 7, what a refusal tells its user: a refused record carries one
 * of the documented codes, and a message naming the command and what it was
 * sent to (a pair, a group or an unknown name); one lost on its way names
 * the host that sent it and what took it (a director that `failed`, the
 * `power`). A `command-under-way` refusal is given only while an accepted
 * command on the pair is still taking effect, and its message names that
 * command (`pair`/`group` and its target, `command #N`, N its first
 * record's id). A member that a group refused for its own state says
 * what is legal there (`legal`), as a refusal of the pair alone does — unless
 * a command was under way on it, which is judged first. The rest of a state
 * refusal's message is `command-table.ts`'s, a std-busy one's
 * `standard-sharing.ts`'s. Returns the records judged.
 */
export function checkRefusals(ctx: CheckContext): number {
  const commands = commandsOf(ctx.history);
  const underWay = new UnderWay(commands, ctx.history.settings?.splitStepNs ?? null);
  const steps = new Map(ctx.timeline.steps.map((step) => [step.record.id, step]));
  let judged = 0;
  for (const record of ctx.history.commands) {
    if (record.error === null) continue;
    judged++;
    const report = (reason: CommandTableViolation['reason'], expected: string, got: string) =>
      ctx.log.add({ guarantee: 'rejected-commands-change-nothing', reason, command: refOf(record), before: record.stateBefore ?? 'no state (never judged)', expected, got, message: '' });
    if (!REFUSAL_CODES.has(record.error)) {
      report('wrong-refusal', `one of the documented codes (${[...REFUSAL_CODES].join(', ')})`, String(record.error));
      continue;
    }
    const sentTo = record.group ?? record.target;
    // A lost command names its host, and what took it: a director's failure, or the power.
    const lostBy = record.error === 'director-failed' ? ['failed'] : record.error === 'array-offline' ? ['power'] : null;
    const names = [record.command, sentTo, ...(lostBy ? [`host ${record.host}`, ...lostBy] : [])];
    if (typeof record.message !== 'string' || names.some((name) => !record.message.includes(name))) {
      report('message-incomplete', `a message naming ${names.join(', ')}`, JSON.stringify(record.message));
    }
    if (record.error === 'unknown-target') checkUnknownTarget(ctx, record, report);
    if (record.error !== 'command-under-way' && record.error !== 'group-refused') continue;
    // A command under way on the pair is judged first: it refuses a member of a group too.
    const running = underWay.on(record, record.completeNs);
    if (running === 'unsure') continue;
    if (running !== null) {
      const head = running[0]!;
      // The command under way as the message names it: `pair p` or `group g`, then its number.
      const what = [`pair ${record.target}`, `${head.command} of ${head.group === null ? 'pair' : 'group'} ${head.group ?? head.target} (command #${head.id})`];
      if (what.some((name) => !record.message.includes(name))) report('message-incomplete', `a message naming ${what.join(', ')}, which is under way`, JSON.stringify(record.message));
      continue;
    }
    if (record.error === 'command-under-way') {
      report('wrong-refusal', `no command-under-way: no accepted command was taking effect on pair ${record.target}`, record.error);
      continue;
    }
    const before = steps.get(record.id)?.before.label ?? record.stateBefore;
    if (record.legal !== undefined || before === null || !(before in LEGAL_IN)) continue;
    const outcome = designOutcome(record.command, before, record.options);
    if (outcome && 'refused' in outcome) report('wrong-legal-list', LEGAL_IN[before]!.join(', ') || 'none', 'nothing (no legal list)');
  }
  for (const command of commands) if (command[0]!.error === 'group-refused') checkGroupSharing(ctx, command, underWay, steps);
  return judged;
}

/**
 * An `unknown-target` refusal is for a name that is no pair or group of the
 * topology, and its message lists every pair and group there is, so that a
 * mistyped name finds its spelling.
 */
function checkUnknownTarget(ctx: CheckContext, record: CommandRecord, report: (reason: CommandTableViolation['reason'], expected: string, got: string) => void): void {
  const { pairs, groups = [] } = ctx.history.topology;
  const known = [...pairs.map((p) => p.name), ...groups.map((g) => g.name)];
  if (known.includes(record.target)) {
    report('wrong-refusal', `no unknown-target: ${record.target} is a ${pairs.some((p) => p.name === record.target) ? 'pair' : 'group'}`, record.error!);
    return;
  }
  const words = new Set(String(record.message).split(/[\s,;]+/));
  const unnamed = known.filter((name) => !words.has(name));
  if (unnamed.length > 0) report('message-incomplete', `a message listing every pair and group (${known.join(', ')})`, JSON.stringify(record.message));
}

type Steps = ReadonlyMap<number, { readonly before: { readonly label: string } }>;

/**
 * A group refused whole, member by member in the group's order, each judged
 * against the states the earlier members would leave (docs/protocol.md): a
 * member that neither a command under way nor its own state refused, but
 * another pair of its standard stood in its way, is named in the message
 * with that pair — and with its state, or, when that pair stands in the way
 * only because an earlier member of this same command would take it there,
 * saying so (`same command`). Stops at the first member it cannot be sure of.
 */
function checkGroupSharing(ctx: CheckContext, command: readonly CommandRecord[], underWay: UnderWay, steps: Steps): void {
  const { timeline } = ctx;
  const message = command[0]!.message;
  const shadow = new Map<string, { state: string; label: string }>();
  for (const record of command) {
    const atNs = record.completeNs;
    const running = underWay.on(record, atNs);
    if (running === 'unsure') return;
    if (running !== null) continue;
    const before = steps.get(record.id)?.before.label ?? record.stateBefore;
    const pair = timeline.pairByName.get(record.target);
    if (before === null || !(before in LEGAL_IN) || !pair) return;
    const outcome = designOutcome(record.command, before, record.options);
    if (!outcome) return;
    if ('refused' in outcome) continue;
    const siblings = timeline.siblingsOf(pair);
    if (siblings.some((p) => !shadow.has(p.name) && timeline.changedAt(p.name, atNs))) return;
    const stateOf = (name: string) => shadow.get(name) ?? timeline.stateAt(name, atNs);
    const inTheWay = siblings.filter((p) => blocks(record.command, stateOf(p.name)));
    if (inTheWay.length === 0) {
      shadow.set(record.target, { state: outcome.next.split(' ')[0]!, label: outcome.next });
      continue;
    }
    // What the message must say of a pair in the way: that it is a member earlier in this command, or its state.
    const why = (name: string) => (shadow.has(name) && !blocks(record.command, timeline.stateAt(name, atNs)) ? 'earlier in this same command' : stateOf(name).state);
    if (message.includes(`pair ${record.target}`) && inTheWay.some((p) => message.includes(`pair ${p.name}`) && message.includes(why(p.name)))) continue;
    const first = inTheWay[0]!;
    ctx.log.add({
      guarantee: 'rejected-commands-change-nothing',
      reason: 'message-incomplete',
      command: refOf(record),
      before,
      expected: `a message naming pair ${record.target} and pair ${first.name} (${why(first.name)}), which is in its way`,
      got: JSON.stringify(message),
      message: '',
    });
  }
}

/** The accepted commands, each by pair, from its decision to its acknowledgement (still running: -1). */
class UnderWay {
  private readonly byPair = new Map<string, CommandRecord[][]>();

  constructor(
    commands: readonly CommandRecord[][],
    /** Null: the history does not say; a command is then taken as under way from its issue. */
    private readonly splitStepNs: number | null,
  ) {
    for (const command of commands) {
      if (command[0]!.error !== null) continue;
      for (const record of command) {
        const list = this.byPair.get(record.target) ?? [];
        list.push(command);
        this.byPair.set(record.target, list);
      }
    }
  }

  /**
   * The accepted command taking effect on `record`'s pair at `atNs`; 'unsure' when one was acknowledged, or decided,
   * at that very instant (either order is right).
   */
  on(record: CommandRecord, atNs: number): CommandRecord[] | null | 'unsure' {
    let found: CommandRecord[] | null = null;
    for (const command of this.byPair.get(record.target) ?? []) {
      const from = this.splitStepNs === null ? command[0]!.issueNs : arrival(command, this.splitStepNs);
      const ack = command[0]!.completeNs;
      const to = ack < 0 ? Infinity : ack;
      if (from === atNs || to === atNs) return 'unsure';
      if (from < atNs && atNs < to) found = command;
    }
    return found;
  }
}
