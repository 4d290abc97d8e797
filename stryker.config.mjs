// Mutation testing of the verification gate (`npm run bench:mutation`, docs/gate.md, "Mutation testing of the gate").
// Stryker plants one change at a time in the protocol and the cache; `mirrorsim check` must fail on it.
// The gate's options live in src/cli/mutation-gate.ts, not here.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/protocol/**/*.ts', '!src/protocol/**/*.test.ts', '!src/protocol/testing/**', 'src/array/cache.ts'],
  // A log message is not behaviour; a mutant in one only measures whether the gate reads text.
  mutator: { excludedMutations: ['StringLiteral'] },
  // Invariant assertions and statistics for the reports: out of the gate's reach by construction, left out
  // of the score with the reason (stryker-plugins/outside-the-gate.mjs says which, and why).
  plugins: ['@stryker-mutator/*', './stryker-plugins/outside-the-gate.mjs'],
  ignorers: ['outside-the-gate'],

  // Mutant schemata: every mutant is compiled into the sandbox's dist/ once, and each run switches one on
  // through __STRYKER_ACTIVE_MUTANT__, which the command inherits. The instrumented code does not type-check,
  // so tsc only emits it (`// @ts-nocheck`); the real type check is `npm run typecheck`.
  buildCommand: 'npm run build',
  disableTypeChecks: 'src/**/*.ts',
  // The sandbox's dist/ is built from the instrumented source, never copied from the working tree.
  ignorePatterns: ['/dist', '/e2e'],
  tempDirName: '.stryker-tmp',

  // One mutant = one `mirrorsim check` process: killed on any non-zero exit (safety, liveness, crash, ...),
  // or when it passes its CPU-time limit or heap cap (src/cli/mutation-gate.ts).
  testRunner: 'command',
  commandRunner: { command: 'node dist/cli/mutation-check.js' },
  // The command runner knows nothing of coverage: every mutant runs the whole gate, and no mutant is
  // "static" or "no coverage" (ignoreStatic needs coverage analysis, so it stays off).
  coverageAnalysis: 'off',

  // Two checks at a time (`npm run bench:mutation -- --concurrency 1` to change).
  // Hangs: the gate bounds each run with an event budget (a simulation that never converges fails as
  // liveness, exit 3), and the command with a CPU-time limit (a loop outside the event loop: SIGXCPU,
  // killed). On a loaded machine Stryker's wall-clock timeout comes first: 1.5 x the unmutated check
  // (timed alone before the mutants) + 2 min, then "Timeout", also killed. A normal check at load 15 on
  // two cores takes under a minute; raise timeoutMS on a machine busier than that.
  concurrency: 2,
  timeoutFactor: 1.5,
  timeoutMS: 120_000,

  // A progress bar on a terminal; a line every 10 s in a log (`nohup npm run bench:mutation > log &`).
  reporters: ['json', 'clear-text', process.stdout.isTTY ? 'progress' : 'progress-append-only'],
  jsonReporter: { fileName: 'reports/bench/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, reportMutants: false, reportTests: false, reportScoreTable: true },
  // `-- --incremental` reuses the results of mutants whose code did not change. It cannot see changes to
  // the gate itself (src/verify/, src/check/): after those, run without it (or with --force).
  incrementalFile: 'reports/bench/mutation/incremental.json',
};
