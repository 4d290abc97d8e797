import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededBug } from '../src/verify/bugs/catalogue.js';
import { fails, judge, PROPERTY_NAMES, type Target } from '../src/verify/properties.js';
import type { Script } from '../src/verify/script.js';

/**
 * The regression corpus: past counterexamples (`mirrorsim check --replay
 * <token> --save properties/corpus/NAME.json`). Each always runs: the real
 * protocol must keep every property on it, and the bug it was found with
 * must still fail it.
 */
interface CorpusEntry {
  readonly property: Target;
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
      const judgement = judge(entry.script, PROPERTY_NAMES);
      const failures = [...judgement.outcomes].filter(([, o]) => o.kind !== 'kept').map(([p, o]) => `${p}: ${'message' in o ? o.message : ''}`);
      expect(judgement.crash?.message ?? null).toBeNull();
      expect(failures).toEqual([]);
    });

    if (entry.bug !== null) {
      it(`${file}: still fails ${entry.property} with ${entry.bug}`, () => {
        const bug = seededBug(entry.bug!);
        expect(bug).toBeDefined();
        const judgement = judge(entry.script, entry.property === 'crash' ? PROPERTY_NAMES : [entry.property], bug!.variant);
        expect(fails(judgement, entry.property)).toBe(true);
      });
    }
  }
});
