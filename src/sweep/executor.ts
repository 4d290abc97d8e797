import { runOne, type RunOutcome, type RunTask } from './run-one.js';

/** Runs a sweep's runs: in this thread, or on a pool of worker threads. */
export interface Executor {
  readonly workers: number;
  run(task: RunTask): Promise<RunOutcome>;
  close(): Promise<void>;
}

/** Every run in this thread, one after the other (tests; and what a worker does). */
export function inProcessExecutor(): Executor {
  return {
    workers: 0,
    run: (task) => Promise.resolve().then(() => runOne(task)),
    close: () => Promise.resolve(),
  };
}
