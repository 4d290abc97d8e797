import * as fc from 'fast-check';
import { DEFAULT_SIZE, scriptArbitrary, type ScriptSize } from './arbitraries.js';
import { Coverage } from './coverage.js';
import { interruptible } from './interruptible.js';
import { fails, firstFailure, judge, PROPERTY_NAMES, type Crash, type Failure, type Judgement, type PropertyName, type Target } from './properties.js';
import { encodeReplay, ReplayTokenError, type ReplayToken } from './replay.js';
import type { Script } from './script.js';
import type { ProtocolVariant } from './variant.js';

export interface GateOptions {
  readonly properties?: readonly PropertyName[];
  /** Scripts to run (each judged by every property). */
  readonly runs: number;
  readonly seed: number;
  /** Wall-clock budget for the whole gate, measured by fast-check. */
  readonly timeLimitMs?: number;
  /** The protocol under test: mirrorsim's (default), a seeded bug, or a user's own. */
  readonly variant?: ProtocolVariant;
  /** Name of the seeded bug, if any (goes into replay tokens). */
  readonly bug?: string;
  readonly size?: ScriptSize;
  /** Called after each script is judged (for progress display). */
  readonly onRun?: () => void;
  /** Called once, when the first failing script is found (before shrinking): the CLI times it. */
  readonly onFailure?: (target: Target) => void;
  /** Asked before each script: true stops the gate (Ctrl-C). */
  readonly interrupted?: () => boolean;
}

export interface Counterexample {
  /** What failed: a property's safety or liveness verdict, or a crash. */
  readonly kind: 'safety' | 'liveness' | 'crash';
  readonly target: Target;
  readonly script: Script;
  readonly message: string;
  readonly judgement: Judgement;
  readonly replay: string;
  /** Scripts run up to and including the first failing one, and shrinking steps taken. */
  readonly runsToFailure: number;
  readonly shrinks: number;
}

export interface PropertyResult {
  readonly property: PropertyName;
  /** `failed`: the property failed on the first failing script (its counterexample is shrunk only if it is the target). */
  readonly status: 'passed' | 'failed' | 'interrupted';
  /** Scripts this property judged. */
  readonly runs: number;
}

export interface GateResult {
  readonly seed: number;
  /** Whether scripts may inject faults. */
  readonly faults: boolean;
  readonly bug: string | null;
  /** Scripts run (each through every property). */
  readonly runs: number;
  readonly properties: readonly PropertyResult[];
  /** The shrunk counterexample of the first property (or crash) that failed; null when every property held. */
  readonly counterexample: Counterexample | null;
  readonly coverage: Coverage;
  /** Stopped by the caller (`interrupted`) rather than by the end of the runs or the time budget. */
  readonly interrupted: boolean;
}

/**
 * The verification gate: fast-check generates scripts, each is run once on
 * the simulated world it draws and its history judged by every property.
 * The first failure decides what shrinking aims at (a crash, or the first
 * property in the list that failed): the script is shrunk while it still
 * fails that one, and comes back with a replay token. Results are data.
 */
export function runGate(options: GateOptions): GateResult {
  const session = new GateSession(options);
  const details = fc.check(interruptible(fc.property(session.arbitrary, (script) => session.judge(script)), options.interrupted), session.parameters);
  return session.result(details, options.interrupted?.() === true);
}

/**
 * The gate, returning to the caller's event loop (`pause`) before each
 * script, so that a signal handler can run and set `interrupted`: the same
 * scripts, verdicts and replay tokens as `runGate`.
 */
export async function runGateAsync(options: GateOptions, pause: () => Promise<void>): Promise<GateResult> {
  const session = new GateSession(options);
  const property = fc.asyncProperty(session.arbitrary, async (script: Script) => {
    await pause();
    return session.judge(script);
  });
  const details = await fc.check(interruptible(property, options.interrupted), session.parameters);
  return session.result(details, options.interrupted?.() === true);
}

