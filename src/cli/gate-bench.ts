import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bugPower, gateTable, meetsTargets, type GateBenchReport, type GateTargets, type GateTrial } from '../bench/gate-summary.js';
import { SEEDED_BUGS } from '../verify/bugs/catalogue.js';

/**
 * `npm run bench:gate`: the gate's power over seeds no test pins. For every
 * seeded bug and every seed it runs `mirrorsim check --bug B --seed S
 * --time 60s` (a fresh process each, one core each, `--workers` at once) and
 * `check --runs 300` (the default size: a deterministic figure, run only where
 * the timed run does not already tell it), then writes
 * reports/bench/gate.json, reports/bench/gate.md, and the table into
 * docs/gate.md between its gate-bench markers.
 *
 *   npm run bench:gate -- --seeds 20 --first-seed 1001 --time 60 --workers 2 --bugs a,b
 */
const TARGETS = (seeds: number): GateTargets => ({ minFound: Math.ceil(0.95 * seeds), maxMedianSeconds: 10, maxMedianShrunk: 8, minFoundAtDefaultSize: Math.ceil(0.95 * seeds) });
const GATE_DOC = 'docs/gate.md';
const TABLE_START = '<!-- gate-bench:start (npm run bench:gate writes this table) -->';
const TABLE_END = '<!-- gate-bench:end -->';

interface Job {
  readonly bug: string;
  readonly seed: number;
  readonly args: readonly string[];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '20' },
      'first-seed': { type: 'string', default: '1001' },
      time: { type: 'string', default: '60' },
      runs: { type: 'string', default: '300' },
      workers: { type: 'string', default: '2' },
      bugs: { type: 'string' },
      'no-doc': { type: 'boolean', default: false },
    },
  });
  const seedCount = positive(values.seeds, '--seeds');
  const firstSeed = positive(values['first-seed'], '--first-seed');
  const timeS = positive(values.time, '--time');
  const runs = positive(values.runs, '--runs');
  const workers = positive(values.workers, '--workers');
  const bugs = values.bugs ? values.bugs.split(',') : SEEDED_BUGS.map((b) => b.name);
  const unknown = bugs.filter((b) => !SEEDED_BUGS.some((s) => s.name === b));
  if (unknown.length > 0) throw new Error(`no seeded bug named ${unknown.join(', ')}`);
  const seeds = Array.from({ length: seedCount }, (_, i) => firstSeed + i);

  const rate = await scriptsPerSecond(firstSeed);
  const timedJobs = bugs.flatMap((bug) => seeds.map((seed) => ({ bug, seed, args: ['--time', `${timeS}s`] })));
  const sizedJobs = bugs.flatMap((bug) => seeds.map((seed) => ({ bug, seed, args: ['--runs', String(runs)] })));
  const timed = await runAll(timedJobs, workers, 'timed');
  // A seed gives the same scripts in the same order under --time and --runs, so a timed trial that found
  // the bug, or ran past `runs` scripts without, already says what --runs would: only the others are run.
  const decided = (t: GateTrial) => t.found || t.scripts >= runs;
  const rerun = await runAll(sizedJobs.filter((_, i) => !decided(timed[i]!)), workers, `--runs ${runs}`);
  let k = 0;
  const atDefaultSize = timed.map((t) => (decided(t) ? atSize(t, runs) : rerun[k++]!));

  const targets = TARGETS(seedCount);
  const powers = bugs.map((bug) => bugPower(bug, timed, atDefaultSize));
  const report: GateBenchReport = {
    format: 'mirrorsim.gate-bench/1',
    seeds,
    timeBudgetSeconds: timeS,
    defaultRuns: runs,
    targets,
    bugs: powers,
    scriptsPerSecond: rate,
    allMet: powers.every((p) => meetsTargets(p, targets)),
    timed,
    atDefaultSize,
  };
  mkdirSync('reports/bench', { recursive: true });
  writeFileSync('reports/bench/gate.json', `${JSON.stringify(report, null, 1)}\n`);
  const table = gateTable(report);
  writeFileSync('reports/bench/gate.md', `${table}\n`);
  if (!values['no-doc']) updateGateDoc(table);
  process.stdout.write(`${table}\n\nwritten: reports/bench/gate.json, reports/bench/gate.md${values['no-doc'] ? '' : `, ${GATE_DOC}`}\n`);
  return report.allMet ? 0 : 1;
}

function positive(text: string | undefined, name: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} expects a positive integer, got ${text}`);
  return n;
}

/** Scripts per second through every property on the real protocol: 300 scripts, one process. */
async function scriptsPerSecond(seed: number): Promise<number> {
  const result = await check(['--runs', '300', '--seed', String(seed), '--allow-gaps']);
  return result.runs / result.seconds;
}

/** What `check --runs N` gives on the timed trial's seed: its failure if it came within N scripts. */
function atSize(timed: GateTrial, runs: number): GateTrial {
  if (timed.found && timed.scriptsToFailure! <= runs) return { ...timed, scripts: timed.scriptsToFailure! };
  return { ...timed, found: false, secondsToFailure: null, scriptsToFailure: null, shrunkActions: null, target: null, scripts: runs };
}

interface CheckJson {
  readonly runs: number;
  readonly seconds: number;
  readonly secondsToFailure: number | null;
  readonly counterexample: { readonly target: string; readonly actions: number; readonly runsToFailure: number } | null;
}

function check(args: readonly string[]): Promise<CheckJson> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/mirrorsim.js', 'check', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => {
      // 0 held, 1 safety, 3 liveness, 4 crash, 5 gaps: all print the JSON result; anything else is a failure of the bench.
      if (code === null || ![0, 1, 3, 4, 5].includes(code)) return reject(new Error(`mirrorsim check ${args.join(' ')} exited ${code}: ${err.slice(0, 2000)}`));
      resolve(JSON.parse(out) as CheckJson);
    });
  });
}

async function runAll(jobs: readonly Job[], workers: number, label: string): Promise<GateTrial[]> {
  const trials: GateTrial[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      const result = await check(['--bug', job.bug, '--seed', String(job.seed), ...job.args]);
      const c = result.counterexample;
      trials[i] = {
        bug: job.bug,
        seed: job.seed,
        found: c !== null,
        secondsToFailure: c ? result.secondsToFailure : null,
        scriptsToFailure: c ? c.runsToFailure : null,
        shrunkActions: c ? c.actions : null,
        target: c ? c.target : null,
        scripts: result.runs,
      };
      done++;
      process.stderr.write(`\r${label}: ${done}/${jobs.length} (${job.bug} seed ${job.seed}: ${c ? `found by ${c.target} in ${result.secondsToFailure?.toFixed(1)} s` : 'not found'})\x1b[K`);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  process.stderr.write('\n');
  return trials;
}

function updateGateDoc(table: string): void {
  const doc = readFileSync(GATE_DOC, 'utf8');
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${GATE_DOC} has no ${TABLE_START} … ${TABLE_END} markers to write the table between`);
  writeFileSync(GATE_DOC, `${doc.slice(0, start + TABLE_START.length)}\n${table}\n${doc.slice(end)}`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:gate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
