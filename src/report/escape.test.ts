import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeMarkdownInline, jsonForScript, markdownFence } from './escape.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('escapeHtml', () => {
  it('turns markup into text, in content and in quoted attributes', () => {
    expect(escapeHtml(HOSTILE)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
    expect(escapeHtml('</script><script>alert(2)</script>')).not.toMatch(/[<>]/);
  });

  it('leaves plain text alone and does not double-escape by accident', () => {
    expect(escapeHtml('p1 (prod → prod-bcv) 12.5 ms')).toBe('p1 (prod → prod-bcv) 12.5 ms');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('jsonForScript', () => {
  const value = { name: '</script><script>alert(1)</script>', other: '<!-- & -->', separators: 'a\u2028b\u2029c', n: 1.5 };

  it('holds no character that could end or bend a <script> element', () => {
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).not.toMatch(/<\/script/i);
    expect(json).toContain('\\u003c/script\\u003e');
  });

  it('parses back to the same value', () => {
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });
});

describe('escapeMarkdown', () => {
  it('keeps HTML from passing through Markdown', () => {
    expect(escapeMarkdownInline(HOSTILE)).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps names from becoming links, emphasis, code or new table cells', () => {
    expect(escapeMarkdownInline('[x](javascript:alert(1)) *a* _b_ `c` | d ~e~ \\')).toBe(
      '\\[x\\](javascript:alert(1)) \\*a\\* \\_b\\_ \\`c\\` \\| d \\~e\\~ \\\\',
    );
  });

  it('flattens line breaks, so text stays on its line (or table row)', () => {
    expect(escapeMarkdownInline('one\ntwo\r\n\nthree\u2028four')).toBe('one two three four');
  });

  it('keeps a paragraph from starting a heading, a list or a numbered list', () => {
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('12.5 ms is fine')).toBe('12.5 ms is fine');
  });

  it('fences code with more backticks than the code holds', () => {
    expect(markdownFence('npx mirrorsim run a.yaml')).toBe('```\nnpx mirrorsim run a.yaml\n```');
    expect(markdownFence('a ```` b')).toBe('`````\na ```` b\n`````');
  });
});
