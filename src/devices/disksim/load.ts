import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HddParams } from '../hdd/params.js';
import { DiskSimFormatError, parseDiskSimText } from './parse.js';
import { readText } from './read-text.js';
import { diskParams, loadDiskSimRun } from './run-file.js';

export { asDiskSimRunsIt, hddParamsFromDiskSim } from './hdd-params.js';
export { readText } from './read-text.js';

/**
 * The drive a DiskSim description names: a run's parameter file
 * (`X.parv`, read as DiskSim reads it), a disk's `X.diskspecs` (following
 * its `Model = source …` line), or a stem (`…/atlas10k`, `…/atlas10k.trace`):
 * `atlas10k.parv` beside it if there is one, else `atlas10k.diskspecs`.
 */
export function loadDiskSimHddParams(path: string): HddParams {
  if (path.endsWith('.parv')) return loadDiskSimRun(path);
  if (path.endsWith('.diskspecs')) return loadDiskSpecs(path);
  const stem = join(dirname(path), basename(path).replace(/\.(trace|model|diskspecs|seek|parv)$/, ''));
  if (existsSync(`${stem}.parv`)) return loadDiskSimRun(`${stem}.parv`);
  if (existsSync(`${stem}.diskspecs`)) return loadDiskSpecs(`${stem}.diskspecs`);
  throw new DiskSimFormatError(path, 0, `no DiskSim description: expected ${basename(stem)}.parv (a validation run) or ${basename(stem)}.diskspecs beside it`);
}

/** A `.diskspecs` on its own: its disk, the model it names and that model's seek curve; no bus. */
function loadDiskSpecs(file: string): HddParams {
  const block = parseDiskSimText(file, readText(file)).find((b) => b.type === 'disksim_disk');
  if (!block) throw new DiskSimFormatError(file, 0, 'expected a "disksim_disk NAME { … }" block');
  return diskParams({ file, block });
}
