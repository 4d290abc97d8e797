import * as z from 'zod';

/**
 * The summary of a mutation run of the gate (`npm run bench:mutation`): how
 * many mutants of each file the gate killed, and every one it let survive,
 * from Stryker's JSON report (the mutation-testing-report-schema). Pure: the
 * caller reads the report and writes the summary.
 */

const position = z.object({ line: z.number().int().min(1), column: z.number().int().min(1) });

const STATUSES = ['Killed', 'Survived', 'Timeout', 'NoCoverage', 'RuntimeError', 'CompileError', 'Ignored', 'Pending'] as const;
type Status = (typeof STATUSES)[number];

/** The part of Stryker's report the summary reads; the rest is ignored. */
const strykerReport = z.object({
  files: z.record(
    z.string(),
    z.object({
      source: z.string(),
      mutants: z.array(
        z.object({
          id: z.string(),
          mutatorName: z.string(),
          replacement: z.string().optional(),
          location: z.object({ start: position, end: position }),
          status: z.enum(STATUSES),
          /** For a killed mutant, the output of the command that killed it. */
          statusReason: z.string().optional(),
        }),
      ),
    }),
  ),
  framework: z.object({ name: z.string(), version: z.string() }).optional(),
  config: z.object({ concurrency: z.union([z.number(), z.string()]).optional() }).optional(),
});

export type StrykerReport = z.infer<typeof strykerReport>;

/** A report that is not one Stryker wrote: says where and what was expected. */
export class MutationReportError extends Error {
  override readonly name = 'MutationReportError';
}

/** Validates a parsed JSON report; `file` names it in the error. */
export function parseStrykerReport(json: unknown, file: string): StrykerReport {
  const parsed = strykerReport.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.') || '(top level)';
  throw new MutationReportError(`${file}: not a Stryker JSON report: at ${path}: ${issue.message}`);
}

/**
 * The line src/cli/mutation-check.ts ends its output with, which Stryker keeps
 * as a killed mutant's `statusReason`: how the gate failed on it.
 */
export const GATE_EXIT_LINE = 'mutation-check: gate exit ';

export interface MutantCounts {
  /** Every mutant but the ignored ones (excluded mutators). */
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly timeout: number;
  readonly noCoverage: number;
  /** Runtime and compile errors: mutants the gate could not judge (left out of the score, as Stryker does). */
  readonly error: number;
  readonly ignored: number;
  /**
   * Killed mutants by the gate's exit code (`mirrorsim check`: 1 safety or internal error, 3 liveness...)
   * or the signal that ended it (SIGXCPU: over its CPU-time limit; SIGABRT: out of memory);
   * `none` when the command printed neither.
   */
  readonly killedBy: Readonly<Record<string, number>>;
  /** Killed or timed out, in per cent of the mutants judged (Stryker's mutation score); null when none was. */
  readonly score: number | null;
}

export interface FileCounts extends MutantCounts {
  readonly file: string;
}

export interface Survivor {
  /** Stryker's id: `__STRYKER_ACTIVE_MUTANT__` in a sandbox instrumented from the same files and `mutate` list. */
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
}

/**
 * A mutant left out of the score, with its reason: by the ignorer (stryker-plugins/outside-the-gate.mjs, out
 * of the gate's reach by construction) or by a `// Stryker disable` comment in the code, whose reason starts
 * with "equivalent" for a mutant that cannot change behaviour, or "outside the gate" for code the gate never runs.
 */
export interface LeftOut extends Survivor {
  readonly reason: string;
}

/** Stryker's reason for a mutant of an excluded mutator (`mutator.excludedMutations`): counted, not listed. */
const EXCLUDED_MUTATOR = 'Ignored because of excluded mutation';

