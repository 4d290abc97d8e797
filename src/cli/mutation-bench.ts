import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { MutationReportError, mutationMarkdown, parseStrykerReport, summarizeMutation, type MutationSummary } from '../bench/mutation-summary.js';
import { textTable } from '../report/table.js';
import { MUTATION_GATE_ARGS } from './mutation-gate.js';

/**
 * `npm run bench:mutation [-- STRYKER OPTIONS]`: mutation testing of the gate.
 * Runs Stryker (stryker.config.mjs) with the options given (`--mutate FILE`,
 * `--concurrency N`, `--incremental`...), then summarizes its JSON report into
 * reports/bench/mutation.json and reports/bench/mutation.md.
 * `--summary-only` skips Stryker and summarizes the last report again.
 * `--retest-survivors` runs incrementally (`--incremental`) after dropping the
 * survivors from the incremental file: after the gate got stronger (a new
 * oracle, never a change to the scripts it draws), only they run again, and
 * every mutant killed before stays killed.
 * Lives in the CLI because it spawns Stryker and reads the wall clock; the
 * summary itself is src/bench/mutation-summary.ts.
 */

/** Where stryker.config.mjs has Stryker write its report (`jsonReporter.fileName`). */
const STRYKER_REPORT = 'reports/bench/mutation/mutation.json';
const SUMMARY_JSON = 'reports/bench/mutation.json';
const SUMMARY_MD = 'reports/bench/mutation.md';
/** stryker.config.mjs's `incrementalFile`. */
const INCREMENTAL = 'reports/bench/mutation/incremental.json';

/** Drops the survivors from the incremental file, so that an incremental run tests them again; returns how many. */
function forgetSurvivors(): number {
  let json: { files?: Record<string, { mutants?: { status?: string }[] }> };
  try {
    json = JSON.parse(readFileSync(INCREMENTAL, 'utf8'));
  } catch (error) {
    throw new MutationReportError(`${INCREMENTAL}: no incremental file to retest from (run npm run bench:mutation -- --incremental first): ${(error as Error).message}`);
  }
  let dropped = 0;
  for (const file of Object.values(json.files ?? {})) {
    const kept = (file.mutants ?? []).filter((m) => m.status !== 'Survived');
    dropped += (file.mutants ?? []).length - kept.length;
    file.mutants = kept;
  }
  writeFileSync(INCREMENTAL, JSON.stringify(json));
  return dropped;
}

function runStryker(options: readonly string[]): { status: number; wallSeconds: number } {
  const start = process.hrtime.bigint();
  const stryker = spawnSync('npx', ['--no', 'stryker', 'run', ...options], { stdio: 'inherit' });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (stryker.error) throw stryker.error;
  return { status: stryker.status ?? 1, wallSeconds };
}

function readReport(): ReturnType<typeof parseStrykerReport> {
  let text: string;
  try {
    text = readFileSync(STRYKER_REPORT, 'utf8');
  } catch {
    throw new MutationReportError(`${STRYKER_REPORT}: no Stryker report (run npm run bench:mutation without --summary-only first)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MutationReportError(`${STRYKER_REPORT}: not JSON: ${(error as Error).message}`);
  }
  return parseStrykerReport(json, STRYKER_REPORT);
}

function printSummary(summary: MutationSummary, wallSeconds: number | null): void {
  const percent = (score: number | null) => (score === null ? '-' : `${score.toFixed(1)} %`);
  const rows = [...summary.files, { file: 'total', ...summary.total }].map((f) => [f.file, f.mutants, f.killed, f.timeout, f.survived, f.noCoverage + f.error, percent(f.score)]);
  process.stdout.write(`${textTable(['file', 'mutants', 'killed', 'timeout', 'survived', 'other', 'score'], rows)}\n`);
  if (wallSeconds !== null) process.stdout.write(`wall time ${(wallSeconds / 60).toFixed(1)} min\n`);
  process.stdout.write(`written: ${SUMMARY_JSON}, ${SUMMARY_MD}\n`);
}

function main(args: readonly string[]): number {
  const summaryOnly = args.includes('--summary-only');
  let wallSeconds: number | null = null;
  if (!summaryOnly) {
    const retest = args.includes('--retest-survivors');
    if (retest) process.stdout.write(`bench:mutation: ${forgetSurvivors()} survivors of the last run will run again; every other mutant keeps its result\n`);
    const options = retest ? [...args.filter((a) => a !== '--retest-survivors'), '--incremental'] : args;
    const stryker = runStryker(options);
    if (stryker.status !== 0) {
      process.stderr.write(`mirrorsim bench:mutation: Stryker exited with ${stryker.status}; no summary written\n`);
      return stryker.status;
    }
    wallSeconds = Math.round(stryker.wallSeconds);
  }
  const summary = summarizeMutation(readReport(), `mirrorsim ${MUTATION_GATE_ARGS.join(' ')}`);
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync('reports/bench', { recursive: true });
  writeFileSync(SUMMARY_JSON, `${JSON.stringify({ date, wallSeconds, ...summary }, null, 1)}\n`);
  writeFileSync(SUMMARY_MD, mutationMarkdown(summary, { date, wallSeconds }));
  printSummary(summary, wallSeconds);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof MutationReportError)) throw error;
  process.stderr.write(`mirrorsim bench:mutation: ${error.message}\n`);
  process.exitCode = 2;
}
