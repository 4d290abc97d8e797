import { checkHistory } from '../check/check-history.js';
import { isLiveness, type Guarantee, type Verdict } from '../check/verdict.js';
import { runScript, type Convergence, type ScriptRun } from './run-script.js';
import type { Script } from './script.js';
import type { ProtocolVariant } from './variant.js';

/** The named properties of the gate: one per guarantee of DESIGN.md §1 (1-11), plus determinism. */
export const PROPERTY_NAMES = [
  'snapshot-consistency',
  'split-isolation',
  'mirror-convergence',
  'no-lost-writes',
  'incremental-equals-full',
  'progress',
  'rejected-commands-change-nothing',
  'availability',
  'every-io-ends',
  'reads-atomic',
  'restored-indicator',
  'same-seed-same-trace',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** How one script fared against one property: kept, a safety violation, or a run that did not converge. */
export type Outcome =
  | { readonly kind: 'kept' }
  | { readonly kind: 'safety'; readonly verdicts: readonly Verdict[]; readonly message: string }
  | { readonly kind: 'liveness'; readonly message: string };

export type Failure = Exclude<Outcome, { kind: 'kept' }>;

/** An exception thrown inside the simulated world (or the checkers): the third outcome, beside safety and liveness. */
export interface Crash {
  readonly kind: 'crash';
  /** Where it was thrown: running the script, or judging its history. */
  readonly during: 'simulation' | 'checking';
  readonly error: string;
  readonly stack: string;
  readonly message: string;
}

/** A script run once and judged by every property asked for. */
export interface Judgement {
  /** Null when the simulation crashed. */
  readonly run: ScriptRun | null;
  /** Each property judged, and how the script fared against it (empty after a crash in the simulation). */
  readonly outcomes: ReadonlyMap<PropertyName, Outcome>;
  readonly crash: Crash | null;
}

/** The property (or crash) that decides a judgement: a crash first, else the first property, in the list's order, that failed. */
export type Target = PropertyName | 'crash';

export function firstFailure(judgement: Judgement): Target | null {
  if (judgement.crash) return 'crash';
  for (const property of PROPERTY_NAMES) {
    const outcome = judgement.outcomes.get(property);
    if (outcome && outcome.kind !== 'kept') return property;
  }
  return null;
}

/** Whether the judgement fails `target`. */
export function fails(judgement: Judgement, target: Target): boolean {
  if (target === 'crash') return judgement.crash !== null;
  const outcome = judgement.outcomes.get(target);
  return outcome !== undefined && outcome.kind !== 'kept';
}

/**
 * Runs a script once and judges its history by every property in
 * `properties`. Every run has a safety phase (the script's actions) and a
 * liveness phase (no more load; every copy must finish within a bound
 * derived from the work left): a run that does not converge fails `progress`
 * as a liveness failure, and an I/O that does not end in time fails
 * `every-io-ends`. `same-seed-same-trace` runs the script a second
 * time. An exception thrown while running or judging is caught: a crash.
 */
export function judge(script: Script, properties: readonly PropertyName[], variant: ProtocolVariant = {}): Judgement {
  let run: ScriptRun;
  try {
    run = runScript(script, variant);
  } catch (error) {
    return { run: null, outcomes: new Map(), crash: crashOf(error, 'simulation') };
  }
  try {
    const outcomes = judgeRun(script, run, properties, variant);
    const failed = [...outcomes.values()].some((o) => o.kind !== 'kept');
    return { run, outcomes, crash: run.recordsDisagree && !failed ? crashOf(run.recordsDisagree, 'simulation') : null };
  } catch (error) {
    // The second run of `same-seed-same-trace` simulates again: a throw there is the simulation's.
    const during = error instanceof SecondRunError ? 'simulation' : 'checking';
    return { run, outcomes: new Map(), crash: crashOf(error instanceof SecondRunError ? error.cause : error, during) };
  }
}

/** One script against one property (the regression corpus and replays use it). */
export function evaluate(script: Script, property: PropertyName, variant: ProtocolVariant = {}): Judgement {
  return judge(script, [property], variant);
}

class SecondRunError extends Error {}

function judgeRun(script: Script, run: ScriptRun, properties: readonly PropertyName[], variant: ProtocolVariant): Map<PropertyName, Outcome> {
  const outcomes = new Map<PropertyName, Outcome>();
  const guarantees = properties.filter((p): p is Guarantee & PropertyName => p !== 'same-seed-same-trace');
  // The run's bounds (the load's end, the copy and I/O bounds of the liveness phase) are in the history itself.
  const verdicts = guarantees.length === 0 ? [] : checkHistory(run.history, { only: guarantees, maxVerdictsPerGuarantee: 3 }).verdicts;
  for (const property of guarantees) {
    const own = verdicts.filter((v) => v.guarantee === property);
    const late = own.filter(isLiveness);
    const safety = own.filter((v) => !isLiveness(v));
    if (safety.length > 0) outcomes.set(property, { kind: 'safety', verdicts: safety, message: safety.map((v) => v.message).join('\n') });
    else if (late.length > 0) outcomes.set(property, { kind: 'liveness', message: late.map((v) => v.message).join('\n') });
    else if (property === 'progress' && !run.convergence.ok) outcomes.set(property, { kind: 'liveness', message: describeNonConvergence(run.convergence) });
    else outcomes.set(property, { kind: 'kept' });
  }
  if (properties.includes('same-seed-same-trace')) outcomes.set('same-seed-same-trace', determinism(script, run, variant));
  return outcomes;
}

function determinism(script: Script, run: ScriptRun, variant: ProtocolVariant): Outcome {
  let again: ScriptRun;
  try {
    again = runScript(script, variant);
  } catch (error) {
    throw new SecondRunError('the second run threw', { cause: error });
  }
  if (again.traceHash === run.traceHash) return { kind: 'kept' };
  return { kind: 'safety', verdicts: [], message: `same-seed-same-trace: the same script gave trace hashes ${run.traceHash} and ${again.traceHash}` };
}

function crashOf(error: unknown, during: Crash['during']): Crash {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = error instanceof Error && error.stack ? error.stack : text;
  return { kind: 'crash', during, error: text, stack, message: `crash: an exception was thrown while ${during === 'simulation' ? 'running the script' : 'judging its history'}: ${text}` };
}

function describeNonConvergence(c: Exclude<Convergence, { ok: true }>): string {
  const what =
    c.reason === 'livelock'
      ? 'the simulation exhausted its event budget (livelock)'
      : c.reason === 'copy-stalled'
        ? 'nothing was left to do but a copy phase was still open (stalled)'
        : c.reason === 'split-not-settled'
          ? 'nothing was left to do but a split had not settled (stalled)'
          : 'copies were still running at the liveness bound';
  const still = c.reason === 'split-not-settled' ? 'still settling' : 'still copying';
  return `liveness: once the load stopped, ${what} at ${(c.atNs / 1e6).toFixed(3)} ms; ${still}: ${c.copying.join(', ') || 'none (destage or I/O still pending)'}`;
}
