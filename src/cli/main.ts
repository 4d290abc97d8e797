import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import type { CheckCommandOptions } from './check-command.js';
import type { CheckHistoryCommandOptions } from './check-history-command.js';
import { EXIT } from './exit-codes.js';
import type { MergeCommandOptions } from './merge-command.js';
import type { SchemaFormat } from './schema-command.js';
import type { SweepCommandOptions } from './sweep-command.js';
import type { TraceStatsOptions } from './trace-stats-command.js';
import { UsageError } from './usage-error.js';

/*
 * Each command's module is imported when that command runs, never before:
 * `--help` and `validate` must not wait for Chart.js, the canvas, the worker
 * pool or the gate to load (issue 13: 0.5 s before the first line printed).
 * Only types are imported statically; src/cli/startup.test.ts checks what loads.
 */

/** The trace formats `trace-stats --format` takes: TRACE_FORMATS of src/host/traces/format.ts. */
export const TRACE_FORMAT_NAMES = ['mqsim', 'msr', 'spc', 'blkparse', 'alibaba', 'tencent'];

/** The command line, unparsed; src/docs.test.ts parses the documentation's commands with it. */
export function program(exit: { code: number }): Command {
  const cli = new Command('mirrorsim')
    .description('Simulate a storage array running the mirror → split → restore protocol, and check its guarantees.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)');

  cli
    .command('run')
    .description('run a scenario: print a summary and the trace hash, write results.json')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', 'override the scenario seed', parseSeed)
    .option('--out <dir>', 'folder for results.json (default reports/runs/<scenario name>)')
    .option('--history <file>', 'write the recorded history (every host I/O, command, state change, fault and restored-indicator change) as JSON lines')
    .option('--physical', 'with --history: also record every change of a volume\'s content (what check-history needs to judge isolation, convergence and the restored indicator)')
    .option('--trace <file>', 'write every simulator event as JSON lines (large)')
    .option('--perfetto <file>', 'write the run as a trace for ui.perfetto.dev: pair states, copy phases, commands, faults, host I/Os, queue depths (docs/perfetto.md)')
    .option('--perfetto-max-ios <n>', 'with --perfetto: the most I/O spans a host gets; above it one I/O in n is shown, and the file says so (default 100000)', parseMaxIos)
    .option('--json', 'print the results as JSON instead of the summary')
    .option('--report', 'also write report.md, report.html and charts/*.png beside results.json')
    .option('--breakdown', 'break each host I/O\'s latency down into the stages it spent it in (as metrics.breakdown: true; docs/latency-breakdown.md)')
    .option('--quiet', 'print nothing but errors')
    .option('--max-memory <size>', 'refuse a scenario estimated to need more memory than this (default 8GiB, or the scenario\'s limits.memory)')
    .option('--max-events <n>', 'refuse (and stop) a run of more simulator events than this (default 1e10, or limits.events)')
    .addHelpText(
      'after',
      `
Ctrl-C stops the run between slices, writes the results so far marked "complete": false, and exits with 130.

Examples:
  $ npx mirrorsim run scenarios/baseline.yaml
  $ npx mirrorsim run scenarios/protected-restore.yaml --seed 7 --history run.jsonl
  $ npx mirrorsim run scenarios/protected-restore.yaml --report
  $ npx mirrorsim run scenarios/protected-restore.yaml --perfetto run.trace.json
  $ npx mirrorsim run scenarios/baseline.yaml --out /tmp/baseline --json`,
    )
    .action(async (file: string, options) => {
      const { runCommand } = await import('./run-command.js');
      exit.code = await runCommand(file, options);
    });

  cli
    .command('report')
    .description('write the Markdown and self-contained HTML reports, with PNG charts, of a run\'s results.json')
    .argument('<results>', 'a results.json written by `mirrorsim run`')
    .option('--out <dir>', 'folder for report.md, report.html and charts/ (default: the folder of results.json)')
    .option('--quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Examples:
  $ npx mirrorsim report reports/runs/protected-restore/results.json
  $ npx mirrorsim report results.json --out /tmp/report`,
    )
    .action(async (file: string, options: { out?: string; quiet?: boolean }) => {
      const { reportCommand } = await import('./report-command.js');
      exit.code = reportCommand(file, options);
    });

  cli
    .command('sweep')
    .description('run an experiment: a grid of scenario parameters × seeds, in parallel; write runs, aggregates and a report')
    .argument('<experiment>', 'experiment file (YAML): a base scenario, a grid, seeds, metrics and charts')
    .option('--out <dir>', 'folder for the outputs (default reports/sweeps/<experiment name>)')
    .option('--workers <n>', 'worker threads (default: one per core; 0 runs in this thread)')
    .option('--shard <i/n>', 'run only shard i of n (runs whose index is i-1 modulo n); join shards with merge')
    .option('--json', 'print the aggregates as JSON')
    .option('--quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Writes sweep.json, runs.csv and runs.jsonl (one line per run: parameters, seed, metrics, trace hash),
points.csv and points.json (per point: n, mean, standard deviation, 95% confidence interval), and
report.md, report.html and charts/*.png. A shard writes its runs only. Results do not depend on --workers.

Examples:
  $ npx mirrorsim sweep scenarios/experiments/copy-rate-latency/experiment.yaml
  $ npx mirrorsim sweep experiment.yaml --workers 1 --out /tmp/sweep
  $ npx mirrorsim sweep experiment.yaml --shard 2/4 --out shards/2 && npx mirrorsim merge shards/* --out all`,
    )
    .action(async (file: string, options: SweepCommandOptions) => {
      const { sweepCommand } = await import('./sweep-command.js');
      exit.code = await sweepCommand(file, options);
    });

  cli
    .command('merge')
    .description("join the output folders of a sweep's shards into the whole sweep (the same files an unsharded sweep writes)")
    .argument('<dir...>', 'folders written by sweep --shard')
    .option('--out <dir>', 'folder for the merged outputs and report (required)')
    .option('--json', 'print the aggregates as JSON')
    .option('--quiet', 'print nothing but errors')
    .addHelpText('after', '\nExample:\n  $ npx mirrorsim merge shards/1 shards/2 shards/3 --out reports/sweeps/my-experiment')
    .action(async (dirs: string[], options: MergeCommandOptions) => {
      const { mergeCommand } = await import('./merge-command.js');
      exit.code = mergeCommand(dirs, options);
    });

  cli
    .command('validate')
    .description('check scenario or experiment files without running them')
    .argument('<file...>', 'scenario files, or experiment files (checked with every point\'s scenario)')
    .option('--max-memory <size>', 'the memory bound to check scenarios against (as for run; experiments are checked as sweep runs them)')
    .option('--max-events <n>', 'the event bound to check against (as for run)')
    .addHelpText('after', '\nExamples:\n  $ npx mirrorsim validate scenarios/*.yaml\n  $ npx mirrorsim validate scenarios/experiments/*/experiment.yaml')
    .action(async (files: string[], options: { maxMemory?: string; maxEvents?: string }) => {
      const { validateCommand } = await import('./validate-command.js');
      exit.code = await validateCommand(files, options);
    });

  cli
    .command('schema')
    .description('print the JSON Schema of scenario or experiment files, for editors (the files shipped in schemas/)')
    // The formats are spelt here, not imported: schema-command.js loads zod.
    .addArgument(new Argument('<format>', 'which file format').choices(['scenario', 'experiment'] satisfies SchemaFormat[]))
    .addHelpText(
      'after',
      `
VS Code's YAML extension (and any editor using yaml-language-server) completes and checks a file that starts with
  # yaml-language-server: $schema=<path or URL of the schema>
as every shipped scenario does. The schema checks keys, values and units; validate checks names and references too.

Examples:
  $ npx mirrorsim schema scenario > scenario.schema.json
  $ npx mirrorsim schema experiment`,
    )
    .action(async (format: SchemaFormat) => {
      const { schemaCommand } = await import('./schema-command.js');
      exit.code = schemaCommand(format);
    });

  cli
    .command('trace-stats')
    .description('read a block trace and print what laying it onto a scenario needs: requests, duration, reads, sizes, address span, IOPS over time')
    .argument('<file>', 'a trace file (gunzipped as it is read if its name ends in .gz)')
    // The formats are spelt here, not imported: the readers load with the command (src/cli/cli.test.ts checks the list).
    .addOption(new Option('--format <format>', 'the trace format').choices(TRACE_FORMAT_NAMES).default('mqsim'))
    .option('--json', 'print the statistics as JSON')
    .addHelpText(
      'after',
      `
Formats (docs/traces.md): mqsim (MQSim), msr (MSR Cambridge), spc (SPC / UMass), blkparse (blkparse's default
output, its Q events), alibaba (Alibaba Cloud block traces), tencent (Tencent CBS). A line that does not parse is
refused with the file, the line and what was expected (exit 2).

Examples:
  $ npx mirrorsim trace-stats scenarios/data/mqsim-traces/tpcc-small.trace
  $ npx mirrorsim trace-stats scenarios/traces/msr-sample.csv.gz --format msr
  $ npx mirrorsim trace-stats scenarios/traces/blkparse-sample.txt --format blkparse --json`,
    )
    .action(async (file: string, options: TraceStatsOptions) => {
      const { traceStatsCommand } = await import('./trace-stats-command.js');
      exit.code = traceStatsCommand(file, options);
    });

  cli
    .command('drive-check')
    .description('replay DiskSim validation runs on the drive model and compare with the measured times')
    .argument('<run...>', "DiskSim validation runs: X.parv [X.trace] (the trace defaults to the .parv's stem), a folder of them, or X.trace (X.parv or X.diskspecs beside it)")
    .option('--json', 'print the comparison as JSON')
    .option('--calibrate', "also fit the drive's command overheads on the trace's first half and compare on its second half")
    .addHelpText(
      'after',
      '\nExamples:\n  $ npx mirrorsim drive-check scenarios/data/disksim-validation/hp_c2247a.parv\n  $ npx mirrorsim drive-check scenarios/data/disksim-validation/\n  $ npx mirrorsim drive-check --calibrate scenarios/data/disksim-validation/atlas10k.trace',
    )
    .action(async (runs: string[], options: { json?: boolean; calibrate?: boolean }) => {
      const { driveCheckCommand } = await import('./drive-check-command.js');
      exit.code = driveCheckCommand(runs, options);
    });

  cli
    .command('check')
    .description('the verification gate: generate scripts, run them on the simulated array, check every guarantee')
    .option('--runs <n>', 'scripts to run, each judged by every property (default 300, or unbounded with --time)')
    .option('--time <duration>', 'stop after this wall-clock budget, one for all properties (e.g. 60s)')
    .option('--seed <n>', 'seed of the script generator (default: a fresh one, printed)')
    .option('--property <name...>', 'only these properties (see --list-properties)')
    .option('--no-faults', 'leave faults out of the scripts (by default about half of them inject drive failures, media errors, director failures or power loss)')
    .option('--faults', 'mix faults into the scripts (the default; kept for older command lines)')
    .option('--allow-gaps', 'exit 0 even if some protocol path or (state, command) was never exercised')
    .option('--bug <name>', 'run against a seeded protocol bug (see --list-bugs)')
    .option('--list-bugs', 'print the seeded bugs, one name a line')
    .option('--list-properties', 'print the properties, one name a line')
    .option('--replay <token>', 'replay a counterexample from the token a failed check printed')
    .option('--json', 'print the result as JSON')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--save <file>', 'with --replay: save the script as a regression corpus entry (properties/corpus/)')
    .addHelpText(
      'after',
      `
Each generated script draws its own world (standards, BCVs, groups, track size, cache, hosts, drives), is run once,
and its history is judged by every property; the first failure is shrunk to a short script with a replay command.

Exit codes: 0 every property held; 1 a safety violation; 3 a liveness failure (a copy or an I/O that never ended);
4 a crash (an exception inside the simulated world); 5 every property held but some protocol path was never
exercised (--allow-gaps accepts that); 2 bad usage; 130 stopped by Ctrl-C (the scripts checked so far are reported).

Examples:
  $ npx mirrorsim check --time 30s
  $ npx mirrorsim check --no-faults --time 60s
  $ npx mirrorsim check --runs 1000 --seed 7 --property snapshot-consistency
  $ npx mirrorsim check --bug read-unrestored-from-std
  $ npx mirrorsim check --replay <token> --junit check.xml`,
    )
    .action(async (options: CheckCommandOptions) => {
      const { checkCommand } = await import('./check-command.js');
      exit.code = await checkCommand(options);
    });

  cli
    .command('check-history')
    .description('judge a recorded history (JSON lines, from run --history or another system) against the guarantees')
    .argument('<file>', 'a history file in the mirrorsim.history/2 (or /1) format')
    .option('--only <guarantees>', 'judge only these guarantees, comma-separated')
    .option('--io-bound <duration>', 'the time every host I/O may take from max(its issue, the load\'s end), if the header declares none')
    .option('--copy-bound <duration>', 'the time every copy phase may take from max(its start, the load\'s end), if the header declares none')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Exit codes: 0 every guarantee held where judged; 1 a safety violation; 3 only liveness ones (an I/O or a copy
that did not end in time); 2 bad input (the file and line, and what was expected).

Examples:
  $ npx mirrorsim run scenarios/protected-restore.yaml --history run.jsonl --physical && npx mirrorsim check-history run.jsonl
  $ npx mirrorsim check-history run.jsonl --only availability,every-io-ends --io-bound 1s`,
    )
    .action(async (file: string, options: CheckHistoryCommandOptions) => {
      const { checkHistoryCommand } = await import('./check-history-command.js');
      exit.code = await checkHistoryCommand(file, options);
    });

  cli.version(packageVersion(), '-V, --version', 'print the version');
  return cli;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seed) || seed > 2 ** 32 - 1) throw new UsageError(`--seed expects an integer from 0 to 4294967295, got "${value}"`);
  return seed;
}

function parseMaxIos(value: string): number {
  const max = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(max)) throw new UsageError(`--perfetto-max-ios expects a whole number of I/Os per host (0: none), got "${value}"`);
  return max;
}

/** Runs the CLI; returns the exit code (the bin script sets it). */
export async function main(argv: readonly string[]): Promise<number> {
  const exit = { code: EXIT.ok as number };
  const cli = program(exit);
  try {
    await cli.parseAsync(argv as string[]);
    return exit.code;
  } catch (error) {
    return await handle(error);
  }
}

async function handle(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`mirrorsim: ${error.message}\n`);
    return EXIT.usage;
  }
  // Loaded only now: errors.js imports the module of every kind of input error.
  const { isInputError } = await import('./errors.js');
  if (isInputError(error)) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  const { AssertionError } = await import('../engine/assert.js');
  const kind = error instanceof AssertionError ? 'internal error (a bug in mirrorsim or in a plugged-in controller)' : 'internal error';
  process.stderr.write(`mirrorsim: ${kind}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.failure;
}
