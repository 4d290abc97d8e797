import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyLines } from '../report/history-jsonl.js';
import { formatSummary } from '../report/summary.js';
import { loadScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';
import { EXIT } from './exit-codes.js';
import { LineWriter } from './line-writer.js';
import { Progress } from './progress.js';
import { isInputError } from './errors.js';
import { printWritten, writeReport } from './report-command.js';

export interface RunCommandOptions {
  readonly seed?: number;
  readonly out?: string;
  readonly history?: string;
  readonly trace?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Also write the Markdown and HTML reports beside results.json. */
  readonly report?: boolean;
}

/** `mirrorsim run`: runs a scenario, prints the summary, writes results.json (and the history/trace if asked). */
export function runCommand(file: string, options: RunCommandOptions): number {
  const scenario = loadScenario(file);
  const seed = options.seed ?? scenario.doc.seed;
  const outDir = options.out ?? join('reports', 'runs', safeName(scenario.doc.name));
  mkdirSync(outDir, { recursive: true });
  const trace = options.trace ? new LineWriter(options.trace) : undefined;
  const progress = new Progress(`running ${scenario.doc.name}`, !options.quiet && process.stderr.isTTY === true);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  try {
    const outcome = runScenario(scenario, {
      seed,
      traceSink: trace ? (event) => trace.write(JSON.stringify(event)) : undefined,
      history: { ops: scenario.doc.metrics.history || options.history !== undefined },
      onSlice: (simulatedNs, durationNs) => {
        progress.update(simulatedNs, durationNs, `(${(simulatedNs / 1e9).toFixed(1)} of ${(durationNs / 1e9).toFixed(1)} s simulated)`);
        return interrupted;
      },
    });
    progress.done();
    const { result } = outcome;
    const resultsFile = join(outDir, 'results.json');
    writeFileSync(resultsFile, JSON.stringify(result, null, 1));
    if (options.history) {
      const writer = new LineWriter(options.history);
      for (const line of historyLines(outcome.history, { scenario: scenario.doc.name, seed, traceHash: result.traceHash })) writer.write(line);
      writer.close();
    }
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
    else if (!options.quiet) process.stdout.write(`${formatSummary(result)}\nresults: ${resultsFile}\n`);
    if (options.report) {
      const written = writeReport(result, outDir);
      if (!options.quiet && !options.json) printWritten(written);
    }
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
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 80) || 'run';
}
