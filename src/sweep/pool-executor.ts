import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { AssertionError } from '../engine/assert.js';
import type { Executor } from './executor.js';
import type { RunOutcome, RunTask } from './run-one.js';

/**
 * The worker threads' entry, always the built one: the path is the same
 * from src/sweep/ (tests run the sources) and from dist/sweep/ (the CLI),
 * two folders below the package's root. `npm ci` builds it (`prepare`).
 */
export const WORKER_FILE = fileURLToPath(new URL('../../dist/sweep/worker.js', import.meta.url));

/** Runs on `workers` threads (tinypool); each thread runs one run at a time. */
export function poolExecutor(workers: number): Executor {
  if (!Number.isSafeInteger(workers) || workers < 1) throw new RangeError(`a pool needs at least one worker, got ${workers}`);
  if (!existsSync(WORKER_FILE)) throw new Error(`the sweep worker ${WORKER_FILE} is missing: build mirrorsim first (npm run build)`);
  const pool = new Tinypool({ filename: WORKER_FILE, minThreads: workers, maxThreads: workers, concurrentTasksPerWorker: 1 });
  let closed: Promise<void> | null = null;
  return {
    workers,
    run: async (task: RunTask) => checkOutcome(await (pool.run(task) as Promise<unknown>), task),
    close: () => (closed ??= pool.destroy()),
  };
}

function checkOutcome(value: unknown, task: RunTask): RunOutcome {
  const outcome = value as RunOutcome;
  if (outcome?.run !== task.run || !Array.isArray(outcome.metrics) || typeof outcome.traceHash !== 'string') {
    throw new AssertionError(`the worker answered run ${task.run} with something else`);
  }
  return outcome;
}
