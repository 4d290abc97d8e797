import type { History } from '../array/history.js';

/**
 * The recorded history as JSON lines (format `mirrorsim.history/1`,
 * documented in the README): a header, then every host I/O in issue order,
 * every command, every pair state change and, if recorded, every physical
 * write.
 */
export function* historyLines(history: History, header: Record<string, unknown>): Generator<string> {
  yield JSON.stringify({ type: 'header', format: 'mirrorsim.history/1', ...header, topology: history.topology });
  for (const op of history.ops()) {
    const base = {
      type: 'io',
      id: op.id,
      host: op.host,
      volume: op.volume,
      op: op.write ? 'write' : 'read',
      block: op.startBlock,
      blocks: op.blockCount,
      issueNs: op.issueNs,
      completeNs: op.completeNs < 0 ? null : op.completeNs,
      error: op.error,
    };
    if (op.write) yield JSON.stringify({ ...base, stamp: op.stamps[0] ?? 0 });
    else yield JSON.stringify({ ...base, stamps: op.error === null && op.completeNs >= 0 ? Array.from(op.stamps) : null });
  }
  for (const command of history.commands) yield JSON.stringify({ type: 'command', ...command });
  for (const change of history.stateChanges) yield JSON.stringify({ type: 'state', ...change });
  for (const write of history.physicalWrites()) {
    yield JSON.stringify({ type: 'physical', ...write, stamps: Array.from(write.stamps) });
  }
}
