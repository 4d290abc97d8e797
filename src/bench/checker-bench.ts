import type { History } from '../array/history.js';
import { checkHistory } from '../check/check-history.js';
import { syntheticHistory } from '../check/testing/synthetic.js';

/** A correct history of `ops` host I/Os, with commands and physical writes, to check (built untimed). */
export function checkerBenchHistory(ops: number): History {
  return syntheticHistory({ ops, blocks: 1 << 18, blocksPerTrack: 16, commandEvery: 100_000, seed: 7 });
}

/** Checks the history against every guarantee (the caller times it); throws if the correct history fails one. */
export function runCheckerBench(history: History): { ops: number; physicalWrites: number } {
  const result = checkHistory(history);
  if (result.verdicts.length > 0) throw new Error(`the benchmark's correct history failed: ${result.verdicts[0]!.message}`);
  return { ops: result.stats.opsChecked, physicalWrites: history.physicalCount };
}
