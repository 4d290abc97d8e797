import type { ModelStep } from './model-steps.js';
import type { OpTable } from './tables.js';

export interface EventSink {
  writeIssued(id: number): void;
  writeCompleted(id: number): void;
  command(step: ModelStep): void;
  readCompleted(id: number): void;
}

/**
 * Feeds every event of a history to `sink` in time order, in one pass over
 * three sorted streams (completions, commands, write issues): O(n log n) for
 * the one sort of completions, nothing quadratic. At one instant:
 * completions come first (a write acknowledged at t landed before t; a read
 * completing at t took its data before t), then commands, then write issues
 * (the front end takes time before a write lands: one issued at t lands
 * after t, so after a command effective at t and after a read ending at t).
 * Failed writes have no completion event: they supersede nothing.
 */
export function replay(ops: OpTable, steps: readonly ModelStep[], sink: EventSink): void {
  const issues = ops.byIssue();
  const completions = completionOrder(ops);
  let i = nextWrite(ops, issues, 0);
  let c = 0;
  let s = 0;
  for (;;) {
    const issueNs = i < issues.length ? ops.issueNs[issues[i]!]! : Infinity;
    const completeId = c < completions.length ? completions[c]! : -1;
    const completeNs = completeId >= 0 ? ops.completeNs[completeId]! : Infinity;
    const stepNs = s < steps.length ? steps[s]!.atNs : Infinity;
    if (issueNs === Infinity && completeNs === Infinity && stepNs === Infinity) return;
    if (completeNs <= stepNs && completeNs <= issueNs) {
      if (ops.write[completeId] === 1) sink.writeCompleted(completeId);
      else sink.readCompleted(completeId);
      c++;
    } else if (stepNs <= issueNs) {
      sink.command(steps[s++]!);
    } else {
      sink.writeIssued(issues[i]!);
      i = nextWrite(ops, issues, i + 1);
    }
  }
}

function nextWrite(ops: OpTable, issues: Int32Array, from: number): number {
  let i = from;
  while (i < issues.length && ops.write[issues[i]!] === 0) i++;
  return i;
}

/** Successful completions, by time; at one instant writes before reads, then by id. */
function completionOrder(ops: OpTable): Int32Array {
  const ids: number[] = [];
  for (let id = 0; id < ops.count; id++) if (ops.completeNs[id]! >= 0 && ops.failed[id] === 0) ids.push(id);
  const { completeNs, write } = ops;
  // Near-sorted already (ids follow issue order): the engine's merge sort runs fast on it.
  ids.sort((a, b) => completeNs[a]! - completeNs[b]! || write[b]! - write[a]! || a - b);
  return Int32Array.from(ids);
}
