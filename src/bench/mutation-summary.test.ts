import { describe, expect, it } from 'vitest';
import { GATE_EXIT_LINE, MutationReportError, mutationMarkdown, parseStrykerReport, summarizeMutation } from './mutation-summary.js';

/** A small report in the shape Stryker writes (mutation-testing-report-schema 1.0). */
const source = ['export function f(a: number, b: number): number {', '  if (a > b) return a | b;', '  return b;', '}', ''].join('\n');
const at = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
const mutant = (id: string, status: string, mutatorName: string, location: ReturnType<typeof at>, replacement?: string, statusReason?: string) => ({ id, status, mutatorName, location, replacement, statusReason });
/** What the mutation-check command prints when the gate fails with `exit`. */
const gateOutput = (exit: number) => `mirrorsim check — seed 1\n  ✗ progress   3 runs\n… ${GATE_EXIT_LINE}0 is in this message, the last line counts\n${GATE_EXIT_LINE}${exit}\n`;

const report = {
  schemaVersion: '1.0',
  thresholds: { high: 80, low: 60 },
  framework: { name: 'StrykerJS', version: '9.6.1' },
  config: { concurrency: 2, testRunner: 'command' },
  files: {
    'src/b.ts': { language: 'typescript', source: 'export const b = 1;\n', mutants: [mutant('9', 'Killed', 'ArithmeticOperator', at(1, 18, 1, 19), '0', gateOutput(3))] },
    'src/a.ts': {
      language: 'typescript',
      source,
      mutants: [
        mutant('1', 'Killed', 'ConditionalExpression', at(2, 7, 2, 12), 'true', gateOutput(1)),
        mutant('10', 'Killed', 'ConditionalExpression', at(2, 7, 2, 12), 'false', 'FATAL ERROR: Reached heap limit'),
        mutant('12', 'Killed', 'ConditionalExpression', at(2, 7, 2, 12), 'false', `mirrorsim check — seed 1\n${GATE_EXIT_LINE}SIGXCPU\n`),
        mutant('11', 'Killed', 'EqualityOperator', at(2, 7, 2, 12), 'a <= b', gateOutput(3)),
        mutant('2', 'Timeout', 'EqualityOperator', at(2, 7, 2, 12), 'a >= b'),
        mutant('3', 'Survived', 'EqualityOperator', at(2, 7, 2, 12), 'a < b'),
        mutant('4', 'Survived', 'BlockStatement', at(1, 49, 4, 2), '{}'),
        mutant('5', 'RuntimeError', 'BitwiseOperator', at(2, 21, 2, 26), 'a & b'),
        mutant('6', 'NoCoverage', 'ConditionalExpression', at(2, 7, 2, 12), 'false'),
        mutant('7', 'Survived', 'BitwiseOperator', at(2, 21, 2, 26), 'a & `b`'),
        mutant('8', 'Ignored', 'StringLiteral', at(2, 7, 2, 12), '""', 'Ignored because of excluded mutation "StringLiteral"'),
        mutant('13', 'Ignored', 'ConditionalExpression', at(2, 7, 2, 12), 'false', "an invariant's assertion: disabled it changes nothing"),
        mutant('14', 'Ignored', 'EqualityOperator', at(2, 7, 2, 12), 'a >= b', 'equivalent — a and b are never equal here'),
      ],
    },
  },
};

const gate = 'mirrorsim check --runs 300 --seed 1';

