import { basename } from 'node:path';
import { runDriveCheck, type DriveCheckResult } from '../devices/drive-check/run.js';
import { formatDriveCheck, formatDriveCheckTable } from '../devices/drive-check/format.js';
import { validationRuns } from '../devices/drive-check/runs.js';
import { isInputError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { Progress } from './progress.js';

/**
 * `mirrorsim drive-check`: replays DiskSim validation runs (`X.parv [X.trace]`,
 * a folder of them, or bare traces) and compares simulated with measured
 * response times. One run prints its full comparison; several print one
 * table, with any run whose description was refused named under it (exit 2).
 */
export function driveCheckCommand(args: readonly string[], options: { json?: boolean; calibrate?: boolean }): number {
  const runs = validationRuns(args);
  const calibrate = options.calibrate === true;
  if (runs.length === 1) {
    const result = runDriveCheck({ ...runs[0]!, calibrate });
    process.stdout.write(options.json ? `${JSON.stringify([result], null, 1)}\n` : `${formatDriveCheck(result)}\n`);
    return EXIT.ok;
  }
  const results: DriveCheckResult[] = [];
  const refused: { run: string; message: string }[] = [];
  const progress = new Progress('drive-check');
  for (const [index, run] of runs.entries()) {
    progress.update(index, runs.length, basename(run.descriptionPath));
    try {
      results.push(runDriveCheck({ ...run, calibrate }));
    } catch (error) {
      if (!isInputError(error)) throw error;
      refused.push({ run: run.descriptionPath, message: error.message });
    }
  }
  progress.done();
  if (options.json) process.stdout.write(`${JSON.stringify({ results, refused }, null, 1)}\n`);
  else process.stdout.write(`${formatDriveCheckTable(results, refused)}\n`);
  return refused.length > 0 ? EXIT.usage : EXIT.ok;
}
