import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import YAML from 'yaml';
import { parseScenario, type Scenario } from './load.js';
import { runScenario } from './runner.js';
import { scenarioSchema } from './schema.js';
import { scenarioErrorLines } from './testing/error-lines.js';

/**
 * Everything a run would refuse as bad input, the loader refuses first —
 * so `validate` refuses it too — naming the file, line, path and what was
 * expected. Each case is also run past the loader (its document built by
 * the schema alone), to show the run itself would refuse or crash on it.
 */
const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-refusals-'));
const file = join(dir, 's.yaml');
writeFileSync(join(dir, 'bad-line.trace'), '0 0 0 8 0\n10 0 64 8 1\n20 0 eight 8 1\n');
writeFileSync(join(dir, 'too-big.trace'), '0 0 0 8 0\n10 0 0 99999 1\n');
writeFileSync(join(dir, 'beyond.csv'), '0,R,0,4096,0\n0,W,1048576,4096,10\n');
writeFileSync(join(dir, 'bad.csv.gz'), gzipSync('0,R,0,4096,0\n0,W,4096,4096,1\n0,X,0,512,2\n'));

const scenario = (drives: string, volumes: string, host: string, extra = '') => `name: t
duration: 10ms
array:
  trackSize: 16KiB
  drives: [{ name: d0, model: fixed, service: 1ms }${drives}]
  volumes: [{ name: v, size: 1MiB, drives: [d0] }${volumes}]
hosts: [${host}]
${extra}`;
const tiny = ', { name: tiny, size: 16KiB, drives: [d0] }';
const writer = (workload: string) => `{ name: h, workload: { volumes: [v], readFraction: 0, iops: 2000${workload} } }`;

/** The document as the schema alone makes it: what a run would be given without the loader's cross-checks. */
function unchecked(text: string): Scenario {
  return { file, dir: dirname(file), doc: scenarioSchema.parse(YAML.parse(text)) };
}

