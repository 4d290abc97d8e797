export { replayValidationTrace, runDriveCheck } from './run.js';
export type { DriveCheckComparison, DriveCheckOptions, DriveCheckResult } from './run.js';
export { formatDriveCheck } from './format.js';
export { parseValidationTrace, type ValidationRecord } from './trace.js';
export { demeritMs, summarize, type ResponseStats } from './stats.js';
