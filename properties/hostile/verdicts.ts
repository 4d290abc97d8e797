import { DiskSimFormatError } from '../../src/devices/disksim/parse.js';
import { HddConfigError } from '../../src/devices/hdd/params-check.js';
import { TraceParseError } from '../../src/host/traces/trace-error.js';
import { WorkloadSpecError } from '../../src/host/resolve.js';
import { ScenarioError, type ScenarioProblem } from '../../src/scenario/errors.js';
import { parseScenario, type Scenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';
import { decodeInput } from '../../src/scenario/yaml-input.js';

/** What the loader made of one input: a scenario, or a refusal. Anything else it throws is a bug, and propagates. */
export type Verdict = { readonly kind: 'accepted'; readonly scenario: Scenario } | { readonly kind: 'refused'; readonly error: ScenarioError };

/** As `loadScenario` does after reading the file. */
export function loadBytes(bytes: Uint8Array, file: string): Verdict {
  try {
    return { kind: 'accepted', scenario: parseScenario(decodeInput(bytes, file), file) };
  } catch (error) {
    if (error instanceof ScenarioError) return { kind: 'refused', error };
    throw error;
  }
}

/** Words by which a message says what was expected or what is wrong with the value. */
const SAYS_WHAT =
  /not valid YAML|expected|must|needs?\b|\bno (file|drive|volume|pair|group|host|step|director|front-end)|unknown|cannot|only|at most|at least|exactly|used twice|listed twice|is already|differ|cycle|does not fit|duplicate|bound|limit|would|stuck|is not|not a regular file|larger than|longer than|too (many|much|deeply)|applies|after the end|is empty|shorter/i;
/** What a message written for people never contains: JavaScript's spellings, a stack, a validator's default. */
const LEAKS = /\bundefined\b|\[object |\bNaN\b|(?<!\.)\bInfinity\b|invalid input|\n\s+at |Error:|TypeError|RangeError/;
/** Problems about the file as a whole carry no path inside the document. */
const WHOLE_FILE = /^(cannot read the file|the file |the text |aliases |the document is empty|the run )/;

/** Why a refusal would not help its reader (null when it would): it must name the file, a place, and what was expected. */
export function unclearRefusal(error: ScenarioError, file: string): string | null {
  if (error.file !== file) return `names ${error.file}, not ${file}`;
  if (error.problems.length === 0) return 'lists no problem';
  for (const line of error.message.split('\n')) if (!line.startsWith(file) && !line.startsWith('… and ')) return `a line does not name the file: ${line}`;
  for (const problem of error.problems) {
    const why = unclearProblem(problem);
    if (why) return `${why}: ${JSON.stringify(problem)}`;
  }
  return null;
}

function unclearProblem(p: ScenarioProblem): string | null {
  if (p.message.trim() === '') return 'an empty message';
  if (p.message.length > 3000) return 'a message longer than 3000 characters';
  // Quoted text is the file's own; outside quotes, no JavaScript spelling may leak.
  if (LEAKS.test(p.message.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return 'a message that leaks internals';
  if (!SAYS_WHAT.test(p.message)) return 'a message that does not say what was expected';
  if (p.path === '' && p.line === undefined && !WHOLE_FILE.test(p.message)) return 'no path and no line';
  return null;
}

/** Errors about a run's input (a malformed trace it names, say): the loader must have refused such a scenario. */
function isInputError(error: unknown): boolean {
  return [DiskSimFormatError, TraceParseError, WorkloadSpecError, HddConfigError].some((type) => error instanceof type);
}

/**
 * Runs an accepted scenario for `durationNs` of simulated time; returns why
 * that failed, or null. Only the bounds enforced while a run goes (a
 * `ScenarioError`: stuck, or over its events) may stop it: what a run would
 * refuse as bad input, `validate` must have refused.
 */
export function runBriefly(scenario: Scenario, durationNs: number): string | null {
  const doc = { ...scenario.doc, duration: durationNs, metrics: { ...scenario.doc.metrics, warmup: 0, interval: Math.min(scenario.doc.metrics.interval, durationNs) } };
  try {
    const { result } = runScenario({ ...scenario, doc });
    return result.simulatedNs === durationNs && result.complete ? null : `ended at ${result.simulatedNs} ns, complete: ${result.complete}`;
  } catch (error) {
    if (error instanceof ScenarioError) return null;
    if (isInputError(error)) return `the loader accepted what the run refuses: ${(error as Error).message}`;
    return `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  }
}