export interface MutationSummary {
  /** The gate each mutant ran, e.g. `mirrorsim check --runs 300 --seed 1`. */
  readonly gate: string;
  readonly stryker: string | null;
  /** Mutants run at once (Stryker's `concurrency`): the wall time depends on it. */
  readonly concurrency: number | string | null;
  readonly total: MutantCounts;
  readonly files: readonly FileCounts[];
  readonly survivors: readonly Survivor[];
  /** Mutants an ignorer left out of the score, with the reason (not those of excluded mutators). */
  readonly leftOut: readonly LeftOut[];
  /** Of `leftOut`, the equivalent mutants a comment in the code marks, and the score counting them as survivors. */
  readonly equivalent: { readonly count: number; readonly scoreWithThem: number | null };
}

/** How a `// Stryker disable` comment's reason marks an equivalent mutant. */
export const EQUIVALENT_REASON = /^equivalent\b/;

/** Longest snippet kept (a removed block can span a whole function). */
const SNIPPET_CHARS = 120;

export function summarizeMutation(report: StrykerReport, gate: string): MutationSummary {
  const names = Object.keys(report.files).sort();
  const files = names.map((file) => ({ file, ...countMutants(report.files[file]!.mutants) }));
  const all = names.flatMap((file) => report.files[file]!.mutants);
  const listed = (keep: (m: ReportMutant) => boolean) =>
    names.flatMap((file) => {
      const { source, mutants } = report.files[file]!;
      const lines = source.split('\n');
      return mutants
        .filter(keep)
        .map((m) => ({
          id: m.id,
          file,
          line: m.location.start.line,
          column: m.location.start.column,
          mutator: m.mutatorName,
          original: snippet(textAt(lines, m.location.start, m.location.end)),
          replacement: snippet(m.replacement ?? ''),
          reason: m.statusReason ?? '',
        }))
        .sort((a, b) => a.line - b.line || a.column - b.column || a.mutator.localeCompare(b.mutator));
    });
  const survivors = listed((m) => m.status === 'Survived').map(({ reason: _reason, ...survivor }) => survivor);
  const leftOut = listed((m) => m.status === 'Ignored' && !(m.statusReason ?? '').startsWith(EXCLUDED_MUTATOR));
  const stryker = report.framework ? `${report.framework.name} ${report.framework.version}` : null;
  const total = countMutants(all);
  const count = leftOut.filter((m) => EQUIVALENT_REASON.test(m.reason)).length;
  const judged = total.killed + total.timeout + total.survived + total.noCoverage + count;
  const scoreWithThem = judged === 0 ? null : Math.round((10_000 * (total.killed + total.timeout)) / judged) / 100;
  return { gate, stryker, concurrency: report.config?.concurrency ?? null, total, files, survivors, leftOut, equivalent: { count, scoreWithThem } };
}

type ReportMutant = StrykerReport['files'][string]['mutants'][number];

function countMutants(mutants: readonly ReportMutant[]): MutantCounts {
  const n = (...wanted: Status[]) => mutants.filter((m) => wanted.includes(m.status)).length;
  const killed = n('Killed');
  const timeout = n('Timeout');
  const survived = n('Survived');
  const noCoverage = n('NoCoverage');
  const judged = killed + timeout + survived + noCoverage;
  const score = judged === 0 ? null : Math.round((10_000 * (killed + timeout)) / judged) / 100;
  const killedBy: Record<string, number> = {};
  for (const m of mutants.filter((m) => m.status === 'Killed')) {
    const exit = gateExit(m.statusReason ?? '');
    killedBy[exit] = (killedBy[exit] ?? 0) + 1;
  }
  const ignored = n('Ignored');
  return { mutants: mutants.length - ignored, killed, survived, timeout, noCoverage, error: n('RuntimeError', 'CompileError'), ignored, killedBy: sortedKeys(killedBy), score };
}

