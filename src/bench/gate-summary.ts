/**
 * The gate's power, measured the way Etna does (Shi et al., ICFP 2023): for
 * every seeded bug, over seeds no test pins, how often the gate finds it and
 * how long that takes. This module only aggregates trials and formats them;
 * `src/cli/gate-bench.ts` runs them (it reads the wall clock).
 */

/** One `check --bug B --seed S` run. */
export interface GateTrial {
  readonly bug: string;
  readonly seed: number;
  readonly found: boolean;
  /** Wall seconds from the start to the first failing script (before shrinking); null when not found. */
  readonly secondsToFailure: number | null;
  /** Scripts run up to and including the first failing one. */
  readonly scriptsToFailure: number | null;
  /** Actions in the shrunk counterexample. */
  readonly shrunkActions: number | null;
  /** What failed first: a property, or `crash`. */
  readonly target: string | null;
  /** Scripts the check ran (up to the failure, or all of them). */
  readonly scripts: number;
}

export interface BugPower {
  readonly bug: string;
  readonly seeds: number;
  /** Seeds on which `check --time` found it. */
  readonly found: number;
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
  readonly medianShrunk: number | null;
  readonly maxShrunk: number | null;
  /** Seeds on which `check --runs N` (the default size, a deterministic figure) found it. */
  readonly foundAtDefaultSize: number;
  /** The properties that found it, most often first. */
  readonly foundBy: readonly string[];
}

export interface GateTargets {
  readonly minFound: number;
  readonly maxMedianSeconds: number;
  readonly maxMedianShrunk: number;
  readonly minFoundAtDefaultSize: number;
}

export interface GateBenchReport {
  readonly format: 'mirrorsim.gate-bench/1';
  readonly seeds: readonly number[];
  readonly timeBudgetSeconds: number;
  readonly defaultRuns: number;
  readonly targets: GateTargets;
  readonly bugs: readonly BugPower[];
  /** Scripts per second through every property, on the real protocol (one process, one core). */
  readonly scriptsPerSecond: number;
  readonly allMet: boolean;
  readonly timed: readonly GateTrial[];
  readonly atDefaultSize: readonly GateTrial[];
}

/** The value at fraction `q` of the sorted values (nearest rank); null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function bugPower(bug: string, timed: readonly GateTrial[], atDefaultSize: readonly GateTrial[]): BugPower {
  const mine = timed.filter((t) => t.bug === bug);
  const hits = mine.filter((t) => t.found);
  const seconds = hits.map((t) => t.secondsToFailure!);
  const shrunk = hits.map((t) => t.shrunkActions!);
  const by = new Map<string, number>();
  for (const t of hits) by.set(t.target!, (by.get(t.target!) ?? 0) + 1);
  return {
    bug,
    seeds: mine.length,
    found: hits.length,
    medianSeconds: quantile(seconds, 0.5),
    p90Seconds: quantile(seconds, 0.9),
    medianShrunk: quantile(shrunk, 0.5),
    maxShrunk: shrunk.length === 0 ? null : Math.max(...shrunk),
    foundAtDefaultSize: atDefaultSize.filter((t) => t.bug === bug && t.found).length,
    foundBy: [...by].sort((a, b) => b[1] - a[1]).map(([target]) => target),
  };
}

export function meetsTargets(power: BugPower, targets: GateTargets): boolean {
  return (
    power.found >= targets.minFound &&
    power.medianSeconds !== null &&
    power.medianSeconds <= targets.maxMedianSeconds &&
    power.medianShrunk !== null &&
    power.medianShrunk <= targets.maxMedianShrunk &&
    power.foundAtDefaultSize >= targets.minFoundAtDefaultSize
  );
}

/** The table in docs/gate.md: one row per bug. */
export function gateTable(report: GateBenchReport): string {
  const n = report.seeds.length;
  const fmt = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));
  const rows = report.bugs.map((b) =>
    [
      `\`${b.bug}\``,
      `${b.found}/${n}`,
      fmt(b.medianSeconds),
      fmt(b.p90Seconds),
      fmt(b.medianShrunk, 0),
      fmt(b.maxShrunk, 0),
      `${b.foundAtDefaultSize}/${n}`,
      b.foundBy.join(', ') || '—',
      meetsTargets(b, report.targets) ? 'yes' : '**no**',
    ].join(' | '),
  );
  const t = report.targets;
  return [
    `| bug | found (\`--time ${report.timeBudgetSeconds}s\`) | median s to failure | p90 s | median shrunk | largest shrunk | found (\`--runs ${report.defaultRuns}\`) | found by | targets met |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    `Seeds ${report.seeds[0]}–${report.seeds[report.seeds.length - 1]} (no test pins them). Targets: found on at least ${t.minFound} of ${n} seeds, median time to the first failure at most ${t.maxMedianSeconds} s on one core, median shrunk length at most ${t.maxMedianShrunk} actions, and at the default size found on at least ${t.minFoundAtDefaultSize} of ${n} seeds. The gate judges ${report.scriptsPerSecond.toFixed(0)} scripts a second through every property on the real protocol (one core).`,
  ].join('\n');
}
