import { checkHistory } from '../check/check-history.js';
import type { Guarantee, PhaseRef, Verdict } from '../check/verdict.js';
import { livenessBoundNs, runScript, type Convergence, type ScriptRun } from './run-script.js';
import type { Script } from './script.js';
import type { ProtocolVariant } from './variant.js';

/** The named properties of the gate: one per guarantee of DESIGN.md §1, plus determinism. */
export const PROPERTY_NAMES = [
  'snapshot-consistency',
  'split-isolation',
  'mirror-convergence',
  'no-lost-writes',
  'incremental-equals-full',
  'progress',
  'rejected-commands-change-nothing',
  'same-seed-same-trace',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** How one script fared against one property: kept, a safety violation, or a run that did not converge. */
export type Outcome =
  | { readonly kind: 'kept'; readonly run: ScriptRun }
  | { readonly kind: 'safety'; readonly run: ScriptRun; readonly verdicts: readonly Verdict[]; readonly message: string }
  | { readonly kind: 'liveness'; readonly run: ScriptRun; readonly message: string };

/**
 * Runs a script and judges it against one property. Every run has a safety
 * phase (the script's actions) and a liveness phase (no more load; every
 * copy must finish within a bound derived from the work left); a run that
 * does not converge fails any property as a liveness failure.
 */
export function evaluate(script: Script, property: PropertyName, variant: ProtocolVariant = {}): Outcome {
  const run = runScript(script, variant);
  if (property === 'same-seed-same-trace') {
    const again = runScript(script, variant);
    if (again.traceHash !== run.traceHash) {
      return { kind: 'safety', run, verdicts: [], message: `same-seed-same-trace: the same script gave trace hashes ${run.traceHash} and ${again.traceHash}` };
    }
    return convergenceOutcome(run);
  }
  const guarantee: Guarantee = property;
  const { verdicts } = checkHistory(run.history, {
    only: [guarantee],
    maxVerdictsPerGuarantee: 3,
    // A phase may take until the load stops plus the time the copy left then needs.
    progress: { phaseBoundNs: (phase: PhaseRef) => Math.max(0, run.loadEndNs - phase.startNs) + livenessBoundNs(script) },
  });
  const overruns = verdicts.filter((v) => v.guarantee === 'progress' && v.reason === 'overran');
  const safety = verdicts.filter((v) => !overruns.includes(v));
  if (safety.length > 0) return { kind: 'safety', run, verdicts: safety, message: safety.map((v) => v.message).join('\n') };
  if (overruns.length > 0) return { kind: 'liveness', run, message: overruns.map((v) => v.message).join('\n') };
  return convergenceOutcome(run);
}

function convergenceOutcome(run: ScriptRun): Outcome {
  if (run.convergence.ok) return { kind: 'kept', run };
  return { kind: 'liveness', run, message: describeNonConvergence(run.convergence) };
}

function describeNonConvergence(c: Exclude<Convergence, { ok: true }>): string {
  const what =
    c.reason === 'livelock'
      ? 'the simulation exhausted its event budget (livelock)'
      : c.reason === 'copy-stalled'
        ? 'nothing was left to do but a copy phase was still open (stalled)'
        : 'copies were still running at the liveness bound';
  return `liveness: once the load stopped, ${what} at ${(c.atNs / 1e6).toFixed(3)} ms; still copying: ${c.copying.join(', ') || 'none (destage or I/O still pending)'}`;
}
