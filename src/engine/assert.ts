/**
 * Assertions are for programmer errors: a failed one is a bug in mirrorsim
 * (or in a user's controller plugged into it), never an operating condition.
 * They are never caught inside the simulator.
 */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function unreachable(value: never, what: string): never {
  throw new AssertionError(`unreachable ${what}: ${JSON.stringify(value)}`);
}
