import { timelineExcerpt } from './excerpt.js';
import { failureOf, type Counterexample, type GateResult, type PropertyResult } from './gate.js';
import { formatScript } from './script.js';

/** The command that replays a counterexample. */
export function replayCommand(counterexample: Counterexample): string {
  return `npx mirrorsim check --replay ${counterexample.replay}`;
}

const HEADLINE: Readonly<Record<Counterexample['kind'], string>> = {
  safety: 'SAFETY VIOLATION',
  liveness: 'DID NOT CONVERGE (liveness)',
  crash: 'CRASH (an exception inside the simulated world)',
};

/** The gate's result for people: one line per property, then the counterexample in full. */
export function formatGate(result: GateResult): string {
  const lines: string[] = [];
  lines.push(`mirrorsim check — seed ${result.seed}, ${result.runs} scripts, each judged by every property${result.faults ? ' (faults mixed in)' : ''}${result.bug ? `, seeded bug ${result.bug}` : ''}`);
  const target = result.counterexample?.target;
  for (const p of result.properties) lines.push(`  ${statusMark(p)} ${p.property.padEnd(34)} ${p.runs} scripts${note(p, target, result.interrupted)}`);
  if (result.counterexample) lines.push('', ...formatCounterexample(result.counterexample));
  const missing = result.coverage.missing();
  if (missing.length > 0) lines.push('', `not exercised in these scripts: ${missing.join('; ')}`);
  return lines.join('\n');
}

function note(p: PropertyResult, target: string | undefined, interrupted: boolean): string {
  if (p.status === 'failed') return p.property === target ? '  (shrunk counterexample below)' : `  (failed on the same script before shrinking; shrinking followed ${target})`;
  return p.status === 'interrupted' && interrupted ? ' (interrupted)' : '';
}

export function formatCounterexample(c: Counterexample): string[] {
  const failure = failureOf(c.judgement, c.target);
  const first = failure?.kind === 'safety' ? failure.verdicts[0] : undefined;
  const excerpt = first && c.judgement.run ? timelineExcerpt(c.judgement.run.history, first) : [];
  const found = c.runsToFailure === 0 ? 'replayed' : `found after ${c.runsToFailure} scripts, shrunk in ${c.shrinks} steps`;
  const crashStack = c.kind === 'crash' && c.judgement.crash ? stackLines(c.judgement.crash.stack) : [];
  return [
    `✗ ${c.target}: ${HEADLINE[c.kind]} — ${found} to ${c.script.actions.length} actions`,
    ...c.message.split('\n').map((line) => `  ${line}`),
    ...(crashStack.length > 0 ? ['  thrown at:', ...crashStack.map((line) => `    ${line}`)] : []),
    '  script:',
    ...formatScript(c.script).split('\n').map((line) => `    ${line}`),
    ...(excerpt.length > 0 ? ['  timeline around the offending operation (>> marks it):', ...excerpt.map((line) => `    ${line}`)] : []),
    `  replay: ${replayCommand(c)}`,
  ];
}

/** The first frames of a stack, without the message line. */
function stackLines(stack: string): string[] {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, 8);
}

function statusMark(p: PropertyResult): string {
  return p.status === 'failed' ? '✗' : p.status === 'interrupted' ? '…' : '✓';
}

/** The gate's result as JSON (for CI systems). */
export function gateJson(result: GateResult): unknown {
  const c = result.counterexample;
  return {
    format: 'mirrorsim.check/2',
    seed: result.seed,
    bug: result.bug,
    faults: result.faults,
    runs: result.runs,
    interrupted: result.interrupted,
    properties: result.properties.map((p) => ({ property: p.property, status: p.status, runs: p.runs })),
    counterexample: c && {
      target: c.target,
      kind: c.kind,
      message: c.message,
      ...(c.kind === 'crash' && c.judgement.crash ? { stack: c.judgement.crash.stack } : {}),
      script: c.script,
      actions: c.script.actions.length,
      runsToFailure: c.runsToFailure,
      shrinks: c.shrinks,
      replay: replayCommand(c),
    },
    coverage: result.coverage.toJSON(),
  };
}

/** The gate's result as JUnit XML: one test case per property, and one for crashes. */
export function gateJunit(result: GateResult, seconds: number): string {
  const c = result.counterexample;
  const failure = (name: string, kind: string) =>
    c && c.target === name ? `\n    <failure message="${xml(kind)}">${xml(formatCounterexample(c).join('\n'))}</failure>\n  ` : '';
  const cases = [
    ...result.properties.map((p) => {
      const body = failure(p.property, c?.kind === 'liveness' ? 'liveness: did not converge' : 'safety violation') || (p.status === 'failed' ? `\n    <failure message="failed on the same script as ${xml(c?.target ?? '')}"/>\n  ` : '');
      return `  <testcase classname="mirrorsim.check" name="${xml(p.property)}">${body}</testcase>`;
    }),
    `  <testcase classname="mirrorsim.check" name="no crash">${failure('crash', 'crash: an exception inside the simulated world')}</testcase>`,
  ];
  const failures = result.properties.filter((p) => p.status === 'failed').length + (c?.kind === 'crash' ? 1 : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="mirrorsim check (seed ${result.seed}${result.bug ? `, bug ${xml(result.bug)}` : ''})" tests="${cases.length}" failures="${failures}" time="${seconds.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
