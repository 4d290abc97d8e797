import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiskSimSpecs } from '../src/devices/disksim/diskspecs.js';
import { hddParamsFromDiskSim } from '../src/devices/disksim/load.js';
import { parseDiskSimModel } from '../src/devices/disksim/model.js';
import { DiskSimFormatError } from '../src/devices/disksim/parse.js';
import { parseSeekFile } from '../src/devices/disksim/seek-file.js';
import { parseValidationTrace } from '../src/devices/drive-check/trace.js';
import { checkHddParams, HddConfigError } from '../src/devices/hdd/params-check.js';
import { records } from '../src/host/traces/testing/records.js';
import { TraceParseError } from '../src/host/traces/trace-error.js';
import { byteDamageArbitrary, damageBytes } from './hostile/damage.js';

/**
 * The real data files a scenario names — MQSim traces and the other trace
 * formats (their samples), DiskSim validation traces, DiskSim `.model`,
 * `.diskspecs` and `.seek` descriptions — mutated
 * field by field and line by line: each is parsed, or refused with a format
 * error that names the file and the line. Never another exception, never a
 * hang; and what parses holds only values that are safe to compute with.
 */
/** `npm run fuzz` tries three times as many. */
const CASES = process.env['npm_lifecycle_event'] === 'fuzz' ? 4500 : 1500;
const SEED = Number(process.env['MIRRORSIM_FUZZ_SEED'] ?? 1125);
const PARSE_MS_MAX = 1000;

const DATA = 'scenarios/data';
const head = (file: string, lines: number) => readFileSync(file, 'utf8').split('\n').slice(0, lines).join('\n');
const MQSIM = [head(`${DATA}/mqsim-traces/tpcc-small.trace`, 200), head(`${DATA}/mqsim-traces/wsrch-small.trace`, 200)];
/** The samples of scenarios/traces/, written from each format's description. */
const firstLines = (text: string, lines: number) => text.split('\n').slice(0, lines).join('\n');
const SAMPLES = {
  msr: firstLines(gunzipSync(readFileSync('scenarios/traces/msr-sample.csv.gz')).toString('utf8'), 150),
  spc: head('scenarios/traces/spc-sample.spc', 150),
  blkparse: readFileSync('scenarios/traces/blkparse-sample.txt', 'utf8').split('\n').slice(-160).join('\n'),
  alibaba: head('scenarios/traces/alibaba-sample.csv', 150),
  tencent: head('scenarios/traces/tencent-sample.csv', 150),
} as const;
const VALIDATION = [head(`${DATA}/disksim-validation/atlas10k.trace`, 200)];
const DISKSIM = ['atlas10k', 'cheetah4LP'].map((name) => ({
  model: readFileSync(`${DATA}/disksim-validation/${name}.model`, 'utf8'),
  specs: readFileSync(`${DATA}/disksim-validation/${name}.diskspecs`, 'utf8'),
  seek: readFileSync(`${DATA}/disksim-validation/${name}.seek`, 'utf8'),
}));

/** Tokens that are wrong somewhere in these formats. */
const HOSTILE_TOKENS = [
  '-1', '0', '1', '-0', '1.5', '0.0', '1e400', '1e-400', '9'.repeat(30), '4294967296', '2147483648', '9007199254740993', 'NaN', 'Infinity', 'x', '',
  '0x10', '1_0', '{', '}', '[', ']', ',', '=', '#', 'R', 'W', 'Hit', '\u0000', 'é', '{'.repeat(20_000), '['.repeat(20_000), 'a { b = '.repeat(5000),
];

interface Edit {
  readonly kind: 'token' | 'delete-line' | 'duplicate-line' | 'truncate' | 'splice';
  readonly at: number;
  readonly variant: number;
}

const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('token', 'token', 'token', 'delete-line', 'duplicate-line', 'truncate', 'splice'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  variant: fc.nat(),
});

/** Applies one edit: a token (a run of non-space characters, commas too in CSV) replaced, a line lost or doubled, the text cut or spliced. */
/** Fields are runs of non-space characters; in CSV, commas part them too. */
const SPACES = /(\s+)/;
const SPACES_OR_COMMAS = /(\s+|,)/;

function edit(text: string, e: Edit, separator = SPACES): string {
  const token = HOSTILE_TOKENS[e.variant % HOSTILE_TOKENS.length]!;
  if (e.kind === 'truncate') return text.slice(0, Math.floor(e.at * text.length));
  if (e.kind === 'splice') {
    const at = Math.floor(e.at * text.length);
    return text.slice(0, at) + token + text.slice(at);
  }
  const lines = text.split('\n');
  const line = Math.floor(e.at * lines.length) % lines.length;
  if (e.kind === 'delete-line') return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
  if (e.kind === 'duplicate-line') return [...lines.slice(0, line + 1), lines[line]!, ...lines.slice(line + 1)].join('\n');
  const words = lines[line]!.split(separator);
  const tokens = words.map((w, i) => ({ w, i })).filter(({ w }) => w.trim() !== '' && w !== ',');
  if (tokens.length === 0) return text;
  words[tokens[Math.floor(e.variant / HOSTILE_TOKENS.length) % tokens.length]!.i] = token;
  return [...lines.slice(0, line), words.join(''), ...lines.slice(line + 1)].join('\n');
}

