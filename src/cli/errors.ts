import { HistoryFormatError } from '../check/line-fields.js';
import { DiskSimFormatError } from '../devices/disksim/parse.js';
import { HddConfigError } from '../devices/hdd/params-check.js';
import { TraceParseError } from '../host/traces/trace-error.js';
import { WorkloadSpecError } from '../host/resolve.js';
import { ScenarioError } from '../scenario/errors.js';
import { SweepInputError } from '../sweep/folders.js';

/** Errors caused by bad input: reported in one clear message, exit code 2, never a stack trace. */
export function isInputError(error: unknown): error is Error {
  return (
    error instanceof ScenarioError ||
    error instanceof DiskSimFormatError ||
    error instanceof TraceParseError ||
    error instanceof WorkloadSpecError ||
    error instanceof HddConfigError ||
    error instanceof SweepInputError ||
    error instanceof HistoryFormatError
  );
}

export { UsageError } from './usage-error.js';

