import { runOne, type RunOutcome, type RunTask } from './run-one.js';

/**
 * The entry point of a sweep's worker threads (tinypool calls the default
 * export with each task). It runs from the build, dist/sweep/worker.js,
 * whatever loaded the pool: see pool-executor.ts.
 */
export default function runTask(task: RunTask): RunOutcome {
  return runOne(task);
}