describe('mutation summary', () => {
  const summary = summarizeMutation(parseStrykerReport(report, 'mutation.json'), gate);

  it('counts each status per file, and scores killed + timed out over the mutants judged', () => {
    expect(summary.files.map((f) => f.file)).toEqual(['src/a.ts', 'src/b.ts']);
    // a.ts: judged = killed 4 + timeout 1 + survived 3 + no coverage 1 = 8; the error and the ignored ones are left out.
    const killedBy = { 1: 1, 3: 1, none: 1, SIGXCPU: 1 };
    expect(summary.files[0]).toEqual({ file: 'src/a.ts', mutants: 10, killed: 4, timeout: 1, survived: 3, noCoverage: 1, error: 1, ignored: 3, killedBy, score: 55.56 });
    expect(summary.files[1]).toMatchObject({ mutants: 1, killed: 1, survived: 0, killedBy: { 3: 1 }, score: 100 });
    expect(summary.total).toEqual({ mutants: 11, killed: 5, timeout: 1, survived: 3, noCoverage: 1, error: 1, ignored: 3, killedBy: { 1: 1, 3: 2, none: 1, SIGXCPU: 1 }, score: 60 });
    // The mutant a comment marks equivalent, counted as a survivor: 6 of 11.
    expect(summary.equivalent).toEqual({ count: 1, scoreWithThem: 54.55 });
    expect(summary).toMatchObject({ gate, stryker: 'StrykerJS 9.6.1', concurrency: 2 });
  });

  it('lists every survivor in source order with the code it replaced', () => {
    expect(summary.survivors).toEqual([
      { id: '4', file: 'src/a.ts', line: 1, column: 49, mutator: 'BlockStatement', original: '{ if (a > b) return a | b; return b; }', replacement: '{}' },
      { id: '3', file: 'src/a.ts', line: 2, column: 7, mutator: 'EqualityOperator', original: 'a > b', replacement: 'a < b' },
      { id: '7', file: 'src/a.ts', line: 2, column: 21, mutator: 'BitwiseOperator', original: 'a | b', replacement: 'a & `b`' },
    ]);
  });

  it('lists the mutants an ignorer left out, with its reason, and not those of excluded mutators', () => {
    expect(summary.leftOut).toEqual([
      { id: '13', file: 'src/a.ts', line: 2, column: 7, mutator: 'ConditionalExpression', original: 'a > b', replacement: 'false', reason: "an invariant's assertion: disabled it changes nothing" },
      { id: '14', file: 'src/a.ts', line: 2, column: 7, mutator: 'EqualityOperator', original: 'a > b', replacement: 'a >= b', reason: 'equivalent — a and b are never equal here' },
    ]);
  });

  it('cuts a long snippet to one short line', () => {
    const long = { ...report, files: { 'src/c.ts': { source: `x(${'1, '.repeat(100)}1);\n`, mutants: [mutant('1', 'Survived', 'ArrayDeclaration', at(1, 1, 1, 306), '[]')] } } };
    const [survivor] = summarizeMutation(parseStrykerReport(long, 'mutation.json'), gate).survivors;
    expect(survivor!.original).toHaveLength(120);
    expect(survivor!.original.endsWith('…')).toBe(true);
  });

  it('writes the counts and the survivors grouped by file as Markdown tables', () => {
    const markdown = mutationMarkdown(summary, { date: '2026-12-06', wallSeconds: 3600 });
    expect(markdown).toContain('Gate: `mirrorsim check --runs 300 --seed 1`');
    expect(markdown).toContain('Measured 2026-12-06 with StrykerJS 9.6.1, 2 at a time, 60 min wall time.');
    expect(markdown).toContain("Killed, by the gate's exit code: 1: 1 · 3: 2 · none: 1 · SIGXCPU: 1 (");
    expect(markdown).toContain(
      "Not run: 3 (1 of excluded mutators; 2 left out with their reasons, listed at the end: 1 out of the gate's reach, 1 equivalent mutants marked in the code).\nCounting the 1 equivalent mutants as survivors, the score would be 54.5 %.",
    );
    expect(markdown).toContain("## Left out of the score (2)");
    expect(markdown).toContain("| `src/a.ts` | 2 | ConditionalExpression | `a > b` | `false` | an invariant's assertion: disabled it changes nothing |");
    expect(markdown).toContain('| `src/a.ts` | 10 | 4 | 1 | 3 | 1 | 1 | 55.6 % |');
    expect(markdown).toContain('| **total** | 11 | 5 | 1 | 3 | 1 | 1 | 60.0 % |');
    expect(markdown).toContain('## Survivors (3)');
    // Only files with survivors get a section; a pipe is escaped and a backtick fenced by two.
    expect(markdown).not.toContain('### `src/b.ts`');
    expect(markdown).toContain('### `src/a.ts` (3)\n\n| line | mutator | original | replacement | id |\n| ---: | --- | --- | --- | --- |\n| 1 | BlockStatement |');
    expect(markdown).toContain('| 2 | BitwiseOperator | `a \\| b` | `` a & `b` `` | 7 |');
  });

  it('refuses a file that is not a Stryker report, saying where', () => {
    expect(() => parseStrykerReport({ files: { 'src/a.ts': { source, mutants: [{ id: '1' }] } } }, 'x.json')).toThrow(MutationReportError);
    expect(() => parseStrykerReport({ files: { 'src/a.ts': { source, mutants: [{ id: '1' }] } } }, 'x.json')).toThrow(/^x\.json: not a Stryker JSON report: at files\.src\/a\.ts\.mutants\.0\.mutatorName: /);
    expect(() => parseStrykerReport([], 'x.json')).toThrow(/at \(top level\)/);
  });
});
