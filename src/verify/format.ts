import { timelineExcerpt } from './excerpt.js';
import type { Counterexample, GateResult, PropertyResult } from './gate.js';
import { formatScript } from './script.js';

/** The command that replays a counterexample. */
export function replayCommand(counterexample: Counterexample): string {
  return `npx mirrorsim check --replay ${counterexample.replay}`;
}

/** The gate's result for people: one line per property, then each counterexample in full. */
export function formatGate(result: GateResult): string {
  const lines: string[] = [];
  lines.push(`mirrorsim check — seed ${result.seed}${result.faults ? ', with faults' : ''}${result.bug ? `, seeded bug ${result.bug}` : ''}`);
  for (const p of result.properties) lines.push(`  ${statusMark(p)} ${p.property.padEnd(34)} ${p.runs} runs${p.status === 'interrupted' ? (result.interrupted ? ' (interrupted)' : ' (time budget reached)') : ''}`);
  for (const p of result.properties) if (p.counterexample) lines.push('', ...formatCounterexample(p.property, p.counterexample));
  const missing = result.coverage.missing();
  if (missing.length > 0) lines.push('', `not exercised in these runs: ${missing.join('; ')}`);
  return lines.join('\n');
}

export function formatCounterexample(property: string, c: Counterexample): string[] {
  const verdict = c.outcome.kind === 'safety' ? c.outcome.verdicts[0] : undefined;
  const excerpt = verdict ? timelineExcerpt(c.outcome.run.history, verdict) : [];
  return [
    `✗ ${property}: ${c.kind === 'safety' ? 'SAFETY VIOLATION' : 'DID NOT CONVERGE (liveness)'} — ${
      c.runsToFailure === 0 ? 'replayed' : `found after ${c.runsToFailure} runs, shrunk in ${c.shrinks} steps`
    } to ${c.script.actions.length} actions`,
    ...c.message.split('\n').map((line) => `  ${line}`),
    '  script:',
    ...formatScript(c.script).split('\n').map((line) => `    ${line}`),
    ...(excerpt.length > 0 ? ['  timeline around the offending operation (>> marks it):', ...excerpt.map((line) => `    ${line}`)] : []),
    `  replay: ${replayCommand(c)}`,
  ];
}

function statusMark(p: PropertyResult): string {
  return p.status === 'failed' ? '✗' : p.status === 'interrupted' ? '…' : '✓';
}

/** The gate's result as JSON (for CI systems). */
export function gateJson(result: GateResult): unknown {
  return {
    format: 'mirrorsim.check/1',
    seed: result.seed,
    bug: result.bug,
    properties: result.properties.map((p) => ({
      property: p.property,
      status: p.status,
      runs: p.runs,
      counterexample: p.counterexample && {
        kind: p.counterexample.kind,
        message: p.counterexample.message,
        script: p.counterexample.script,
        actions: p.counterexample.script.actions.length,
        runsToFailure: p.counterexample.runsToFailure,
        shrinks: p.counterexample.shrinks,
        replay: replayCommand(p.counterexample),
      },
    })),
    coverage: result.coverage.toJSON(),
  };
}

/** The gate's result as JUnit XML: one test case per property. */
export function gateJunit(result: GateResult, seconds: number): string {
  const failures = result.properties.filter((p) => p.status === 'failed').length;
  const cases = result.properties.map((p) => {
    const head = `  <testcase classname="mirrorsim.check" name="${xml(p.property)}">`;
    if (!p.counterexample) return `${head}</testcase>`;
    const body = formatCounterexample(p.property, p.counterexample).join('\n');
    return `${head}\n    <failure message="${xml(p.counterexample.kind === 'safety' ? 'safety violation' : 'liveness: did not converge')}">${xml(body)}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="mirrorsim check (seed ${result.seed}${result.bug ? `, bug ${xml(result.bug)}` : ''})" tests="${result.properties.length}" failures="${failures}" time="${seconds.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
