import type { History } from '../array/history.js';

/** The format `historyLines` writes (docs/history-format.md; `mirrorsim check-history` reads it, and format 1). */
export const HISTORY_FORMAT = 'mirrorsim.history/2';

/**
 * The recorded history as JSON lines: a header (the topology, the protocol
 * settings, the run's bounds, whether physical writes were recorded), then
 * every host I/O in issue order, every command, every pair state change,
 * every fault and recovery, the restored indicator's records, every
 * `query` answer, every track copy of the background copy and, if
 * recorded, every physical write — each kind in the order it happened.
 */
export function* historyLines(history: History, header: Record<string, unknown>): Generator<string> {
  yield JSON.stringify({
    type: 'header',
    format: HISTORY_FORMAT,
    ...header,
    physical: history.recordsPhysical,
    topology: history.topology,
    settings: history.settings,
    bounds: history.bounds,
  });
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
  for (const fault of history.faults) yield JSON.stringify({ type: 'fault', ...fault });
  for (const record of history.indicatorRecords()) {
    const { kind, ...fields } = record;
    yield JSON.stringify({ type: kind === 'restore-start' ? 'restore-start' : 'restored', ...fields });
  }
  for (const query of history.queries) yield JSON.stringify({ type: 'query', ...query });
  for (const copy of history.copies) yield JSON.stringify({ type: 'copy', ...copy, endNs: copy.endNs < 0 ? null : copy.endNs });
  for (const write of history.physicalWrites()) {
    yield JSON.stringify({ type: 'physical', ...write, stamps: Array.from(write.stamps) });
  }
}
