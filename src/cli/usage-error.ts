/**
 * A usage error found by a command itself (a bad option value). In a module
 * of its own so that main.ts can refuse a bad option before it loads any
 * command (errors.ts pulls in every input error's module).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
