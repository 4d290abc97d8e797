import * as fc from 'fast-check';

/**
 * A property that stops fast-check as its time limit does — the run ends,
 * counted as interrupted, not failed — once `interrupted()` holds (Ctrl-C).
 * Checked before each script, so a stop waits for at most one script.
 */
export function interruptible<Ts, IsAsync extends boolean>(
  property: fc.IRawProperty<Ts, IsAsync>,
  interrupted: (() => boolean) | undefined,
): fc.IRawProperty<Ts, IsAsync> {
  if (interrupted === undefined) return property;
  type Run = ReturnType<fc.IRawProperty<Ts, IsAsync>['run']>;
  return {
    isAsync: () => property.isAsync(),
    generate: (random, runId) => property.generate(random, runId),
    shrink: (value) => property.shrink(value),
    run: (value) => {
      if (!interrupted()) return property.run(value);
      // `true`: interrupt the whole check, as fast-check's own time limit does.
      const stop = new fc.PreconditionFailure(true);
      return (property.isAsync() ? Promise.resolve(stop) : stop) as Run;
    },
    runBeforeEach: () => property.runBeforeEach(),
    runAfterEach: () => property.runAfterEach(),
  };
}
