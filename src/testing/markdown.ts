/**
 * Just enough of Markdown, as GitHub reads it, to test the documentation:
 * fenced code blocks (with the `<!-- docs-test: … -->` marker on the line
 * before, if any), inline code spans, links, and heading anchors.
 */

export interface CodeBlock {
  /** The Markdown file and the line of the opening fence (1-based). */
  readonly at: string;
  readonly lang: string;
  readonly text: string;
  /** What the `<!-- docs-test: MARKER -->` on the line before the fence says, or null. */
  readonly marker: string | null;
}

const FENCE = /^( *)(`{3,})\s*([\w-]*)\s*$/;
const MARKER = /^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$/;

export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, ticks, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !(lines[j]!.trim() === ticks && lines[j]!.startsWith(indent!)); j++) body.push(lines[j]!.slice(indent!.length));
    if (j === lines.length) throw new Error(`${file}:${i + 1}: a code block that is never closed`);
    const marker = i > 0 ? MARKER.exec(lines[i - 1]!)?.[1] ?? null : null;
    blocks.push({ at: `${file}:${i + 1}`, lang: lang!, text: body.join('\n'), marker });
    i = j;
  }
  return blocks;
}

/** The Markdown with every fenced code block blanked out (lines kept, so that positions still count). */
export function withoutCodeBlocks(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | null = null;
  return lines
    .map((line) => {
      const open = FENCE.exec(line);
      if (fence === null && open) {
        fence = open[2]!;
        return '';
      }
      if (fence !== null) {
        if (line.trim() === fence) fence = null;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** Inline code spans outside code blocks, a span broken over lines joined with a space. */
export function inlineCode(markdown: string): string[] {
  return [...withoutCodeBlocks(markdown).matchAll(/(`+)([^`]+?)\1/g)].map((m) => m[2]!.replace(/\s*\n\s*/g, ' ').trim());
}

/** Link targets outside code: `[text](target)`, the text possibly broken over lines. */
export function linkTargets(markdown: string): string[] {
  const prose = withoutCodeBlocks(markdown).replace(/`[^`]*`/g, '``');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCodeBlocks(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .replace(/[`*]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
