/** Number formats of a sweep report: fixed rules, no locale, so that a report is the same everywhere. */

/** About four significant digits, never in exponent form for the magnitudes sweeps measure. */
export function num(x: number | null): string {
  if (x === null) return '-';
  const a = Math.abs(x);
  // Below a nanosecond of a second, a millionth of a millisecond: rounding noise (the mean of equal values, say).
  if (a < 1e-9) return '0';
  if (Number.isInteger(x) && a < 1e15) return String(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** A parameter's value as text: numbers and strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? 'null';
}
