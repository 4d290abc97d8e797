import type { ModelStep } from './model-steps.js';
import type { OpTable } from './tables.js';

export interface EventSink {
  writeIssued(id: number): void;
  writeCompleted(id: number): void;
  command(step: ModelStep): void;
  readCompleted(id: number): void;
  /** The i-th probe instant was reached (see `replay`). */
  probe?(i: number): void;
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
 * `probeTimes` (in time order) are instants at which the caller looks at the
 * model: after the completions and commands of that instant, before its
 * write issues.
 */
export function replay(ops: OpTable, steps: readonly ModelStep[], sink: EventSink, probeTimes: readonly number[] = []): void {
  const issues = ops.byIssue();
  const completions = completionOrder(ops);
  let i = nextWrite(ops, issues, 0);
  let c = 0;
  let s = 0;
  let p = 0;
  for (;;) {
    const issueNs = i < issues.length ? ops.issueNs[issues[i]!]! : Infinity;
    const completeId = c < completions.length ? completions[c]! : -1;
    const completeNs = completeId >= 0 ? ops.completeNs[completeId]! : Infinity;
    const stepNs = s < steps.length ? steps[s]!.atNs : Infinity;
    const probeNs = p < probeTimes.length ? probeTimes[p]! : Infinity;
    if (issueNs === Infinity && completeNs === Infinity && stepNs === Infinity && probeNs === Infinity) return;
    if (completeNs <= stepNs && completeNs <= issueNs && completeNs <= probeNs) {
      if (ops.write[completeId] === 1) sink.writeCompleted(completeId);
      else sink.readCompleted(completeId);
      c++;
    } else if (stepNs <= issueNs && stepNs <= probeNs) {
      sink.command(steps[s++]!);
    } else if (probeNs <= issueNs) {
      sink.probe?.(p++);
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
