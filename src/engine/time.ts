/** Simulated time is an integer number of nanoseconds since the run began. */
export type TimeNs = number;

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

export const usToNs = (us: number): TimeNs => Math.round(us * NS_PER_US);
export const msToNs = (ms: number): TimeNs => Math.round(ms * NS_PER_MS);
export const sToNs = (s: number): TimeNs => Math.round(s * NS_PER_S);
export const nsToMs = (ns: TimeNs): number => ns / NS_PER_MS;
export const nsToUs = (ns: TimeNs): number => ns / NS_PER_US;

/** Parses a duration such as `250ms`, `1.5s`, `20us`, `100ns`, `2m` (minutes) into nanoseconds. */
export function parseDurationNs(text: string): TimeNs | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|min)?\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor: Record<string, number> = {
    ns: 1, us: NS_PER_US, µs: NS_PER_US, ms: NS_PER_MS, s: NS_PER_S, m: 60 * NS_PER_S, min: 60 * NS_PER_S,
  };
  const ns = Math.round(value * factor[unit]!);
  return Number.isSafeInteger(ns) ? ns : undefined;
}

/** Formats nanoseconds for people: `0 ns`, `12.5 µs`, `3.21 ms`, `1.500 s`. */
export function formatNs(ns: TimeNs): string {
  if (ns < NS_PER_US) return `${ns} ns`;
  if (ns < NS_PER_MS) return `${(ns / NS_PER_US).toFixed(1)} µs`;
  if (ns < NS_PER_S) return `${(ns / NS_PER_MS).toFixed(2)} ms`;
  return `${(ns / NS_PER_S).toFixed(3)} s`;
}
