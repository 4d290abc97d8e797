import { PAIR_STATE_NAMES, type PairStateName } from '../protocol/state.js';
import { describeValue } from './errors.js';

/** One clause of a `when` condition. A condition holds when all its clauses do. */
export type Clause =
  | { readonly kind: 'pair-state'; readonly pair: string; readonly state: PairStateName }
  | { readonly kind: 'group-state'; readonly group: string; readonly state: PairStateName }
  | { readonly kind: 'step-done'; readonly step: string }
  /**
   * A named protocol step: the pair is restoring and its restored indicator
   * (`PairQuery.restoredTracks`, defined in query.ts) counts at least
   * `tracks` — tracks outside an incremental restore's scope from its first instant.
   */
  | { readonly kind: 'pair-restored'; readonly pair: string; readonly tracks: number };

export type ParsedCondition = { readonly ok: true; readonly clauses: readonly Clause[] } | { readonly ok: false; readonly message: string };

const GRAMMAR = 'expected clauses such as "pair p1 is Synchronized", "group g1 is Split", "pair p1 restored 100 tracks" or "step s1 done", joined with "and"';

/** Parses `pair p1 is Synchronized and step s2 done`. */
export function parseCondition(text: string): ParsedCondition {
  const clauses: Clause[] = [];
  for (const part of text.trim().split(/\s+and\s+/)) {
    const words = part.trim().split(/\s+/);
    if ((words[0] === 'pair' || words[0] === 'group') && words.length === 4 && words[2] === 'is') {
      const state = PAIR_STATE_NAMES.find((s) => s.toLowerCase() === words[3]!.toLowerCase());
      if (!state) return { ok: false, message: `unknown state ${describeValue(words[3])} in ${describeValue(part)}; states: ${PAIR_STATE_NAMES.join(', ')}` };
      clauses.push(words[0] === 'pair' ? { kind: 'pair-state', pair: words[1]!, state } : { kind: 'group-state', group: words[1]!, state });
    } else if (words[0] === 'pair' && words.length === 5 && words[2] === 'restored' && words[4] === 'tracks' && /^\d{1,12}$/.test(words[3]!)) {
      clauses.push({ kind: 'pair-restored', pair: words[1]!, tracks: Number(words[3]) });
    } else if (words[0] === 'step' && words.length === 3 && words[2] === 'done') {
      clauses.push({ kind: 'step-done', step: words[1]! });
    } else {
      return { ok: false, message: `cannot read ${describeValue(part)}: ${GRAMMAR}` };
    }
  }
  return { ok: true, clauses };
}

/** A cycle among steps that wait for each other (`step X done`), as a list of step ids, or null. */
export function findStepCycle(waitsFor: ReadonlyMap<string, readonly string[]>): string[] | null {
  // Iterative depth-first search, so that a long chain cannot overflow the stack.
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of waitsFor.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const nextEdge: number[] = [0];
    state.set(root, 'visiting');
    while (path.length > 0) {
      const id = path[path.length - 1]!;
      const edges = waitsFor.get(id) ?? [];
      const edge = nextEdge[nextEdge.length - 1]!;
      if (edge >= edges.length) {
        state.set(id, 'done');
        path.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[nextEdge.length - 1] = edge + 1;
      const next = edges[edge]!;
      if (state.get(next) === 'visiting') return [...path.slice(path.indexOf(next)), next];
      if (state.get(next) === 'done') continue;
      state.set(next, 'visiting');
      path.push(next);
      nextEdge.push(0);
    }
  }
  return null;
}