const CASES: { what: string; text: string; line: string; runs: RegExp }[] = [
  {
    what: 'an I/O size larger than the smallest volume the workload addresses',
    text: scenario('', tiny, '{ name: h, workload: { volumes: [v, tiny], size: 24KiB, iops: 100 } }'),
    line: `${file}:7:58: hosts[0].workload.size: expected an I/O size of at most 16 KiB, the size of volume tiny (the smallest this workload addresses), got 24 KiB`,
    runs: /workload size: expected I\/O sizes ≤ the smallest volume \(4 blocks\), got 6/,
  },
  {
    what: 'one of several I/O sizes larger than the smallest volume',
    text: scenario('', tiny, '{ name: h, workload: { volumes: [tiny, v], size: [{ size: 4KiB, weight: 1 }, { size: 20KiB, weight: 1 }], iops: 100 } }'),
    line: `${file}:7:94: hosts[0].workload.size[1].size: expected an I/O size of at most 16 KiB, the size of volume tiny (the smallest this workload addresses), got 20 KiB`,
    runs: /workload size: expected I\/O sizes ≤ the smallest volume \(4 blocks\), got 5/,
  },
  {
    what: 'a trace line that does not parse',
    text: scenario('', '', '{ name: h, workload: { trace: bad-line.trace, volume: v } }'),
    line: `${file}:7:39: hosts[0].workload.trace: the trace cannot be replayed: ${join(dir, 'bad-line.trace')}:3: expected <start-sector> as a non-negative integer ≤ 9007199254740991, found "eight"`,
    runs: /bad-line.trace:3: expected <start-sector>/,
  },
  {
    what: 'a trace request larger than its volume',
    text: scenario('', '', '{ name: h, workload: { trace: too-big.trace, volume: v } }'),
    line: `${file}:7:39: hosts[0].workload.trace: the trace cannot be replayed: ${join(dir, 'too-big.trace')}:2: expected a request of at most the volume's 256 blocks (1048576 bytes), found 51199488 bytes`,
    runs: /too-big.trace:2: expected a request of at most the volume's 256 blocks/,
  },
  {
    what: 'a trace request beyond its volume, under beyondVolume: refuse',
    text: scenario('', '', '{ name: h, workload: { trace: { file: beyond.csv, format: alibaba, beyondVolume: refuse }, volume: v } }'),
    line: `${file}:7:47: hosts[0].workload.trace.file: the trace cannot be replayed: ${join(dir, 'beyond.csv')}:2: expected a request inside the volume's 1048576 bytes (beyondVolume: refuse; wrap folds it back), found one at byte 1048576 + 4096 bytes`,
    runs: /beyond.csv:2: expected a request inside the volume's 1048576 bytes/,
  },
  {
    what: 'a bad line in a gzipped trace',
    text: scenario('', '', '{ name: h, workload: { trace: { file: bad.csv.gz, format: alibaba }, volume: v } }'),
    line: `${file}:7:47: hosts[0].workload.trace.file: the trace cannot be replayed: ${join(dir, 'bad.csv.gz')}:3: expected opcode R (read) or W (write), found "X"`,
    runs: /bad.csv.gz:3: expected opcode R/,
  },
  {
    what: 'an SSD page that is not whole sectors',
    text: scenario(', { name: s0, model: ssd, pageSize: 1000 }', '', writer('')),
    line: `${file}:5:88: array.drives[1].pageSize: expected a multiple of 512 bytes, got 1000`,
    runs: /pageBytes: expected a multiple of 512 bytes/,
  },
  {
    what: 'an SSD channel too slow to carry a page',
    text: scenario(', { name: s0, model: ssd, channelMBps: 0.001 }', '', writer('')),
    line: `${file}:5:91: array.drives[1].channelMBps: expected a rate at which a page of 8192 bytes crosses the channel in under 2^31 ns, got 0.001 MB/s`,
    runs: /channelMBps: expected a rate at which a page/,
  },
  {
    what: 'a drive of less than a sector',
    text: scenario(', { name: f1, model: fixed, service: 1ms, capacity: 100 }', '', writer('')),
    line: `${file}:5:104: array.drives[1].capacity: expected at least 512 bytes (one sector), got 100 bytes`,
    runs: /capacitySectors must be a positive integer, got 0/,
  },
  {
    what: 'an exponential station with a mean service of zero',
    text: scenario(', { name: e1, model: exponential, meanService: 0 }', '', writer('')),
    line: `${file}:5:99: array.drives[1].meanService: expected a positive duration (the mean of an exponential service time)`,
    runs: /meanServiceNs must be > 0, got 0/,
  },
  {
    what: 'a write-pending limit smaller than a track on the busiest standard and its BCVs',
    text: scenario(
      '',
      ', { name: b1, size: 1MiB, drives: [d0] }, { name: b2, size: 1MiB, drives: [d0] }',
      writer(''),
      'pairs: [{ name: p1, std: v, bcv: b1 }, { name: p2, std: v, bcv: b2 }]\n',
    ).replace('trackSize: 16KiB', 'trackSize: 16KiB\n  cache: { size: 256KiB, writePendingLimit: 0.1 }'),
    line: `${file}:5:45: array.cache.writePendingLimit: expected room for a write of one track to standard v and its 2 BCVs: at least 3 write-pending slots, got 1 (0.1 of 16 slots of 16 KiB); give a larger cache or writePendingLimit`,
    runs: /cannot be cut into pieces of 0 tracks/,
  },
];

describe('what a run would refuse is refused when the scenario is loaded', () => {
  it.each(CASES)('$what: located, with what was expected', ({ text, line }) => {
    expect(scenarioErrorLines(() => parseScenario(text, file))).toEqual([line]);
  });

  it.each(CASES)('$what: the run itself, past the loader, would refuse it or crash', ({ text, runs }) => {
    expect(() => runScenario(unchecked(text))).toThrow(runs);
  });

  it('the same scenarios, each mended, load and run', () => {
    const mended = [
      scenario('', tiny, '{ name: h, workload: { volumes: [v, tiny], size: 16KiB, iops: 100 } }'),
      scenario('', '', '{ name: h, workload: { trace: { file: beyond.csv, format: alibaba }, volume: v } }'),
      scenario(', { name: s0, model: ssd, pageSize: 1024, channelMBps: 1 }, { name: e1, model: exponential, meanService: 1ms }', '', writer('')),
      scenario('', ', { name: b1, size: 1MiB, drives: [d0] }, { name: b2, size: 1MiB, drives: [d0] }', writer(', size: 48KiB'), 'pairs: [{ name: p1, std: v, bcv: b1 }, { name: p2, std: v, bcv: b2 }]\n')
        .replace('trackSize: 16KiB', 'trackSize: 16KiB\n  cache: { size: 256KiB, writePendingLimit: 0.2 }'),
    ];
    for (const text of mended) expect(runScenario(parseScenario(text, file)).result.complete).toBe(true);
  });
});
