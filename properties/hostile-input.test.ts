import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteDamageArbitrary, damageBytes, damageText, garbageArbitrary, textDamageArbitrary, type TextDamage } from './hostile/damage.js';
import { documentCaseArbitrary, mutatedValue, render, SHIPPED } from './hostile/documents.js';
import { FuzzStats } from './hostile/stats.js';
import { loadBytes, runBriefly, unclearRefusal } from './hostile/verdicts.js';

/**
 * Hostile input never crashes, hangs or lies: every mutated, damaged or
 * garbage scenario is either accepted — and then runs — or refused with a
 * `ScenarioError` that names the file, a place in it and what was expected.
 * `npm test` tries 3 000 documents; `npm run fuzz` tries 10 000
 * (MIRRORSIM_FUZZ_DOCUMENTS and MIRRORSIM_FUZZ_SEED change both).
 */
const FUZZ = process.env['npm_lifecycle_event'] === 'fuzz';
const DOCUMENTS = Number(process.env['MIRRORSIM_FUZZ_DOCUMENTS'] ?? (FUZZ ? 10_000 : 3000));
const SEED = Number(process.env['MIRRORSIM_FUZZ_SEED'] ?? 1125);
/**
 * Hang guards, not performance targets (those live in `npm run bench`): a
 * document may take this long to load (the largest accepted input, 1 MiB,
 * takes about one second), the batch this long per document on average
 * (about 4 ms on an idle machine). A quadratic blow-up overshoots both by
 * orders of magnitude; a machine busy with other work does not.
 */
const LOAD_MS_MAX = 20_000;
const BATCH_MS_PER_DOCUMENT = 60;
/** One accepted document in this many is also run, for a simulated millisecond. */
const RUN_EVERY = 5;
const RUN_NS = 1_000_000;
/** The heap may not grow past this while documents are tried (an alias bomb or a huge list expanded would). */
const HEAP_BYTES_MAX = 1.5 * 2 ** 30;

/** One input file. Printed (in a counterexample) as its label and its text, not as an array of bytes. */
class Input {
  constructor(
    readonly label: string,
    readonly file: string,
    readonly bytes: Uint8Array,
  ) {}

  [fc.toStringMethod](): string {
    const text = new TextDecoder().decode(this.bytes);
    return `${this.label} → ${this.file} (${this.bytes.length} bytes):\n${text.length > 4000 ? `${text.slice(0, 4000)}…` : text}`;
  }
}

const mutatedArbitrary: fc.Arbitrary<Input> = fc
  .record({
    doc: documentCaseArbitrary,
    // Mostly whole documents: the mutations are the point, damage the seasoning.
    damage: fc.oneof({ weight: 4, arbitrary: fc.constant<TextDamage[]>([]) }, { weight: 1, arbitrary: fc.array(textDamageArbitrary, { minLength: 1, maxLength: 2 }) }),
    bytes: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: byteDamageArbitrary }),
  })
  .map(({ doc, damage, bytes }) => {
    const base = SHIPPED[doc.base]!;
    let text = render(mutatedValue(doc), doc.render);
    for (const d of damage) text = damageText(text, d);
    const encoded = new TextEncoder().encode(text);
    const kinds = doc.mutations.map((m) => m.kind).join('+') || 'none';
    return new Input(
      `${base.file} ${kinds} ${doc.render}${damage.length > 0 ? ` damaged(${damage.map((d) => d.kind).join('+')})` : ''}${bytes ? ' bad-bytes' : ''}`,
      // Beside the shipped file, so that the files it names resolve as they do for the original.
      base.file.replace(/[^/]+$/, 'fuzzed.yaml'),
      bytes ? damageBytes(encoded, bytes) : encoded,
    );
  });

const inputArbitrary: fc.Arbitrary<Input> = fc.oneof(
  { weight: 12, arbitrary: mutatedArbitrary },
  { weight: 1, arbitrary: garbageArbitrary.map((g) => new Input(g.label, 'scenarios/garbage.yaml', g.bytes)) },
);

describe('hostile scenario files', () => {
  it(`are accepted and run, or refused clearly, within bounds (${DOCUMENTS} documents)`, () => {
    const stats = new FuzzStats();
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const started = performance.now();
        const verdict = loadBytes(input.bytes, input.file);
        const loadMs = performance.now() - started;
        stats.loaded(input.label, verdict, loadMs);
        expect(loadMs, `${input.label} took ${loadMs.toFixed(0)} ms to load`).toBeLessThan(LOAD_MS_MAX);
        if (verdict.kind === 'refused') {
          expect(unclearRefusal(verdict.error, input.file), input.label).toBeNull();
        } else if (stats.accepted % RUN_EVERY === 1) {
          const runStarted = performance.now();
          expect(runBriefly(verdict.scenario, RUN_NS), input.label).toBeNull();
          stats.ran(performance.now() - runStarted);
        }
        if (stats.documents % 100 === 0) expect(process.memoryUsage().heapUsed).toBeLessThan(HEAP_BYTES_MAX);
      }),
      { seed: SEED, numRuns: DOCUMENTS },
    );
    console.info(stats.summary());
    expect(stats.wallMs).toBeLessThan(DOCUMENTS * BATCH_MS_PER_DOCUMENT);
    // The mix stays useful: some documents pass the loader (and run), most are refused for many reasons.
    expect(stats.accepted).toBeGreaterThan(DOCUMENTS / 50);
    expect(stats.refused).toBeGreaterThan(DOCUMENTS / 2);
    expect(stats.runs).toBeGreaterThan(0);
  }, 900_000);
});
