import type { Block } from '../doc/index.js';
import { escapeHtml } from '../escape.js';

/** The canvas id of a chart; chart ids are file-safe already, escaped all the same. */
export function canvasId(chartId: string): string {
  return `chart-${chartId}`;
}

function tableHtml(block: Extract<Block, { kind: 'table' }>): string {
  const cell = (tag: 'th' | 'td', text: string, c: number) => `<${tag}${block.numeric[c] ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const hasHeader = block.header.some((text) => text !== '');
  const head = hasHeader ? `<thead><tr>${block.header.map((text, c) => cell('th', text, c)).join('')}</tr></thead>` : '';
  const body = block.rows.map((row) => `<tr>${row.map((text, c) => cell('td', text, c)).join('')}</tr>`).join('\n');
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}

function chartHtml(block: Extract<Block, { kind: 'chart' }>): string {
  const id = escapeHtml(canvasId(block.chartId));
  return [
    '<figure>',
    `<div class="chart"><canvas id="${id}" role="img" aria-label="${escapeHtml(block.title)}"></canvas></div>`,
    `<figcaption>${escapeHtml(block.caption)}</figcaption>`,
    '</figure>',
  ].join('\n');
}

/** One block of the document as HTML; every piece of text is escaped. */
export function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'table':
      return tableHtml(block);
    case 'chart':
      return chartHtml(block);
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}