function gateExit(output: string): string {
  const at = output.lastIndexOf(GATE_EXIT_LINE);
  return at < 0 ? 'none' : (/^\S+/.exec(output.slice(at + GATE_EXIT_LINE.length))?.[0] ?? 'none');
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

/** The source between two report positions (lines and columns count from 1; the end column is exclusive). */
function textAt(lines: readonly string[], start: z.infer<typeof position>, end: z.infer<typeof position>): string {
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const first = (lines[start.line - 1] ?? '').slice(start.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  const last = (lines[end.line - 1] ?? '').slice(0, end.column - 1);
  return [first, ...middle, last].join('\n');
}

/** One line, spaces collapsed, cut to SNIPPET_CHARS. */
function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= SNIPPET_CHARS ? line : `${line.slice(0, SNIPPET_CHARS - 1)}…`;
}

const percent = (score: number | null) => (score === null ? '–' : `${score.toFixed(1)} %`);

/** When and how long: what the caller measured around the run. */
export interface MutationRun {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** Null when only the summary was made again from an earlier report. */
  readonly wallSeconds: number | null;
}

/** The summary as Markdown: a table per file, then the survivors grouped by file. */
export function mutationMarkdown(summary: MutationSummary, run: MutationRun): string {
  const { total } = summary;
  const killedBy = Object.entries(total.killedBy).map(([exit, count]) => `${exit}: ${count}`).join(' · ');
  const wall = run.wallSeconds === null ? '' : `, ${(run.wallSeconds / 60).toFixed(0)} min wall time`;
  const countRow = (name: string, c: MutantCounts) => [name, c.mutants, c.killed, c.timeout, c.survived, c.noCoverage, c.error, percent(c.score)];
  const out = [
    '# Mutation testing of the gate',
    '',
    `Gate: \`${summary.gate}\`. A mutant is killed when the gate exits non-zero, survives when it exits 0.`,
    `Measured ${run.date}${summary.stryker ? ` with ${summary.stryker}` : ''}${summary.concurrency === null ? '' : `, ${summary.concurrency} at a time`}${wall}.`,
    `Killed, by the gate's exit code: ${killedBy || '–'} (1 a safety violation, 3 a liveness failure, 4 a crash inside the simulated world, 5 a protocol path the scripts never took; SIGXCPU over the CPU-time limit, SIGABRT out of memory). Not run: ${total.ignored} (${total.ignored - summary.leftOut.length} of excluded mutators; ${summary.leftOut.length} left out with their reasons, listed at the end: ${summary.leftOut.length - summary.equivalent.count} out of the gate's reach, ${summary.equivalent.count} equivalent mutants marked in the code).`,
    `Counting the ${summary.equivalent.count} equivalent mutants as survivors, the score would be ${percent(summary.equivalent.scoreWithThem)}.`,
    '',
    markdownTable(
      ['file', 'mutants', 'killed', 'timeout', 'survived', 'no coverage', 'errors', 'score'],
      [...summary.files.map((f) => countRow(`\`${f.file}\``, f)), countRow('**total**', total)],
    ),
    '',
    `## Survivors (${summary.survivors.length})`,
  ];
  for (const file of summary.files.filter((f) => f.survived > 0)) {
    const rows = summary.survivors.filter((s) => s.file === file.file).map((s) => [s.line, s.mutator, code(s.original), code(s.replacement), s.id]);
    out.push('', `### \`${file.file}\` (${rows.length})`, '', markdownTable(['line', 'mutator', 'original', 'replacement', 'id'], rows));
  }
  if (summary.leftOut.length > 0) {
    const rows = summary.leftOut.map((m) => [`\`${m.file}\``, m.line, m.mutator, code(m.original), code(m.replacement), m.reason]);
    out.push('', `## Left out of the score (${rows.length})`, '', 'Out of the gate\'s reach by construction (stryker-plugins/outside-the-gate.mjs), or equivalent or outside the gate as a `// Stryker disable` comment in the code says.', '');
    out.push(markdownTable(['file', 'line', 'mutator', 'original', 'replacement', 'reason'], rows));
  }
  return `${out.join('\n')}\n`;
}

function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  const numeric = (cell: string | number | undefined) => typeof cell === 'number' || /^([\d.]+ %|–)$/.test(String(cell));
  const rule = header.map((_, c) => (rows.length > 0 && rows.every((row) => numeric(row[c])) ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/** A snippet as inline code in a table cell: pipes escaped, backticks fenced by a longer run. */
function code(text: string): string {
  if (text === '') return '(empty)';
  const escaped = text.replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...[...escaped.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = escaped.startsWith('`') || escaped.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${escaped}${pad}${fence}`;
}
