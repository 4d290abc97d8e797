import type { History, HostOp } from '../array/history.js';
import type { Verdict } from '../check/verdict.js';

const WINDOW_NS = 2_000_000;
const MAX_LINES = 40;

/**
 * The timeline around a violation, as a person reads it: the host I/O on
 * the same blocks (of the volume and of its pair partner), the commands and
 * the state changes, from a little before the offending operation to its end.
 */
export function timelineExcerpt(history: History, verdict: Verdict): string[] {
  const focus = focusOf(verdict);
  if (!focus) return [];
  const partners = new Set([focus.volume]);
  for (const pair of history.topology.pairs) {
    if (pair.std === focus.volume) partners.add(pair.bcv);
    if (pair.bcv === focus.volume) partners.add(pair.std);
  }
  const from = focus.startNs - WINDOW_NS;
  const to = focus.endNs;
  const lines: { atNs: number; text: string }[] = [];
  for (const op of history.ops()) {
    if (!partners.has(op.volume) || op.issueNs > to || (op.completeNs >= 0 && op.completeNs < from)) continue;
    if (op.startBlock + op.blockCount <= focus.firstBlock || op.startBlock > focus.lastBlock) continue;
    lines.push({ atNs: op.issueNs, text: describeOp(op, op.id === focus.opId) });
  }
  for (const command of history.commands) {
    const atNs = command.effectiveNs >= 0 ? command.effectiveNs : command.completeNs;
    if (atNs < from || atNs > to) continue;
    lines.push({ atNs, text: `${command.command} ${command.target}${command.error ? ` refused (${command.error})` : ' takes effect'}` });
  }
  for (const change of history.stateChanges) {
    if (change.atNs >= from && change.atNs <= to) lines.push({ atNs: change.atNs, text: `pair ${change.pair} → ${change.label}` });
  }
  lines.sort((a, b) => a.atNs - b.atNs);
  const shown = lines.length > MAX_LINES ? lines.slice(lines.length - MAX_LINES) : lines;
  return shown.map((line) => `${ms(line.atNs).padStart(10)}  ${line.text}`);
}

interface Focus {
  readonly volume: string;
  readonly opId: number;
  readonly firstBlock: number;
  readonly lastBlock: number;
  readonly startNs: number;
  readonly endNs: number;
}

function focusOf(verdict: Verdict): Focus | null {
  if (verdict.guarantee !== 'snapshot-consistency' && verdict.guarantee !== 'no-lost-writes') return null;
  if ('reason' in verdict) return null; // a destage's verdict names no host I/O
  const op = verdict.op;
  const blocks = verdict.blocks.map((b) => b.block);
  return {
    volume: op.volume,
    opId: op.id,
    firstBlock: Math.min(...blocks),
    lastBlock: Math.max(...blocks),
    startNs: op.issueNs,
    endNs: op.completeNs >= 0 ? op.completeNs : op.issueNs,
  };
}

function describeOp(op: HostOp, offending: boolean): string {
  const span = `${ms(op.issueNs)} → ${op.completeNs >= 0 ? ms(op.completeNs) : 'never'}`;
  const blocks = `${op.volume}[${op.startBlock}..${op.startBlock + op.blockCount - 1}]`;
  const result = op.error ? `failed: ${op.error}` : op.write ? `stamp ${op.stamps[0]}` : `returned [${Array.from(op.stamps).join(', ')}]`;
  return `${offending ? '>> ' : ''}#${op.id} ${op.host} ${op.write ? 'write' : 'read'} ${blocks} (${span}) ${result}`;
}

function ms(ns: number): string {
  return `${(ns / 1e6).toFixed(3)} ms`;
}
