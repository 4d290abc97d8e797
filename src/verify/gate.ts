import * as fc from 'fast-check';
import { DEFAULT_SIZE, scriptArbitrary, type ScriptSize } from './arbitraries.js';
import { Coverage } from './coverage.js';
import { interruptible } from './interruptible.js';
import { evaluate, PROPERTY_NAMES, type Outcome, type PropertyName } from './properties.js';
import { encodeReplay, ReplayTokenError, type ReplayToken } from './replay.js';
import type { Script } from './script.js';
import type { ProtocolVariant } from './variant.js';

export interface GateOptions {
  readonly properties?: readonly PropertyName[];
  /** Scripts per property. */
  readonly runs: number;
  readonly seed: number;
  /** Wall-clock budget per property, measured by fast-check (the caller decides how to split a total). */
  readonly timeLimitMs?: (property: PropertyName) => number | undefined;
  /** The protocol under test: mirrorsim's (default), a seeded bug, or a user's own. */
  readonly variant?: ProtocolVariant;
  /** Name of the seeded bug, if any (goes into replay tokens). */
  readonly bug?: string;
  readonly size?: ScriptSize;
  /** Called after each script run (for progress display). */
  readonly onRun?: (property: PropertyName) => void;
  /** Asked before each script: true stops the gate (Ctrl-C); unfinished properties report `interrupted`. */
  readonly interrupted?: () => boolean;
}

export interface Counterexample {
  readonly kind: 'safety' | 'liveness';
  readonly script: Script;
  readonly message: string;
  readonly outcome: Exclude<Outcome, { kind: 'kept' }>;
  readonly replay: string;
  /** Scripts tried before the first failure, and shrinking steps taken. */
  readonly runsToFailure: number;
  readonly shrinks: number;
}

export interface PropertyResult {
  readonly property: PropertyName;
  readonly status: 'passed' | 'failed' | 'interrupted';
  readonly runs: number;
  readonly counterexample: Counterexample | null;
}

export interface GateResult {
  readonly seed: number;
  /** Whether the scripts injected faults. */
  readonly faults: boolean;
  readonly bug: string | null;
  readonly properties: readonly PropertyResult[];
  readonly coverage: Coverage;
  /** Stopped by the caller (`interrupted`) rather than by a time budget. */
  readonly interrupted?: boolean;
}

/**
 * The verification gate: for each property, fast-check generates scripts,
 * runs each on the simulated array and judges it; a failure is shrunk to a
 * short script and comes back with a replay token. Results are data.
 */
export function runGate(options: GateOptions): GateResult {
  const coverage = new Coverage();
  const properties = (options.properties ?? PROPERTY_NAMES).map((property) => runProperty(property, options, coverage));
  return { seed: options.seed, faults: options.size?.faults === true, bug: options.bug ?? null, properties, coverage };
}

function runProperty(property: PropertyName, options: GateOptions, coverage: Coverage): PropertyResult {
  const { arbitrary, predicate, parameters } = propertyCheck(property, options, coverage);
  const details = fc.check(interruptible(fc.property(arbitrary, predicate), options.interrupted), parameters);
  return propertyResult(property, details, options);
}

/**
 * The gate, returning to the caller's event loop (`pause`) before each
 * script, so that a signal handler can run and set `interrupted`: the same
 * scripts, verdicts and replay tokens as `runGate`.
 */
export async function runGateAsync(options: GateOptions, pause: () => Promise<void>): Promise<GateResult> {
  const coverage = new Coverage();
  const properties: PropertyResult[] = [];
  for (const property of options.properties ?? PROPERTY_NAMES) {
    const { arbitrary, predicate, parameters } = propertyCheck(property, options, coverage);
    const pausing = async (script: Script): Promise<boolean> => {
      await pause();
      return predicate(script);
    };
    const details = await fc.check(interruptible(fc.asyncProperty(arbitrary, pausing), options.interrupted), parameters);
    properties.push(propertyResult(property, details, options));
  }
  const interrupted = options.interrupted?.() === true;
  return { seed: options.seed, faults: options.size?.faults === true, bug: options.bug ?? null, properties, coverage, interrupted };
}

