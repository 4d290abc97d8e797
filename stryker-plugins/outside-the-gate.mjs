// @ts-check
// Mutants that `mirrorsim check` cannot kill and need not: Stryker leaves them out of the score
// ("Ignored", with the reason below), and `npm run bench:mutation` lists them. Two kinds, chosen by
// the shape of the code, never by line numbers, so that the rule holds as the code changes:
//
// - An invariant's assertion: `if (test) throw new AssertionError(...)`, where `test` has no side
//   effect. In a correct run the test is false; a mutant that makes it false changes nothing (the
//   program is the same whenever the invariant holds), and one that makes it fire measures the
//   assertion, not the gate.
// - Output for the reports only: a statistic (`this.readHits++` and the like, counters of results.json
//   that no behaviour of the array reads, and an `if` that only counts one), the copy-progress samples
//   of the charts, a pair's state timeline, a trace record (the trace hash's input: the gate's two runs
//   of one mutant agree on it), the latency breakdown's stage ledger (`work.ledger?.enter(stage)` and the
//   functions that only keep it: the scenario runner gives host I/O a ledger, the gate never does), and an
//   observer's hook (`this.observer?.readArrived(…)`, `this.context.copyObserver?.picked(…)`: the cache or the
//   copy telling a watcher what it decided).
// An assertion may also be a function's whole body (`checkWritePending`): emptied, it is the assertion disabled.
//   Reports are checked by their own tests.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** Counters the reports read and the simulated array never does (grep them before adding one). */
export const STATISTICS = new Set(['readHits', 'readMisses', 'writes', 'destages', 'throttledWrites', 'destageErrors', 'readErrors']);

/** Functions whose only output is for the reports (the copy-progress samples of the charts, the stage ledger's bookkeeping). */
export const REPORT_FUNCTIONS = new Set(['sampleProgress', 'copiedOf', 'joinLast', 'waitStage', 'waitBehind']);

const REPORT_ONLY = 'output for the reports only (the charts\' progress samples, the latency breakdown\'s stage ledger): no behaviour of the array reads it';

/** Calls that only look: a test calling nothing else has no side effect. */
const LOOKUPS = new Set(['get', 'has']);
/** Functions that only read a table (src/protocol/state.ts: whether a state mirrors, whether its BCV answers). */
const PURE_FUNCTIONS = new Set(['mirrors', 'bcvAddressable']);

/** @param {any} node */
function throwsAssertion(node) {
  if (node.type === 'BlockStatement') return node.body.length === 1 && throwsAssertion(node.body[0]);
  return node.type === 'ThrowStatement' && node.argument?.type === 'NewExpression' && node.argument.callee.type === 'Identifier' && node.argument.callee.name === 'AssertionError';
}

/** @param {any} node `this.readHits++` and the like */
function isStatistic(node) {
  return node.type === 'UpdateExpression' && node.argument.type === 'MemberExpression' && node.argument.property.type === 'Identifier' && STATISTICS.has(node.argument.property.name);
}

/** @param {any} node a statement that only counts a statistic (`if (error) this.destageErrors++`) */
function countsOnly(node) {
  if (node.type === 'BlockStatement') return node.body.length === 1 && countsOnly(node.body[0]);
  return node.type === 'ExpressionStatement' && isStatistic(node.expression);
}

/** @param {any} path */
function sideEffectFree(path) {
  let pure = true;
  path.traverse({
    /** @param {any} p */
    CallExpression(p) {
      const callee = p.node.callee;
      const lookup = callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && LOOKUPS.has(callee.property.name);
      if (!lookup && !(callee.type === 'Identifier' && PURE_FUNCTIONS.has(callee.name))) pure = false;
    },
    AssignmentExpression() { pure = false; },
    UpdateExpression() { pure = false; },
  });
  return pure;
}

/** @param {any} path `if (test) throw new AssertionError(…)` with a side-effect-free test */
function isAssertion(path) {
  return path.isIfStatement() && !path.node.alternate && throwsAssertion(path.node.consequent) && sideEffectFree(path.get('test'));
}

/** @param {any} path the node Stryker asks about; returns the reason to ignore its mutants, or undefined */
export function outsideTheGate(path) {
  if (isAssertion(path)) {
    return "an invariant's assertion: disabled it changes nothing while the invariant holds; firing it measures the assertion, not the gate";
  }
  // A function whose body is one assertion (`checkWritePending`): emptied, it is the assertion disabled.
  if (path.isBlockStatement() && path.parentPath.isFunction() && path.node.body.length === 1 && isAssertion(path.get('body.0'))) {
    return "an invariant's assertion (the whole body of a function that only asserts): disabled it changes nothing while the invariant holds";
  }
  if (isStatistic(path.node) || (path.isIfStatement() && !path.node.alternate && countsOnly(path.node.consequent) && sideEffectFree(path.get('test')))) {
    return 'a statistic for the reports: no behaviour of the array reads it';
  }
  if (path.isFunctionDeclaration() && REPORT_FUNCTIONS.has(path.node.id?.name)) return REPORT_ONLY;
  if (path.isExpressionStatement()) {
    const call = path.node.expression;
    const callee = call.type === 'CallExpression' || call.type === 'OptionalCallExpression' ? call.callee : null;
    if (callee?.type === 'Identifier' && REPORT_FUNCTIONS.has(callee.name)) return REPORT_ONLY;
    if (isHookOf(callee, 'observer') || isContextHookOf(callee, 'copyObserver')) {
      return "an observer's hook (the cache or the copy telling the gate's probes what it decided): it changes nothing the array does";
    }
    if (isMember(callee, 'ledger', 'enter')) return "a stage of the latency breakdown (a report): the gate's host I/O keep no stage ledger";
    if (isMember(callee, 'trace', 'record')) return "a trace record: the trace hash's input; the two runs of one mutant agree on it, and no behaviour reads it";
    if (isMember(callee, 'timeline', 'push')) return "a pair's state timeline for the reports (the history records state changes itself)";
  }
  return undefined;
}

/** @param {any} callee whether it is `this.object?.anything` */
function isHookOf(callee, object) {
  return (
    (callee?.type === 'MemberExpression' || callee?.type === 'OptionalMemberExpression') &&
    (callee.object.type === 'MemberExpression' || callee.object.type === 'OptionalMemberExpression') &&
    callee.object.object.type === 'ThisExpression' &&
    callee.object.property.type === 'Identifier' &&
    callee.object.property.name === object
  );
}

/** @param {any} callee whether it is `this.context.object?.anything` */
function isContextHookOf(callee, object) {
  return (
    (callee?.type === 'MemberExpression' || callee?.type === 'OptionalMemberExpression') &&
    (callee.object.type === 'MemberExpression' || callee.object.type === 'OptionalMemberExpression') &&
    callee.object.property.type === 'Identifier' &&
    callee.object.property.name === object &&
    isHookOf(callee.object, 'context')
  );
}

/** @param {any} callee whether it is `….object.property` */
function isMember(callee, object, property) {
  return (
    (callee?.type === 'MemberExpression' || callee?.type === 'OptionalMemberExpression') &&
    callee.property.type === 'Identifier' &&
    callee.property.name === property &&
    (callee.object.type === 'MemberExpression' || callee.object.type === 'OptionalMemberExpression') &&
    callee.object.property.type === 'Identifier' &&
    callee.object.property.name === object
  );
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'outside-the-gate', { shouldIgnore: outsideTheGate })];
