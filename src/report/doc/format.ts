/** Number formats of the reports: fixed decimals, no locale, so a report is the same everywhere. */

export { ms } from '../table.js';

/** Nanoseconds as seconds, three decimals. */
export function secondsText(ns: number): string {
  return (ns / 1e9).toFixed(3);
}

/** Bytes in binary units (the scenario's own: 4 KiB, 64 MiB), exact when a whole number. */
export function bytesText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

export function percent(fraction: number): string {
  return (100 * fraction).toFixed(1);
}
