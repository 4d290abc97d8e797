export { DRIVE_CHECK_TARGETS, runDriveCheck } from './run.js';
export type { DiskSimComparison, DriveCheckCalibration, DriveCheckComparison, DriveCheckFigures, DriveCheckOptions, DriveCheckResult } from './run.js';
export { replayValidationTrace } from './replay.js';
export { CALIBRATED_OVERHEADS, fitOverheads, type FittedOverhead, type OverheadFit } from './calibrate.js';
export { formatDriveCheck, formatDriveCheckTable } from './format.js';
export { validationRuns, type ValidationRun } from './runs.js';
export { DISKSIM_DEMERIT_TOLERANCE_PERCENT, diskSimDemeritMs } from './disksim-reference.js';
export { parseValidationTrace, type ValidationRecord } from './trace.js';
export { demeritMs, summarize, type ResponseStats } from './stats.js';
