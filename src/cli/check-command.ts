import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseDurationNs } from '../engine/time.js';
import { DEFAULT_SIZE } from '../verify/arbitraries.js';
import { SEEDED_BUGS, seededBug } from '../verify/bugs/catalogue.js';
import { failureOf, runGateAsync, replayCounterexample, type Counterexample, type GateResult } from '../verify/gate.js';
import { formatCounterexample, formatGate, gateJson, gateJunit } from '../verify/format.js';
import { PROPERTY_NAMES, type PropertyName } from '../verify/properties.js';
import { decodeReplay, ReplayTokenError } from '../verify/replay.js';
import { formatScript } from '../verify/script.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { Progress } from './progress.js';

export interface CheckCommandOptions {
  readonly runs?: string;
  readonly time?: string;
  readonly seed?: string;
  readonly property?: string[];
  readonly bug?: string;
  readonly listBugs?: boolean;
  readonly listProperties?: boolean;
  readonly replay?: string;
  readonly json?: boolean;
  readonly junit?: string;
  /** False with --no-faults; true or unset: faults are mixed in. */
  readonly faults?: boolean;
  readonly allowGaps?: boolean;
  /** With --replay: save the script as a regression corpus entry (JSON). */
  readonly save?: string;
}

const DEFAULT_RUNS = 300;

/**
 * `mirrorsim check`: the verification gate outside vitest. Exit 0: all hold;
 * 1: safety violation; 3: liveness; 4: crash; 5: a path never exercised;
 * 2: usage; 130: stopped by Ctrl-C (what was checked so far is printed).
 */
export async function checkCommand(options: CheckCommandOptions): Promise<number> {
  if (options.listBugs) {
    process.stdout.write(`${SEEDED_BUGS.map((bug) => bug.name).join('\n')}\n`);
    return EXIT.ok;
  }
  if (options.listProperties) {
    process.stdout.write(`${PROPERTY_NAMES.join('\n')}\n`);
    return EXIT.ok;
  }
  if (options.replay !== undefined) return replay(options.replay, options);
  const bug = options.bug === undefined ? undefined : seededBug(options.bug);
  if (options.bug !== undefined && !bug) throw new UsageError(`no seeded bug named "${options.bug}"; see mirrorsim check --list-bugs`);
  const properties = parseProperties(options.property);
  const runs = parseRuns(options.runs, options.time);
  const seed = options.seed === undefined ? randomInt(0, 2 ** 31 - 1) : parseSeed(options.seed);
  const timeLimitMs = options.time === undefined ? undefined : parseTimeMs(options.time);
  const progress = new Progress('checking', !options.json && process.stderr.isTTY === true);
  let done = 0;
  const started = Date.now();
  let secondsToFailure: number | null = null;
  const size = { ...DEFAULT_SIZE, faults: options.faults !== false };
  let interrupted = false;
  // Once: a second Ctrl-C finds Node's default handler and quits at once.
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  // The gate returns to the event loop before each script, so that the handler above can run.
  const result = await runGateAsync(
    {
      interrupted: () => interrupted,
      size,
      properties,
      runs,
      seed,
      variant: bug?.variant,
      bug: bug?.name,
      timeLimitMs,
      // With --time, progress is the budget spent; otherwise the scripts run.
      onRun: () => (timeLimitMs === undefined ? progress.update(++done, runs, 'scripts') : progress.update(Date.now() - started, timeLimitMs, `${++done} scripts`)),
      onFailure: () => {
        secondsToFailure = (Date.now() - started) / 1000;
      },
    },
    () => new Promise<void>((resolve) => setImmediate(resolve)),
  ).finally(() => process.off('SIGINT', onSignal));
  progress.done();
  report(result, options, { seconds: (Date.now() - started) / 1000, secondsToFailure });
  if (result.interrupted) process.stderr.write('mirrorsim: interrupted (Ctrl-C); the properties above were checked on the scripts run so far\n');
  return exitCode(result, options.allowGaps === true);
}

interface Timing {
  readonly seconds: number;
  /** Wall time from the start to the first failing script (before shrinking). */
  readonly secondsToFailure: number | null;
}

