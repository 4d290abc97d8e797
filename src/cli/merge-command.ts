import { mergeSweeps, readSweepFolder } from '../sweep/folders.js';
import { UsageError } from './errors.js';
import { writeOutputs } from './sweep-command.js';

export interface MergeCommandOptions {
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** `mirrorsim merge`: joins the folders of a sweep's shards into the whole sweep's outputs and report, the same bytes one process would have written. */
export function mergeCommand(dirs: readonly string[], options: MergeCommandOptions): number {
  if (!options.out) throw new UsageError('merge needs --out DIR');
  const merged = mergeSweeps(dirs, dirs.map(readSweepFolder));
  return writeOutputs(options.out, merged, options);
}
