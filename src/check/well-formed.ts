import type { History } from '../array/history.js';

/** A history whose records name what its topology does not have: nothing in it can be judged as it says. */
export class MalformedHistoryError extends Error {
  override readonly name = 'MalformedHistoryError';
}

/**
 * What the history reader refuses in a file, refused in memory too: every
 * record names volumes, pairs and groups of the topology, and a group
 * command's member is a pair of its group. A run whose history misstates its
 * topology (a group left out, a pair unnamed) would otherwise be judged on
 * the rest and pass; throws a `MalformedHistoryError` naming the first record
 * that does not fit.
 */
export function assertWellFormed(history: History): void {
  const { topology } = history;
  const volumes = new Set(topology.volumes.map((v) => v.name));
  const pairs = new Set(topology.pairs.map((p) => p.name));
  const groups = new Map((topology.groups ?? []).map((g) => [g.name, new Set(g.pairs)]));
  const fail = (what: string): never => {
    throw new MalformedHistoryError(`the history is not well formed: ${what}`);
  };
  for (const pair of topology.pairs) {
    if (!volumes.has(pair.std) || !volumes.has(pair.bcv)) fail(`pair ${pair.name} joins ${pair.std} and ${pair.bcv}, not both volumes of the topology`);
  }
  for (const [name, members] of groups) for (const member of members) if (!pairs.has(member)) fail(`group ${name} holds ${member}, no pair of the topology`);
  for (const volume of history.recordedVolumes) if (!volumes.has(volume)) fail(`a host I/O or a physical write is to ${volume}, no volume of the topology`);
  for (const c of history.commands) {
    const known = pairs.has(c.target) || groups.has(c.target);
    if (!known && c.error === null) fail(`command #${c.id} (${c.command} ${c.target}) was accepted, yet names no pair or group of the topology`);
    if (c.group !== null && !groups.get(c.group)?.has(c.target)) fail(`command #${c.id} (${c.command} ${c.target}) is a member's record of group ${c.group}, which the topology does not give that member`);
  }
  for (const s of history.stateChanges) if (!pairs.has(s.pair)) fail(`a state change of ${s.pair}, no pair of the topology`);
  for (const r of history.indicatorRecords()) if (!pairs.has(r.pair)) fail(`a restored-indicator record of ${r.pair}, no pair of the topology`);
  for (const q of history.queries) if (!pairs.has(q.pair)) fail(`a query answer about ${q.pair}, no pair of the topology`);
  for (const c of history.copies) if (!pairs.has(c.pair)) fail(`a track copy of ${c.pair}, no pair of the topology`);
}
