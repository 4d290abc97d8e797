import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../scenario/json-schema.js';
import { parseScenario, parseYamlInput, readInputText } from '../scenario/load.js';
import { duration, size } from '../scenario/schema-values.js';
import { parseExperiment } from '../sweep/load-experiment.js';
import { SCHEMA_FORMATS, schemaOf, schemaText, type SchemaFormat } from './schema-command.js';

/**
 * The JSON Schemas shipped for editors (schemas/): up to date with the zod
 * schemas, accepted by every shipped file, and refusing what the loader
 * refuses — except what only the loader can judge (names that refer to each
 * other, options that exclude each other), which the schema leaves to it.
 */

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = Object.fromEntries(SCHEMA_FORMATS.map((format) => [format, ajv.compile(schemaOf(format))])) as Record<SchemaFormat, ValidateFunction>;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith('.yaml') ? [path] : [];
  });
}

/** The rule `mirrorsim validate` reads a file by: an experiment names a base scenario and a grid. */
function formatOf(raw: unknown): SchemaFormat {
  return typeof raw === 'object' && raw !== null && 'grid' in raw && 'scenario' in raw ? 'experiment' : 'scenario';
}

const rawOf = (file: string) => parseYamlInput(readInputText(file), file).raw as Record<string, unknown>;

