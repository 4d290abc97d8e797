/**
 * A report as a list of blocks of plain text and figures: the Markdown and
 * HTML reports are two renderings of one document, so they hold the same
 * content. All text here is raw (from the scenario and the results); the
 * renderers escape it.
 */
export type Block =
  | { readonly kind: 'heading'; readonly level: 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly numeric: readonly boolean[] }
  | { readonly kind: 'chart'; readonly chartId: string; readonly title: string; readonly caption: string }
  | { readonly kind: 'code'; readonly text: string };

export interface ReportDoc {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export const heading = (text: string, level: 2 | 3 = 2): Block => ({ kind: 'heading', level, text });
export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const code = (text: string): Block => ({ kind: 'code', text });

/** A table; a column is numeric (right-aligned) when every cell in it looks like a number or a dash. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): Block {
  const cells = rows.map((row) => row.map(String));
  const numeric = header.map((_, c) => cells.length > 0 && cells.every((row) => /^(-|[-+]?[\d.,]+( ?[%a-zA-Z]+)?)$/.test(row[c] ?? '')));
  return { kind: 'table', header, rows: cells, numeric };
}

/** A two-column table of names and values. */
export function facts(rows: readonly (readonly [string, string | number])[]): Block {
  return { kind: 'table', header: ['', ''], rows: rows.map(([name, value]) => [name, String(value)]), numeric: [false, false] };
}
