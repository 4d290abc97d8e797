/** The reference model and the history checkers for guarantees 1–7 (DESIGN.md §1). */
export { checkHistory, type CheckResult, type CheckStats } from './check-history.js';
export type { CheckOptions } from './context.js';
export { formatVerdict, formatOp, formatOrigin, formatVia, formatPhase } from './format.js';
export { ReferenceModel } from './model.js';
export { GUARANTEES } from './verdict.js';
export type {
  Guarantee,
  Verdict,
  ReadViolation,
  IsolationViolation,
  ConvergenceViolation,
  IncrementalViolation,
  ProgressViolation,
  RejectedCommandViolation,
  OpRef,
  PhysicalRef,
  PhaseRef,
  Candidate,
  BlockMismatch,
  DifferingBlock,
  Origin,
  Via,
} from './verdict.js';
