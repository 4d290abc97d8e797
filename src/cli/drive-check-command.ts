import { runDriveCheck } from '../devices/drive-check/run.js';
import { formatDriveCheck } from '../devices/drive-check/format.js';
import { EXIT } from './exit-codes.js';

/** `mirrorsim drive-check`: replays DiskSim validation traces and compares simulated with measured response times. */
export function driveCheckCommand(traces: readonly string[], options: { json?: boolean; calibrate?: boolean }): number {
  const results = traces.map((tracePath) => runDriveCheck({ tracePath, calibrate: options.calibrate === true }));
  if (options.json) process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
  else process.stdout.write(`${results.map(formatDriveCheck).join('\n\n')}\n`);
  return EXIT.ok;
}
