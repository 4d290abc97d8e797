import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Executor } from '../sweep/executor.js';
import { inProcessExecutor } from '../sweep/executor.js';
import { writeSweepFolder } from '../sweep/folders.js';
import { parseShard, type Shard } from '../sweep/grid.js';
import { loadExperiment } from '../sweep/load-experiment.js';
import { poolExecutor } from '../sweep/pool-executor.js';
import { runSweep, runsInShard, type SweepRuns } from '../sweep/sweep.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { Progress } from './progress.js';
import { printWritten } from './report-command.js';
import { formatPoints, portablePath, safeName, writeSweepReport } from './sweep-output.js';

export interface SweepCommandOptions {
  readonly out?: string;
  readonly workers?: string;
  readonly shard?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** `--workers N`: threads in the pool; 0 runs everything in this thread. Default: one per core. */
export function parseWorkers(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers > 256) throw new UsageError(`--workers expects an integer from 0 to 256, got "${value}"`);
  return workers;
}

function parseShardOption(value: string | undefined): Shard | null {
  if (value === undefined) return null;
  const shard = parseShard(value);
  if (!shard) throw new UsageError(`--shard expects i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${value}"`);
  return shard;
}

/** `mirrorsim sweep`: validates the experiment and every point, runs its runs (or a shard's) on a pool, writes the outputs and, for a whole sweep, the report. */
export async function sweepCommand(file: string, options: SweepCommandOptions): Promise<number> {
  const shard = parseShardOption(options.shard);
  const workersWanted = parseWorkers(options.workers);
  const loaded = loadExperiment(portablePath(file));
  const { experiment } = loaded;
  const outDir = options.out ?? join('reports', 'sweeps', safeName(experiment.name));
  const runs = runsInShard(loaded, shard).length;
  const workers = Math.min(workersWanted, runs);
  const executor: Executor = workers === 0 ? inProcessExecutor() : poolExecutor(workers);
  const progress = new Progress(`sweep ${experiment.name}`, !options.quiet && process.stderr.isTTY === true);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    void executor.close(); // the runs in flight are abandoned: runSweep rejects
  };
  // In this thread (--workers 0) the runs keep the event loop busy: Ctrl-C is left to end the process.
  if (workers > 0) process.once('SIGINT', onSignal);
  let sweep: SweepRuns | null = null;
  try {
    sweep = await runSweep(loaded, { executor, shard, onRunDone: (done, total) => progress.update(done, total, `(${done} of ${total} runs, ${workers || 'no'} workers)`) });
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    progress.done();
    process.off('SIGINT', onSignal);
    await executor.close();
  }
  if (sweep === null) {
    process.stderr.write('mirrorsim: sweep interrupted; nothing written\n');
    return EXIT.interrupted;
  }
  return writeOutputs(outDir, sweep, options);
}

/** Writes a sweep's folder (and the report of a whole one), then prints the points (or, with --json, the aggregates). */
export function writeOutputs(outDir: string, sweep: SweepRuns, options: { json?: boolean; quiet?: boolean }): number {
  const points = writeSweepFolder(outDir, sweep);
  const written = points ? writeSweepReport(outDir, sweep.experiment, points) : null;
  const { experiment } = sweep;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ experiment: experiment.name, runsTotal: sweep.runsTotal, shard: sweep.shard, runs: sweep.records.length, points }, null, 1)}\n`);
  } else if (!options.quiet) {
    const what = sweep.shard ? `shard ${sweep.shard.index}/${sweep.shard.count}: ${sweep.records.length} of ${sweep.runsTotal} runs` : `${sweep.records.length} runs`;
    process.stdout.write(`${experiment.name} — ${what}, ${experiment.seeds} seeds per point\n`);
    if (points) process.stdout.write(`\n${formatPoints(experiment, points)}\n\n(mean ±half width of the 95% confidence interval (runs with a value))\n`);
    process.stdout.write(`outputs: ${outDir}\n`);
    if (written) printWritten(written);
  }
  return EXIT.ok;
}
