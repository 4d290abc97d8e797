import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DiskSimFormatError } from '../disksim/parse.js';

/** One validation run to replay: the drive's description and the measured trace. */
export interface ValidationRun {
  /** What describes the drive: a `.parv`, or (for a bare trace) the trace's stem. */
  readonly descriptionPath: string;
  readonly tracePath: string;
}

/**
 * The runs a `drive-check` command line names, in order: a folder is every
 * `.parv` in it (by name), each with the trace of its stem; `X.parv` takes
 * the trace after it if one follows (`X.trace` otherwise); a bare `X.trace`
 * takes the description beside it (`X.parv`, else `X.diskspecs`).
 */
export function validationRuns(args: readonly string[]): ValidationRun[] {
  const runs: ValidationRun[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (isFolder(arg)) runs.push(...folderRuns(arg));
    else if (arg.endsWith('.parv')) {
      const next = args[i + 1];
      const trace = next !== undefined && next.endsWith('.trace') ? next : stemTrace(arg);
      if (trace === next) i++;
      runs.push({ descriptionPath: arg, tracePath: trace });
    } else runs.push({ descriptionPath: arg, tracePath: arg });
  }
  return runs;
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function folderRuns(folder: string): ValidationRun[] {
  const parvs = readdirSync(folder)
    .filter((name) => name.endsWith('.parv'))
    .sort();
  if (parvs.length === 0) throw new DiskSimFormatError(folder, 0, 'expected DiskSim validation runs (NAME.parv, with NAME.trace beside it) in the folder, found none');
  return parvs.map((name) => ({ descriptionPath: join(folder, name), tracePath: stemTrace(join(folder, name)) }));
}

/** `…/hp_c2247a.parv` → `…/hp_c2247a.trace`. */
function stemTrace(parv: string): string {
  return join(dirname(parv), `${basename(parv, '.parv')}.trace`);
}