/** What fast-check checks for one property: the scripts, the verdict on each, and the run's parameters. */
function propertyCheck(property: PropertyName, options: GateOptions, coverage: Coverage) {
  const predicate = (script: Script): boolean => {
    const outcome = evaluate(script, property, options.variant);
    coverage.record(outcome.run);
    options.onRun?.(property);
    return outcome.kind === 'kept';
  };
  const parameters: fc.Parameters<[Script]> = {
    // Each property explores its own scripts: the seed is offset by the property's place in the list.
    seed: propertySeed(options.seed, property),
    numRuns: options.runs,
    interruptAfterTimeLimit: options.timeLimitMs?.(property),
    markInterruptAsFailure: false,
  };
  return { arbitrary: scriptArbitrary(options.size ?? DEFAULT_SIZE), predicate, parameters };
}

function propertyResult(property: PropertyName, details: fc.RunDetails<[Script]>, options: GateOptions): PropertyResult {
  const size = options.size ?? DEFAULT_SIZE;
  if (!details.failed || details.counterexample === null) {
    return { property, status: details.interrupted ? 'interrupted' : 'passed', runs: details.numRuns, counterexample: null };
  }
  const script = details.counterexample[0];
  const outcome = evaluate(script, property, options.variant);
  if (outcome.kind === 'kept') throw new Error(`property ${property}: the shrunk counterexample passed when run again (non-determinism)`);
  const token: ReplayToken = { property, seed: details.seed, path: details.counterexamplePath ?? '', bug: options.bug ?? null, size };
  return {
    property,
    status: 'failed',
    runs: details.numRuns,
    counterexample: {
      kind: outcome.kind,
      script,
      message: outcome.message,
      outcome,
      replay: encodeReplay(token),
      runsToFailure: details.numRuns,
      shrinks: details.numShrinks,
    },
  };
}

/** Detection of a seeded bug: the first property to fail, and what it took. */
export interface Detection {
  readonly result: PropertyResult | null;
  /** Scripts run over all properties tried, including those that held. */
  readonly runs: number;
}

/**
 * Runs the properties one after another against a variant, until one fails:
 * how the gate detects a bug (a property that holds costs its full runs).
 */
export function detect(variant: ProtocolVariant, options: { readonly seed: number; readonly runsPerProperty: number; readonly bug?: string; readonly size?: ScriptSize }): Detection {
  let runs = 0;
  for (const property of PROPERTY_NAMES) {
    if (property === 'same-seed-same-trace') continue;
    const [result] = runGate({ properties: [property], runs: options.runsPerProperty, seed: options.seed, variant, bug: options.bug, size: options.size }).properties;
    // A failed property's runs are those up to its failure (`runsToFailure`, the same fast-check count).
    runs += result!.runs;
    if (result!.counterexample) return { result: result!, runs };
  }
  return { result: null, runs };
}

export function propertySeed(seed: number, property: PropertyName): number {
  return (seed + PROPERTY_NAMES.indexOf(property)) | 0;
}

/** Replays a counterexample from its token: the same script, judged by the same property. */
export function replayCounterexample(token: ReplayToken, variant: ProtocolVariant = {}): { script: Script; outcome: Outcome } {
  let found: Script | null = null;
  const lost = 'the replay token\'s shrink path leads to no script (a damaged token, or one printed by another version of mirrorsim)';
  try {
    fc.check(
      fc.property(scriptArbitrary(token.size), (script) => {
        found = script;
        return false;
      }),
      { seed: token.seed, path: token.path, endOnFailure: true, numRuns: 1 },
    );
  } catch (error) {
    // fast-check refuses a path that its shrink tree does not have; anything else is a bug, and stays one.
    if (error instanceof Error && /^Unable to replay/.test(error.message)) throw new ReplayTokenError(lost);
    throw error;
  }
  if (found === null) throw new ReplayTokenError(lost);
  return { script: found, outcome: evaluate(found, token.property, variant) };
}
