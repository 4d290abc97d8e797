/** A plain-text table: columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number' || /^[\d.,%-]+( \w+)?$/.test(String(row[c]))));
  const widths = header.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, c) => (numeric[c] && c > 0 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Nanoseconds as milliseconds, two decimals. */
export function ms(ns: number): string {
  return (ns / 1e6).toFixed(2);
}

export function seconds(ns: number): string {
  return `${(ns / 1e9).toFixed(3)} s`;
}
