import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseDurationNs } from '../engine/time.js';
import { DEFAULT_SIZE, FAULT_SIZE } from '../verify/arbitraries.js';
import { SEEDED_BUGS, seededBug } from '../verify/bugs/catalogue.js';
import { runGateAsync, replayCounterexample, type GateResult } from '../verify/gate.js';
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
  readonly faults?: boolean;
  /** With --replay: save the script as a regression corpus entry (JSON). */
  readonly save?: string;
}

const DEFAULT_RUNS = 300;

/**
 * `mirrorsim check`: the verification gate outside vitest. Exit 0: all hold;
 * 1: safety violation; 3: liveness; 2: usage; 130: stopped by Ctrl-C (what
 * was checked so far is printed).
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
  const deadline = options.time === undefined ? undefined : Date.now() + parseTimeMs(options.time);
  const progress = new Progress('checking', !options.json && process.stderr.isTTY === true);
  let done = 0;
  const started = Date.now();
  // Fault-handling bugs only show in scripts that inject faults.
  const size = options.faults || bug?.faults ? FAULT_SIZE : DEFAULT_SIZE;
  let interrupted = false;
  // Once: a second Ctrl-C finds Node's default handler and quits at once.
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  // The gate returns to the event loop before each script, so that the handler above can run.
  const result = await runGateAsync({
    interrupted: () => interrupted,
    size,
    properties,
    runs,
    seed,
    variant: bug?.variant,
    bug: bug?.name,
    // The remaining budget is shared by the properties still to run.
    timeLimitMs: deadline === undefined ? undefined : (property) => Math.max(1, (deadline - Date.now()) / (properties.length - properties.indexOf(property))),
    onRun: (property) => progress.update(++done, runs * properties.length, property),
  }, () => new Promise<void>((resolve) => setImmediate(resolve))).finally(() => process.off('SIGINT', onSignal));
  progress.done();
  report(result, options, (Date.now() - started) / 1000);
  if (result.interrupted) process.stderr.write('mirrorsim: interrupted (Ctrl-C); the properties above were checked on the scripts run so far\n');
  return exitCode(result);
}

function report(result: GateResult, options: CheckCommandOptions, seconds: number): void {
  if (options.junit) writeFileSync(options.junit, gateJunit(result, seconds));
  if (options.json) process.stdout.write(`${JSON.stringify(gateJson(result), null, 1)}\n`);
  else process.stdout.write(`${formatGate(result)}\n(${seconds.toFixed(1)} s; replay this whole check with --seed ${result.seed})\n`);
}

function exitCode(result: GateResult): number {
  const failed = result.properties.filter((p) => p.counterexample);
  if (failed.some((p) => p.counterexample!.kind === 'safety')) return EXIT.failure;
  if (failed.length > 0) return EXIT.liveness;
  if (result.interrupted) return EXIT.interrupted;
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
  const { script, outcome } = replayed;
  if (options.save) {
    const failure = outcome.kind === 'kept' ? null : outcome.message.split('\n')[0];
    writeFileSync(options.save, `${JSON.stringify({ property: token.property, bug: token.bug, failure, script }, null, 1)}\n`);
  }
  if (outcome.kind === 'kept') {
    process.stdout.write(`${token.property} holds on the replayed script (the protocol no longer fails it):\n${formatScript(script)}\n`);
    return EXIT.ok;
  }
  const counterexample = { kind: outcome.kind, script, message: outcome.message, outcome, replay: text, runsToFailure: 0, shrinks: 0 };
  if (options.json) process.stdout.write(`${JSON.stringify({ property: token.property, kind: outcome.kind, message: outcome.message, script }, null, 1)}\n`);
  else process.stdout.write(`${formatCounterexample(token.property, counterexample).join('\n')}\n`);
  return outcome.kind === 'safety' ? EXIT.failure : EXIT.liveness;
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
