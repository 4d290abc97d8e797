/** The reference model and the history checkers for guarantees 1–11 (DESIGN.md §1). */
export { checkHistory, type CheckResult, type CheckStats, type NotJudged } from './check-history.js';
export type { CheckOptions } from './context.js';
export { formatVerdict, formatOp, formatOrigin, formatVia, formatPhase } from './format.js';
export { ReferenceModel } from './model.js';
export { HistoryReader, readHistoryLines, HISTORY_FORMATS } from './history-reader.js';
export { HistoryFormatError } from './line-fields.js';
export { GUARANTEES, isLiveness } from './verdict.js';
export type {
  Guarantee,
  Verdict,
  ReadViolation,
  IsolationViolation,
  ConvergenceViolation,
  IncrementalViolation,
  ProgressViolation,
  RejectedCommandViolation,
  CommandTableViolation,
  DestageViolation,
  AvailabilityViolation,
  IoEndViolation,
  ReadAtomicityViolation,
  GroupAtomicityViolation,
  IndicatorViolation,
  IndicatorBlock,
  Span,
  StateSpan,
  OpRef,
  PhysicalRef,
  PhaseRef,
  Candidate,
  BlockMismatch,
  DifferingBlock,
  Origin,
  Via,
} from './verdict.js';
