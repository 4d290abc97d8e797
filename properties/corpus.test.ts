import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededBug } from '../src/verify/bugs/catalogue.js';
import { evaluate, PROPERTY_NAMES, type PropertyName } from '../src/verify/properties.js';
import type { Script } from '../src/verify/script.js';

/**
 * The regression corpus: past counterexamples (`mirrorsim check --replay
 * <token> --save properties/corpus/NAME.json`). Each always runs: the real
 * protocol must keep every property on it, and the bug it was found with
 * must still fail it.
 */
interface CorpusEntry {
  readonly property: PropertyName;
  readonly bug: string | null;
  readonly failure: string | null;
  readonly script: Script;
}

const dir = 'properties/corpus';
const entries = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, entry: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as CorpusEntry }));

describe('regression corpus', () => {
  it('has entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });

  for (const { file, entry } of entries) {
    it(`${file}: the protocol keeps every property`, () => {
      const failures = PROPERTY_NAMES.map((p) => evaluate(entry.script, p)).filter((o) => o.kind !== 'kept');
      expect(failures.map((o) => ('message' in o ? o.message : ''))).toEqual([]);
    });

    if (entry.bug !== null) {
      it(`${file}: still fails ${entry.property} with ${entry.bug}`, () => {
        const bug = seededBug(entry.bug!);
        expect(bug).toBeDefined();
        expect(evaluate(entry.script, entry.property, bug!.variant).kind).not.toBe('kept');
      });
    }
  }
});
