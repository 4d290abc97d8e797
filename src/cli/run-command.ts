import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyLines } from '../report/history-jsonl.js';
import { perfettoLines } from '../report/perfetto.js';
import { formatSummary } from '../report/summary.js';
import { loadScenario } from '../scenario/load.js';
import { startScenario, type RunOutcome, type ScenarioRun } from '../scenario/runner.js';
import { EXIT } from './exit-codes.js';
import { LineWriter } from './line-writer.js';
import { limitOverrides, type LimitFlags } from './limit-options.js';
import { Progress } from './progress.js';
import { isInputError, UsageError } from './errors.js';
import { printWritten, writeReport } from './report-command.js';

export interface RunCommandOptions extends LimitFlags {
  readonly seed?: number;
  readonly out?: string;
  readonly history?: string;
  /** Also record every physical write into the history (as `metrics.history: physical`). */
  readonly physical?: boolean;
  readonly trace?: string;
  /** Also write the run in the Trace Event Format, for ui.perfetto.dev. */
  readonly perfetto?: string;
  /** With `perfetto`: the most I/O spans a host gets before its I/Os are sampled. */
  readonly perfettoMaxIos?: number;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Also write the Markdown and HTML reports beside results.json. */
  readonly report?: boolean;
  /** Break host latency down into stages (as `metrics.breakdown: true`). */
  readonly breakdown?: boolean;
}

/**
 * `mirrorsim run`: runs a scenario, prints the summary, writes results.json
 * (and the history/trace if asked). Ctrl-C stops the run between slices; what
 * was collected is written, marked `"complete": false`, and the exit code is 130.
 */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  if (options.physical && options.history === undefined) throw new UsageError('--physical records physical writes into the history: give --history FILE too');
  if (options.perfettoMaxIos !== undefined && options.perfetto === undefined) throw new UsageError('--perfetto-max-ios bounds the I/Os of the Perfetto trace: give --perfetto FILE too');
  const scenario = loadScenario(file, { limits: limitOverrides(options), breakdown: options.breakdown === true });
  const seed = options.seed ?? scenario.doc.seed;
  const outDir = options.out ?? join('reports', 'runs', safeName(scenario.doc.name));
  mkdirSync(outDir, { recursive: true });
  // Every output file is opened before the run: a path that cannot be written fails now, not after a long run.
  const trace = options.trace ? openOutput('--trace', options.trace) : undefined;
  const perfetto = options.perfetto ? openOutput('--perfetto', options.perfetto) : undefined;
  const history = options.history ? openOutput('--history', options.history) : undefined;
  const progress = new Progress(`running ${scenario.doc.name}`, !options.quiet && process.stderr.isTTY === true);
  let interrupted = false;
  // Once: a second Ctrl-C finds Node's default handler and quits at once.
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  try {
    const run = startScenario(scenario, {
      seed,
      traceSink: trace ? (event) => trace.write(JSON.stringify(event)) : undefined,
      history: {
        // The Perfetto trace's I/O spans come from the history.
        ops: scenario.doc.metrics.history !== false || options.history !== undefined || options.perfetto !== undefined,
        physical: scenario.doc.metrics.history === 'physical' || options.physical === true,
      },
    });
    const outcome = await drive(run, () => interrupted, (simulatedNs, durationNs) => {
      progress.update(simulatedNs, durationNs, `(${(simulatedNs / 1e9).toFixed(1)} of ${(durationNs / 1e9).toFixed(1)} s simulated)`);
    });
    progress.done();
    const { result } = outcome;
    const resultsFile = join(outDir, 'results.json');
    writeFileSync(resultsFile, JSON.stringify(result, null, 1));
    if (history) {
      for (const line of historyLines(outcome.history, { scenario: scenario.doc.name, seed, traceHash: result.traceHash })) history.write(line);
      history.close();
    }
    if (perfetto) for (const line of perfettoLines(result, outcome.history, { maxIosPerHost: options.perfettoMaxIos })) perfetto.write(line);
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
    else if (!options.quiet) process.stdout.write(`${formatSummary(result)}\nresults: ${resultsFile}\n`);
    if (perfetto && !options.quiet && !options.json) process.stdout.write(`perfetto trace: ${perfetto.path} (open it at https://ui.perfetto.dev)\n`);
    if (options.report) {
      const written = writeReport(result, outDir);
      if (!options.quiet && !options.json) printWritten(written);
    }
    if (!result.complete) process.stderr.write(`mirrorsim: interrupted at ${(result.simulatedNs / 1e9).toFixed(3)} s of simulated time; the results so far were written, marked "complete": false\n`);
    return result.complete ? EXIT.ok : EXIT.interrupted;
  } catch (error) {
    progress.done();
    if (!isInputError(error)) {
      process.stderr.write(`mirrorsim: the run of ${file} with seed ${seed} failed; replay it with: npx mirrorsim run ${file} --seed ${seed}\n`);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    trace?.close();
    perfetto?.close();
    history?.close();
  }
}

/**
 * Drives a run slice by slice, returning to the event loop between slices:
 * the run is synchronous, and a signal handler only runs when the loop does.
 */
async function drive(run: ScenarioRun, stop: () => boolean, onSlice: (simulatedNs: number, durationNs: number) => void): Promise<RunOutcome> {
  let step = run.next();
  while (!step.done) {
    onSlice(step.value.simulatedNs, step.value.durationNs);
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = run.next(stop());
  }
  return step.value;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 80) || 'run';
}

/** Opens an output file named by `option`; one that cannot be written is a usage error (exit 2), named with its option and why. */
function openOutput(option: string, path: string): LineWriter {
  try {
    return new LineWriter(path);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new UsageError(`${option} ${path}: cannot write it (${why})`);
  }
}