function report(result: GateResult, options: CheckCommandOptions, timing: Timing): void {
  if (options.junit) writeFileSync(options.junit, gateJunit(result, timing.seconds));
  if (options.json) {
    const json = gateJson(result) as Record<string, unknown>;
    process.stdout.write(`${JSON.stringify({ ...json, seconds: timing.seconds, secondsToFailure: timing.secondsToFailure }, null, 1)}\n`);
    return;
  }
  const rate = result.runs / Math.max(timing.seconds, 1e-3);
  process.stdout.write(`${formatGate(result)}\n(${timing.seconds.toFixed(1)} s, ${rate.toFixed(0)} scripts/s; replay this whole check with --seed ${result.seed})\n`);
}

function exitCode(result: GateResult, allowGaps: boolean): number {
  const failure = result.counterexample;
  if (failure) return failure.kind === 'crash' ? EXIT.crash : failure.kind === 'liveness' ? EXIT.liveness : EXIT.failure;
  if (result.interrupted) return EXIT.interrupted;
  const gaps = result.coverage.missingPaths();
  if (!allowGaps && gaps.length > 0) {
    process.stderr.write(`mirrorsim: every property held, but these protocol paths were never exercised: ${gaps.join('; ')} (more --runs, or --allow-gaps)\n`);
    return EXIT.gaps;
  }
  return EXIT.ok;
}

function replay(text: string, options: CheckCommandOptions): number {
  let token;
  try {
    token = decodeReplay(text);
  } catch (error) {
    if (error instanceof ReplayTokenError) throw new UsageError(`--replay: ${error.message}`);
    throw error;
  }
  const bug = token.bug === null ? undefined : seededBug(token.bug);
  if (token.bug !== null && !bug) throw new UsageError(`--replay: the token names a seeded bug this version does not have (${token.bug})`);
  let replayed;
  try {
    replayed = replayCounterexample(token, bug?.variant);
  } catch (error) {
    if (error instanceof ReplayTokenError) throw new UsageError(`--replay: ${error.message}`);
    throw error;
  }
  const { script, judgement } = replayed;
  const failure = failureOf(judgement, token.target);
  if (options.save) {
    writeFileSync(options.save, `${JSON.stringify({ property: token.target, bug: token.bug, failure: failure ? failure.message.split('\n')[0] : null, script }, null, 1)}\n`);
  }
  if (failure === null) {
    process.stdout.write(`${token.target} holds on the replayed script (the protocol no longer fails it):\n${formatScript(script)}\n`);
    return EXIT.ok;
  }
  const counterexample: Counterexample = { kind: failure.kind, target: token.target, script, message: failure.message, judgement, replay: text, runsToFailure: 0, shrinks: 0 };
  if (options.json) process.stdout.write(`${JSON.stringify({ target: token.target, kind: failure.kind, message: failure.message, script }, null, 1)}\n`);
  else process.stdout.write(`${formatCounterexample(counterexample).join('\n')}\n`);
  return failure.kind === 'crash' ? EXIT.crash : failure.kind === 'liveness' ? EXIT.liveness : EXIT.failure;
}

function parseProperties(names: readonly string[] | undefined): PropertyName[] {
  if (!names || names.length === 0) return [...PROPERTY_NAMES];
  const wanted = names.flatMap((n) => n.split(',')).map((n) => n.trim());
  for (const name of wanted) {
    if (!PROPERTY_NAMES.includes(name as PropertyName)) throw new UsageError(`no property named "${name}"; properties: ${PROPERTY_NAMES.join(', ')}`);
  }
  return wanted as PropertyName[];
}

function parseRuns(runs: string | undefined, time: string | undefined): number {
  if (runs === undefined) return time === undefined ? DEFAULT_RUNS : 1_000_000_000;
  const n = Number(runs);
  if (!/^\d+$/.test(runs) || n < 1 || n > 1e9) throw new UsageError(`--runs expects a positive integer, got "${runs}"`);
  return n;
}

function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || Math.abs(n) > 2 ** 31 - 1) throw new UsageError(`--seed expects an integer (|seed| < 2^31), got "${text}"`);
  return n;
}

function parseTimeMs(text: string): number {
  const ns = parseDurationNs(text);
  if (ns === undefined || ns <= 0) throw new UsageError(`--time expects a duration such as 30s or 2min, got "${text}"`);
  return ns / 1e6;
}