/** One gate run: judges scripts, counts per property, and remembers what shrinking aims at. */
class GateSession {
  readonly arbitrary: fc.Arbitrary<Script>;
  readonly parameters: fc.Parameters<[Script]>;
  private readonly properties: readonly PropertyName[];
  private readonly coverage = new Coverage();
  private readonly judged = new Map<PropertyName, number>();
  private failedOnFirst: ReadonlySet<PropertyName> = new Set();
  private target: Target | null = null;
  private scripts = 0;

  constructor(private readonly options: GateOptions) {
    this.properties = options.properties ?? PROPERTY_NAMES;
    this.arbitrary = scriptArbitrary(options.size ?? DEFAULT_SIZE);
    this.parameters = { seed: options.seed, numRuns: options.runs, interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false };
  }

  /** fast-check's predicate: true when the script keeps what is being looked for. */
  judge(script: Script): boolean {
    if (this.target !== null) return !fails(this.judgeOnly(script, this.target), this.target); // shrinking
    const judgement = judge(script, this.properties, this.options.variant);
    this.scripts++;
    for (const property of judgement.outcomes.keys()) this.judged.set(property, (this.judged.get(property) ?? 0) + 1);
    if (judgement.run) this.coverage.record(judgement.run, script);
    this.options.onRun?.();
    this.target = firstFailure(judgement);
    if (this.target === null) return true;
    this.failedOnFirst = new Set(this.properties.filter((p) => fails(judgement, p)));
    this.options.onFailure?.(this.target);
    return false;
  }

  /** While shrinking only the target is judged (a crash: the script is only run). */
  private judgeOnly(script: Script, target: Target): Judgement {
    return judge(script, target === 'crash' ? this.properties : [target], this.options.variant);
  }

  result(details: fc.RunDetails<[Script]>, interrupted: boolean): GateResult {
    const common = { seed: this.options.seed, faults: (this.options.size ?? DEFAULT_SIZE).faults, bug: this.options.bug ?? null, runs: this.scripts, coverage: this.coverage, interrupted };
    const properties = this.properties.map((property) => ({
      property,
      status: this.failedOnFirst.has(property) ? ('failed' as const) : interrupted ? ('interrupted' as const) : ('passed' as const),
      runs: this.judged.get(property) ?? 0,
    }));
    if (!details.failed || details.counterexample === null || this.target === null) {
      // fast-check reports a failure it did not get from the predicate (an exception in the gate itself): that is a bug, and stays one.
      if (details.failed) throw details.errorInstance ?? new Error('the gate failed without a counterexample');
      return { ...common, properties, counterexample: null };
    }
    const target = this.target;
    const script = details.counterexample[0];
    const judgement = this.judgeOnly(script, target);
    const failure = failureOf(judgement, target);
    if (failure === null) throw new Error(`${target}: the shrunk counterexample passed when run again (non-determinism)`);
    const token: ReplayToken = { target, seed: details.seed, path: details.counterexamplePath ?? '', bug: this.options.bug ?? null, size: this.options.size ?? DEFAULT_SIZE };
    const counterexample: Counterexample = {
      kind: failure.kind,
      target,
      script,
      message: failure.message,
      judgement,
      replay: encodeReplay(token),
      runsToFailure: this.scripts,
      shrinks: details.numShrinks,
    };
    return { ...common, properties, counterexample };
  }
}

/** What a judgement says about its target: the property's failure, or the crash; null when it holds. */
export function failureOf(judgement: Judgement, target: Target): Failure | Crash | null {
  if (target === 'crash') return judgement.crash;
  const outcome = judgement.outcomes.get(target);
  return outcome === undefined || outcome.kind === 'kept' ? null : outcome;
}

/** Replays a counterexample from its token: the same script, judged by what failed. */
export function replayCounterexample(token: ReplayToken, variant: ProtocolVariant = {}): { script: Script; judgement: Judgement } {
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
  const judgement = judge(found, token.target === 'crash' ? PROPERTY_NAMES : [token.target], variant);
  return { script: found, judgement };
}
