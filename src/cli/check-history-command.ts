import type { History } from '../array/history.js';
import { checkHistory, type CheckResult } from '../check/check-history.js';
import { HistoryReader } from '../check/history-reader.js';
import { GUARANTEES, isLiveness, type Guarantee } from '../check/verdict.js';
import { parseDurationNs } from '../engine/time.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { fileLines } from './line-reader.js';

export interface CheckHistoryCommandOptions {
  /** Guarantees to judge, comma-separated (default: all). */
  readonly only?: string;
  readonly json?: boolean;
  /** Bounds used when the header declares none. */
  readonly ioBound?: string;
  readonly copyBound?: string;
}

/** A history file judged: how it ended, for the exit code and the output. */
type Outcome = 'held' | 'safety' | 'liveness';

/**
 * `mirrorsim check-history FILE`: reads a recorded history (JSON lines,
 * `mirrorsim.history/1` or `/2`, from mirrorsim or another system) as a
 * stream, judges it against the guarantees, prints the verdicts. Exit 0:
 * every guarantee judged held; 1: a safety violation; 3: only liveness ones
 * (an I/O or a copy that did not end in time); 2: bad input.
 */
export async function checkHistoryCommand(file: string, options: CheckHistoryCommandOptions): Promise<number> {
  const only = parseOnly(options.only);
  const ioBoundNs = parseBound('--io-bound', options.ioBound);
  const copyBoundNs = parseBound('--copy-bound', options.copyBound);
  const reader = new HistoryReader(file);
  for await (const line of fileLines(file)) reader.line(line);
  const history = reader.finish();
  // The header's own bounds win: they are the run's.
  history.bounds = { ...(ioBoundNs === undefined ? {} : { ioBoundNs }), ...(copyBoundNs === undefined ? {} : { copyBoundNs }), ...history.bounds };
  const result = checkHistory(history, { only });
  const outcome = outcomeOf(result);
  if (options.json) process.stdout.write(`${JSON.stringify(jsonOf(file, reader.format, history, only, result, outcome), null, 1)}\n`);
  else process.stdout.write(`${formatResult(file, reader.format, history, only, result)}\n`);
  return outcome === 'safety' ? EXIT.failure : outcome === 'liveness' ? EXIT.liveness : EXIT.ok;
}

function outcomeOf(result: CheckResult): Outcome {
  if (result.verdicts.some((v) => !isLiveness(v))) return 'safety';
  return result.verdicts.length > 0 ? 'liveness' : 'held';
}

function parseOnly(text: string | undefined): Guarantee[] {
  if (text === undefined) return [...GUARANTEES];
  const names = text.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  for (const name of names) {
    if (!GUARANTEES.includes(name as Guarantee)) throw new UsageError(`--only: no guarantee named "${name}"; guarantees: ${GUARANTEES.join(', ')}`);
  }
  if (names.length === 0) throw new UsageError(`--only expects guarantees separated by commas: ${GUARANTEES.join(', ')}`);
  return names as Guarantee[];
}

function parseBound(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ns = parseDurationNs(text);
  if (ns === undefined || ns <= 0) throw new UsageError(`${option} expects a duration such as 500ms or 5s, got "${text}"`);
  return ns;
}

function formatResult(file: string, format: string, history: History, only: readonly Guarantee[], result: CheckResult): string {
  const { stats } = result;
  const lines = [`mirrorsim check-history ${file} — ${format}: ${history.opCountTotal} host I/Os, ${history.commands.length} commands, ${history.faults.length} faults, ${history.physicalCount} physical writes`];
  for (const guarantee of only) {
    const count = stats.violations[guarantee];
    const skipped = stats.skipped.filter((s) => s.guarantee === guarantee);
    const entirely = skipped.some((s) => s.entirely);
    const mark = count > 0 ? '✗' : entirely ? '–' : '✓';
    const held = count > 0 ? `${count} violation${count === 1 ? '' : 's'}` : entirely ? 'not judged' : 'held';
    const notJudged = skipped.length === 0 ? '' : `${entirely ? ': ' : ' (not judged: '}${skipped.map((s) => s.reason).join('; ')}${entirely ? '' : ')'}`;
    lines.push(`  ${mark} ${guarantee.padEnd(34)} ${held}${notJudged}`);
  }
  for (const guarantee of only) {
    const verdicts = result.verdicts.filter((v) => v.guarantee === guarantee);
    if (verdicts.length === 0) continue;
    const kind = verdicts.every(isLiveness) ? 'DID NOT END IN TIME (liveness)' : 'SAFETY VIOLATION';
    const more = stats.violations[guarantee] - verdicts.length;
    lines.push('', `✗ ${guarantee}: ${kind}`, ...verdicts.map((v) => `  ${v.message}`), ...(more > 0 ? [`  … and ${more} more`] : []));
  }
  return lines.join('\n');
}

function jsonOf(file: string, format: string, history: History, only: readonly Guarantee[], result: CheckResult, outcome: Outcome): unknown {
  const { stats } = result;
  return {
    format: 'mirrorsim.check-history/1',
    file,
    historyFormat: format,
    outcome,
    bounds: history.bounds,
    guarantees: only.map((guarantee) => ({
      guarantee,
      status: stats.violations[guarantee] > 0 ? 'violated' : stats.skipped.some((s) => s.guarantee === guarantee && s.entirely) ? 'not-judged' : 'held',
      violations: stats.violations[guarantee],
      notJudged: stats.skipped.filter((s) => s.guarantee === guarantee).map((s) => s.reason),
    })),
    verdicts: result.verdicts,
    stats,
  };
}
