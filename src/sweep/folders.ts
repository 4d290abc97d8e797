import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestJson, pointAggregates, pointsCsv, pointsJson, runsCsv, runsJsonl, SWEEP_FORMAT, type PointAggregate, type SweepManifest } from './outputs.js';
import type { RunRecord, SweepRuns } from './sweep.js';

/** A sweep folder that cannot be read or merged: bad input, exit code 2. */
export class SweepInputError extends Error {
  override readonly name = 'SweepInputError';
}

/** The files of a sweep folder. A shard's folder has the runs only; a whole sweep's also the aggregates (and, written by the CLI, the report). */
export const SWEEP_FILES = { manifest: 'sweep.json', runsJsonl: 'runs.jsonl', runsCsv: 'runs.csv', pointsJson: 'points.json', pointsCsv: 'points.csv' } as const;

/** Writes a sweep's (or a shard's) files; returns the aggregates of a whole sweep, null for a shard. */
export function writeSweepFolder(dir: string, sweep: SweepRuns): PointAggregate[] | null {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, SWEEP_FILES.manifest), manifestJson(sweep));
  writeFileSync(join(dir, SWEEP_FILES.runsJsonl), runsJsonl(sweep.records));
  writeFileSync(join(dir, SWEEP_FILES.runsCsv), runsCsv(sweep.experiment, sweep.records));
  if (sweep.shard !== null) return null;
  const points = pointAggregates(sweep);
  writeFileSync(join(dir, SWEEP_FILES.pointsJson), pointsJson(points));
  writeFileSync(join(dir, SWEEP_FILES.pointsCsv), pointsCsv(sweep.experiment, points));
  return points;
}

/** Reads a sweep folder written by `sweep` (a shard or a whole sweep) or by `merge`. */
export function readSweepFolder(dir: string): SweepRuns {
  const manifest = readJson(join(dir, SWEEP_FILES.manifest)) as Partial<SweepManifest> | null;
  if (manifest?.format !== SWEEP_FORMAT || !manifest.experiment || typeof manifest.runsTotal !== 'number') {
    throw new SweepInputError(`${dir} is not a sweep folder: its ${SWEEP_FILES.manifest} is not "format": "${SWEEP_FORMAT}"`);
  }
  const { experiment, runsTotal } = manifest;
  const text = readText(join(dir, SWEEP_FILES.runsJsonl));
  const records = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new SweepInputError(`${join(dir, SWEEP_FILES.runsJsonl)}:${i + 1}: not a JSON line`);
      }
      const record = value as RunRecord;
      if (!Number.isSafeInteger(record?.run) || record.run < 0 || record.run >= runsTotal || typeof record.traceHash !== 'string') {
        throw new SweepInputError(`${join(dir, SWEEP_FILES.runsJsonl)}:${i + 1}: not a run of this sweep`);
      }
      return record;
    });
  return { experiment, shard: manifest.shard ?? null, runsTotal, records };
}

/**
 * Joins the folders of one sweep's shards into the whole sweep. Each run
 * must be present once (a run in two folders must be the same run, byte for
 * byte); the result is in run order, so it is the sweep that one process
 * would have written.
 */
export function mergeSweeps(dirs: readonly string[], parts: readonly SweepRuns[]): SweepRuns {
  const first = parts[0]!;
  const experimentJson = JSON.stringify(first.experiment);
  const byRun = new Map<number, { record: RunRecord; line: string; dir: string }>();
  parts.forEach((part, i) => {
    if (part.experiment.hash !== first.experiment.hash || part.runsTotal !== first.runsTotal) {
      throw new SweepInputError(`${dirs[i]} holds another experiment (${part.experiment.name}, ${part.experiment.hash}) than ${dirs[0]} (${first.experiment.name}, ${first.experiment.hash})`);
    }
    if (JSON.stringify(part.experiment) !== experimentJson) throw new SweepInputError(`${dirs[i]} and ${dirs[0]} ran the same experiment under different paths: run every shard from the same folder with the same arguments`);
    for (const record of part.records) {
      const line = JSON.stringify(record);
      const seen = byRun.get(record.run);
      if (seen && seen.line !== line) throw new SweepInputError(`run ${record.run} differs between ${seen.dir} and ${dirs[i]}: the runs are not from the same build, or not deterministic`);
      byRun.set(record.run, { record, line, dir: dirs[i]! });
    }
  });
  const missing = Array.from({ length: first.runsTotal }, (_, run) => run).filter((run) => !byRun.has(run));
  if (missing.length > 0) {
    const shards = new Set(parts.map((p) => (p.shard ? `${p.shard.index}/${p.shard.count}` : 'all')));
    throw new SweepInputError(`${missing.length} of ${first.runsTotal} runs are missing (runs ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}); shards given: ${[...shards].join(', ')}`);
  }
  const records = [...byRun.values()].map((entry) => entry.record).sort((a, b) => a.run - b.run);
  return { experiment: first.experiment, shard: null, runsTotal: first.runsTotal, records };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SweepInputError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readText(file));
  } catch (error) {
    if (error instanceof SweepInputError) throw error;
    throw new SweepInputError(`${file} is not JSON`);
  }
}
