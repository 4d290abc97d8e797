import type { Block, ReportDoc } from './doc/index.js';
import { escapeMarkdown, escapeMarkdownInline, markdownFence } from './escape.js';

/** Where the Markdown report expects each chart's PNG, relative to itself. */
export function chartPngPath(chartId: string): string {
  return `charts/${chartId}.png`;
}

function tableMarkdown(block: Extract<Block, { kind: 'table' }>): string {
  const row = (cells: readonly string[]) => `| ${cells.map((cell) => escapeMarkdownInline(cell) || ' ').join(' | ')} |`;
  const rule = `|${block.numeric.map((numeric) => (numeric ? ' ---: ' : ' --- ')).join('|')}|`;
  return [row(block.header), rule, ...block.rows.map(row)].join('\n');
}

function blockMarkdown(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return escapeMarkdown(block.text);
    case 'table':
      return tableMarkdown(block);
    case 'chart':
      return `![${escapeMarkdownInline(block.title)}](${chartPngPath(block.chartId)})\n\n*${escapeMarkdownInline(block.caption)}*`;
    case 'code':
      return markdownFence(block.text);
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

/** The Markdown report: the document's blocks, with the charts as PNG images beside it (see `chartPngPath`). */
export function markdownReport(doc: ReportDoc): string {
  return `${[`# ${escapeMarkdown(doc.title)}`, ...doc.blocks.map(blockMarkdown)].join('\n\n')}\n`;
}
