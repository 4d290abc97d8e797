import type { RunLimits } from '../scenario/limits.js';
import { parseSizeBytes } from '../scenario/units.js';
import { UsageError } from './usage-error.js';

/** `--max-memory` and `--max-events`, as given on the command line. */
export interface LimitFlags {
  readonly maxMemory?: string;
  readonly maxEvents?: string;
}

/** The command line's bounds, which override a scenario's own `limits:`. */
export function limitOverrides(flags: LimitFlags): Partial<RunLimits> {
  const overrides: { memoryBytes?: number; events?: number } = {};
  if (flags.maxMemory !== undefined) {
    const bytes = parseSizeBytes(flags.maxMemory);
    if (bytes === undefined || bytes <= 0) throw new UsageError(`--max-memory expects a size such as 2GiB or 512MiB, got "${flags.maxMemory}"`);
    overrides.memoryBytes = bytes;
  }
  if (flags.maxEvents !== undefined) {
    const events = Number(flags.maxEvents);
    if (!/^\d+(\.\d+)?(e\d+)?$/i.test(flags.maxEvents) || !Number.isSafeInteger(events) || events < 1) {
      throw new UsageError(`--max-events expects a whole number of events such as 1e9, got "${flags.maxEvents}"`);
    }
    overrides.events = events;
  }
  return overrides;
}