/** A base text, edited, sometimes with invalid bytes (decoded leniently, as `readFileSync(file, 'utf8')` does). */
function mutated(bases: readonly string[], separator = SPACES): fc.Arbitrary<string> {
  return fc
    .record({ base: fc.nat({ max: bases.length - 1 }), edits: fc.array(editArbitrary, { minLength: 1, maxLength: 4 }), bytes: fc.option(byteDamageArbitrary, { freq: 8 }) })
    .map(({ base, edits, bytes }) => {
      const text = edits.reduce((t, e) => edit(t, e, separator), bases[base]!);
      return bytes ? Buffer.from(damageBytes(new TextEncoder().encode(text), bytes)).toString('utf8') : text;
    });
}

/** Parses, or throws only the format's error, naming the file (and a line within the text, 0 for the whole file). */
function parsesOrRefuses<T>(file: string, text: string, errorType: new (...args: never[]) => Error, parse: () => T): T | null {
  const started = performance.now();
  try {
    return parse();
  } catch (error) {
    expect(error, (error as Error).stack).toBeInstanceOf(errorType);
    const { message, line } = error as Error & { line: number };
    expect(message.startsWith(file)).toBe(true);
    expect(line).toBeGreaterThanOrEqual(0);
    expect(line).toBeLessThanOrEqual(text.split('\n').length);
    // Quoted text is the file's own; outside quotes, no JavaScript spelling may leak.
    expect(message.replace(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/\bundefined\b|\[object |\bNaN\b|\n\s+at /);
    return null;
  } finally {
    expect(performance.now() - started).toBeLessThan(PARSE_MS_MAX);
  }
}

const safe = (n: number) => Number.isSafeInteger(n) && n >= 0;

describe('hostile trace and drive files', () => {
  it(`MQSim traces: parsed or refused with the line (${CASES} files)`, () => {
    fc.assert(
      fc.property(mutated(MQSIM), (text) => {
        const trace = parsesOrRefuses('t.trace', text, TraceParseError, () => records(text, 'mqsim', 't.trace'));
        for (const r of trace ?? []) expect(safe(r.timeNs) && safe(r.offsetBytes) && safe(r.sizeBytes) && safe(r.offsetBytes + r.sizeBytes)).toBe(true);
      }),
      { seed: SEED, numRuns: CASES },
    );
  });

  for (const [format, base] of Object.entries(SAMPLES) as [keyof typeof SAMPLES, string][]) {
    it(`${format} traces: parsed or refused with the line (${CASES / 5} files)`, () => {
      fc.assert(
        fc.property(mutated([base], SPACES_OR_COMMAS), (text) => {
          const trace = parsesOrRefuses('t.csv', text, TraceParseError, () => records(text, format, 't.csv'));
          for (const r of trace ?? []) expect(safe(r.timeNs) && safe(r.offsetBytes) && safe(r.sizeBytes) && safe(r.offsetBytes + r.sizeBytes)).toBe(true);
        }),
        { seed: SEED, numRuns: CASES / 5 },
      );
    });
  }

  it(`DiskSim validation traces: parsed or refused with the line (${CASES} files)`, () => {
    fc.assert(
      fc.property(mutated(VALIDATION), (text) => {
        const records = parsesOrRefuses('v.trace', text, DiskSimFormatError, () => parseValidationTrace('v.trace', text));
        for (const r of records ?? []) {
          expect(safe(r.sector) && safe(r.sectors) && r.sectors >= 1).toBe(true);
          expect(Number.isFinite(r.measuredUs) && Number.isFinite(r.thinkUs)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: CASES },
    );
  });

  it(`DiskSim descriptions: parsed or refused with the line, and a drive built from them is checked (${CASES} sets)`, () => {
    const sets = fc.record({
      drive: fc.nat({ max: DISKSIM.length - 1 }),
      which: fc.constantFrom('model', 'specs', 'seek'),
      text: fc.nat(),
    });
    fc.assert(
      fc.property(sets, mutated(DISKSIM.map((d) => d.model)), mutated(DISKSIM.map((d) => d.specs)), mutated(DISKSIM.map((d) => d.seek)), (set, model, specs, seek) => {
        // One file of the set is damaged, the others are the drive's own.
        const files = { ...DISKSIM[set.drive]!, [set.which]: set.which === 'model' ? model : set.which === 'specs' ? specs : seek };
        const parsedModel = parsesOrRefuses('d.model', files.model, DiskSimFormatError, () => parseDiskSimModel('d.model', files.model));
        const parsedSpecs = parsesOrRefuses('d.diskspecs', files.specs, DiskSimFormatError, () => parseDiskSimSpecs('d.diskspecs', files.specs));
        const parsedSeek = parsesOrRefuses('d.seek', files.seek, DiskSimFormatError, () => parseSeekFile('d.seek', files.seek));
        if (!parsedModel || !parsedSpecs || !parsedSeek) return;
        // What parses may still describe a drive that cannot work: the drive's own check says so, clearly.
        try {
          checkHddParams(hddParamsFromDiskSim(parsedModel, parsedSeek, parsedSpecs));
        } catch (error) {
          expect(error, (error as Error).stack).toBeInstanceOf(HddConfigError);
        }
      }),
      { seed: SEED, numRuns: CASES },
    );
  });
});