/** A deep copy of `raw` with the value at `path` replaced (`undefined` removes it). */
function withValue(raw: unknown, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(raw) as Record<string, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function loaderRefuses(format: SchemaFormat, raw: unknown, file: string): boolean {
  try {
    // JSON is YAML: the loader reads the changed document as it reads a file.
    if (format === 'scenario') parseScenario(JSON.stringify(raw), file);
    else parseExperiment(JSON.stringify(raw), file);
    return false;
  } catch (error) {
    if (error instanceof Error && error.name === 'ScenarioError') return true;
    throw error;
  }
}

const schemaRefuses = (format: SchemaFormat, raw: unknown) => !validators[format](raw);

describe('schemas/', () => {
  it.each(SCHEMA_FORMATS)('schemas/%s.schema.json is what the zod schema gives (npm run schemas writes it)', (format) => {
    expect(readFileSync(`schemas/${format}.schema.json`, 'utf8'), 'schemas/ is out of date: run npm run schemas').toBe(schemaText(format));
  });

  it('mirrorsim schema prints them, and refuses a format it does not know', () => {
    // The built CLI (npm test builds first), as a user runs it.
    for (const format of SCHEMA_FORMATS) {
      const run = spawnSync('node', ['bin/mirrorsim.js', 'schema', format], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(readFileSync(`schemas/${format}.schema.json`, 'utf8'));
    }
    const wrong = spawnSync('node', ['bin/mirrorsim.js', 'schema', 'drive'], { encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('Allowed choices are scenario, experiment');
  });

  const shipped = yamlFiles('scenarios').sort();

  it('covers the shipped scenarios and experiments', () => {
    expect(shipped.length).toBeGreaterThan(20);
    expect(shipped.filter((file) => formatOf(rawOf(file)) === 'experiment').length).toBeGreaterThanOrEqual(5);
  });

  it.each(shipped)('%s names its schema on its first line and is valid against it', (file) => {
    const raw = rawOf(file);
    const format = formatOf(raw);
    const schemaPath = relative(dirname(file), `schemas/${format}.schema.json`);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaPath}`);
    const valid = validators[format](raw);
    expect(valid ? [] : validators[format].errors).toEqual([]);
  });
});

describe('the scenario schema', () => {
  const file = 'scenarios/protected-restore.yaml';
  const raw = rawOf(file);

  it('starts from a scenario both accept', () => {
    expect(loaderRefuses('scenario', raw, file)).toBe(false);
    expect(schemaRefuses('scenario', raw)).toBe(false);
  });

  // Each: a change the loader refuses; the schema must refuse it too.
  const refusedByBoth: [string, (string | number)[], unknown][] = [
    ['a misspelt top-level key', ['durration'], '10s'],
    ['a misspelt key in a drive', ['array', 'drives', 0, 'modle'], 'hdd'],
    ['a drive model that does not exist', ['array', 'drives', 0, 'model'], 'tape'],
    ['a drive with both name and count', ['array', 'drives', 0, 'name'], 'x'],
    ['a drive with neither name nor count', ['array', 'drives', 0], { model: 'hdd' }],
    ['an SSD option on a disk', ['array', 'drives', 0, 'channels'], 8],
    ['a size in an unknown unit', ['array', 'trackSize'], '64 KiBs'],
    ['a size of zero bytes', ['array', 'trackSize'], 0],
    ['a negative size', ['array', 'volumes', 0, 'size'], -4096],
    ['a duration in an unknown unit', ['duration'], '45 hours'],
    ['a negative duration', ['protocol', 'commandTime'], -1],
    ['a name with a space', ['pairs', 0, 'name'], 'pair one'],
    ['a choice out of its list', ['protocol', 'bcvWriteDuringRestore'], 'allow'],
    ['a fraction above one', ['hosts', 0, 'workload', 'readFraction'], 1.5],
    ['a count that is not whole', ['array', 'drives', 0, 'count'], 2.5],
    ['a workload with a trace and a distribution', ['hosts', 0, 'workload', 'trace'], 'data/x.trace'],
    ['a trace workload option on a generated workload', ['hosts', 0, 'workload', 'timeScale'], 2],
    ['a trace format that does not exist', ['hosts', 0, 'workload'], { trace: { file: 'x.csv', format: 'csv' }, volume: 'prod' }],
    ['a misspelt key in a trace', ['hosts', 0, 'workload'], { trace: { file: 'x.csv', formt: 'msr' }, volume: 'prod' }],
    ['a trace device id with a space', ['hosts', 0, 'workload'], { trace: { file: 'x.csv', devices: ['usr 0'] }, volume: 'prod' }],
    ['a list where a mapping is expected', ['array', 'cache'], []],
    ['a string where a flag is expected', ['protocol', 'copyOnRead'], 'yes'],
    ['a missing duration', ['duration'], undefined],
    ['a step with an unknown action', ['timeline', 0, 'resync'], 'p1'],
    ['a random fault of an unknown kind', ['faults'], { random: [{ kind: 'meteor', ratePerSecond: 1, targets: ['d0'] }] }],
  ];

  it.each(refusedByBoth)('refuses %s, as the loader does', (_, path, value) => {
    const changed = withValue(raw, path, value);
    expect(loaderRefuses('scenario', changed, file)).toBe(true);
    expect(schemaRefuses('scenario', changed)).toBe(true);
  });

  // What only the loader judges: it needs the whole document, or more than a schema can say.
  const refusedByLoaderOnly: [string, (string | number)[], unknown][] = [
    ['a volume on a drive that does not exist', ['array', 'volumes', 0, 'drives', 0], 'd99'],
    ['a pair of a volume that does not exist', ['pairs', 0, 'std'], 'nothing'],
    ['a step that names no pair', ['timeline', 0, 'establish'], 'p9'],
    ['a step with both at and when', ['timeline', 0, 'when'], 'pair p1 is Split'],
    ['a zipf workload without a skew', ['hosts', 0, 'workload', 'skew'], undefined],
  ];

  it.each(refusedByLoaderOnly)('leaves %s to the loader', (_, path, value) => {
    const changed = withValue(raw, path, value);
    expect(loaderRefuses('scenario', changed, file)).toBe(true);
    expect(schemaRefuses('scenario', changed)).toBe(false);
  });

});

describe('sizes and durations', () => {
  // The schema's patterns accept what the loader reads, and refuse what it does not.
  const properties = (schema: JsonSchema) => schema.properties as Record<string, JsonSchema>;
  const scenario = schemaOf('scenario');
  const sizeSchema = ajv.compile(properties(properties(scenario).array!).trackSize!);
  const durationSchema = ajv.compile(properties(scenario).duration!);

  const sizes: [unknown, boolean][] = [
    ['64KiB', true], ['64 KiB', true], ['64kib', true], ['0.5MiB', true], ['64KB', true], ['64k', true], ['65536', true], [65536, true], ['1TB', true], ['512b', true],
    ['64 KiBs', false], ['KiB', false], ['-64KiB', false], ['64 Ki', false], ['1e3', false], [65536.5, false], [0, false], [-4096, false], [true, false],
  ];

  it.each(sizes)('a size of %j: accepted %s by both', (value, accepted) => {
    expect(size.safeParse(value).success).toBe(accepted);
    expect(sizeSchema(value)).toBe(accepted);
  });

  const durations: [unknown, boolean][] = [
    ['45s', true], ['45 s', true], ['1.5min', true], ['3m', true], ['450ms', true], ['20us', true], ['20µs', true], ['100ns', true], ['45', true], [45, true], [0.5, true], [0, true],
    ['45 sec', false], ['45h', false], ['-1s', false], ['s', false], ['1e3s', false], [-1, false], [null, false],
  ];

  it.each(durations)('a duration of %j: accepted %s by both', (value, accepted) => {
    expect(duration.safeParse(value).success).toBe(accepted);
    expect(durationSchema(value)).toBe(accepted);
  });
});

describe('the experiment schema', () => {
  const file = 'scenarios/experiments/copy-rate-latency/experiment.yaml';
  const raw = rawOf(file);

  it('starts from an experiment both accept', () => {
    expect(loaderRefuses('experiment', raw, file)).toBe(false);
    expect(schemaRefuses('experiment', raw)).toBe(false);
  });

  const refusedByBoth: [string, (string | number)[], unknown][] = [
    ['a misspelt key', ['seed'], undefined],
    ['no metrics', ['metrics'], []],
    ['a metric name that is not a column name', ['metrics', 0, 'name'], 'p99 latency'],
    ['an unknown statistic', ['metrics', 0, 'stat'], 'p42'],
    ['a grid parameter without values', ['grid', 0, 'values'], []],
    ['seeds that are not whole', ['seeds'], 2.5],
    ['an unknown key in a chart', ['charts', 0, 'colour'], 'red'],
  ];

  it.each(refusedByBoth)('refuses %s, as the loader does', (what, path, value) => {
    const changed = what === 'a misspelt key' ? { ...withValue(raw, path, value), seeed: 3 } : withValue(raw, path, value);
    expect(loaderRefuses('experiment', changed, file)).toBe(true);
    expect(schemaRefuses('experiment', changed)).toBe(true);
  });

  const refusedByLoaderOnly: [string, (string | number)[], unknown][] = [
    ['a grid path that is not in the scenario', ['grid', 0, 'path'], 'protocol.copy.speed'],
    ['an extractor that does not exist', ['metrics', 0, 'extract'], 'luck'],
    ['a chart of a metric that does not exist', ['charts', 0, 'y'], 'nothing'],
  ];

  it.each(refusedByLoaderOnly)('leaves %s to the loader', (_, path, value) => {
    const changed = withValue(raw, path, value);
    expect(loaderRefuses('experiment', changed, file)).toBe(true);
    expect(schemaRefuses('experiment', changed)).toBe(false);
  });
});
