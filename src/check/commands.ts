import type { CommandRecord, History } from '../array/history.js';

/**
 * The history's commands, each as its records, in the order their first
 * record was made: a host's by request id (a group's members, or a loss);
 * the timeline's one record, or a group's members, which are recorded one
 * after the other (contiguous ids, one issue instant, at most the group's
 * size of them).
 */
export function commandsOf(history: History): CommandRecord[][] {
  const groupSize = new Map((history.topology.groups ?? []).map((g) => [g.name, g.pairs.length]));
  const byRequest = new Map<number, CommandRecord[]>();
  const commands: CommandRecord[][] = [];
  let lastFromTimeline: CommandRecord[] | null = null;
  for (const record of history.commands) {
    if (record.requestId !== undefined) {
      const known = byRequest.get(record.requestId);
      if (known) known.push(record);
      else {
        const list = [record];
        byRequest.set(record.requestId, list);
        commands.push(list);
      }
      continue;
    }
    const head = lastFromTimeline?.[0];
    const member =
      lastFromTimeline !== null &&
      head !== undefined &&
      record.group !== null &&
      head.group === record.group &&
      head.issueNs === record.issueNs &&
      head.command === record.command &&
      record.id === lastFromTimeline[lastFromTimeline.length - 1]!.id + 1 &&
      lastFromTimeline.length < (groupSize.get(record.group) ?? 0);
    if (member) lastFromTimeline!.push(record);
    else commands.push((lastFromTimeline = [record]));
  }
  return commands;
}
