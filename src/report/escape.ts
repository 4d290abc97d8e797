/**
 * Escaping for the reports. Everything a scenario or a run supplies (names,
 * descriptions, labels, step errors) passes through one of these before it
 * reaches Markdown or HTML.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const SCRIPT_UNSAFE: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for a `<script>` element: `<`, `>` and `&` become `\u` escapes, so
 * neither `</script>` nor `<!--` can end or bend the element, and U+2028/2029
 * are escaped for older JavaScript parsers. These characters can only occur
 * inside JSON strings, where the escapes mean the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c]!);
}

/**
 * Markdown text inside a line (a table cell, an image's alt text): `&`, `<`
 * and `>` as entities (Markdown passes raw HTML through; quotes are harmless
 * outside a tag), with Markdown's punctuation
 * backslash-escaped and line breaks flattened, so a name cannot become
 * markup, a link, or a new table cell or line.
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}

/** Markdown text that starts a line (a paragraph, a heading): also no list item or quote at its start. */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^([-+#])/, '\\$1')
    .replace(/^(\d+)\.(?=\s|$)/, '$1\\.');
}

/** A fenced code block that its content cannot close: the fence is longer than any backtick run inside. */
export function markdownFence(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${content}\n${fence}`;
}
