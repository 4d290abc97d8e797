import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { program } from './cli/main.js';
import {
  commandSource,
  fileIsThere,
  filesOf,
  isPlaceholder,
  parseMirrorsim,
  runMirrorsim,
  shellCommands,
  yamlProblems,
  type CommandSource,
} from './testing/doc-examples.js';
import { codeBlocks, headingAnchors, inlineCode, linkTargets, type CodeBlock } from './testing/markdown.js';
import { typeErrors } from './testing/typecheck-examples.js';

/**
 * The documentation cannot drift from the code: every YAML example in
 * README.md and docs/ is loaded as the loader would, every TypeScript
 * example type-checked against the built package, every mirrorsim command
 * is parsed by the command line's own parser with every file it reads
 * required to exist, the cheap ones are run (their shown output compared),
 * the synopsis of the command line lists exactly the commands and options
 * there are, and every link lands on a page and a heading that exist. How a
 * block is read is said in src/testing/doc-examples.ts.
 */

const PAGES = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))].sort();
const text = (file: string) => readFileSync(file, 'utf8');
const blocks = PAGES.flatMap((file) => codeBlocks(file, text(file)));

/** Commands cheap enough to run in a unit test: they read a little and simulate nothing. */
const isCheap = (args: readonly string[]) =>
  args.includes('--help') || args[0] === 'validate' || args[0] === 'schema' || (args[0] === 'check' && args.slice(1).every((a) => a === '--list-bugs' || a === '--list-properties'));

/** Everything wrong with the commands of one example. */
async function commandProblems(source: CommandSource): Promise<string[]> {
  const problems: string[] = [];
  const written = new Set<string>();
  for (const line of source.lines) {
    for (const words of shellCommands(line.text)) {
      const where = `${source.at}: \`${line.text.trim()}\``;
      problems.push(...(await oneCommandProblems(words, line.output, written, source.readersFiles)).map((p) => `${where}: ${p}`));
    }
  }
  return problems;
}

async function oneCommandProblems(words: string[], shown: readonly string[], written: Set<string>, readersFiles: readonly string[]): Promise<string[]> {
  const args = mirrorsimArgs(words);
  if (args === null) return otherCommandProblems(words);
  if (args.length === 0) return [];
  // `mirrorsim check-history` in a sentence names a command; it need not be a whole command line.
  if (words[0] === 'mirrorsim' && args.length === 1 && !args[0]!.startsWith('-')) return program({ code: 0 }).commands.some((c) => c.name() === args[0]) ? [] : [`there is no command ${args[0]}`];
  const parsed = await parseMirrorsim(args);
  if (typeof parsed === 'string') return [parsed];
  const { reads, writes } = filesOf(parsed);
  const missing = reads.filter((file) => !fileIsThere(file, written, readersFiles));
  writes.forEach((file) => written.add(normalize(file)));
  if (missing.length > 0) return [`reads ${missing.join(', ')}, which does not exist`];
  if (!isCheap(args) || args.some(isPlaceholder) || reads.some((file) => readersFiles.includes(file))) return [];
  const run = runMirrorsim(args);
  const unseen = shown.filter((l) => !l.includes('…') && !run.output.includes(l));
  if (unseen.length > 0) return [`shows output it does not print: ${unseen.join(' | ')} (it printed: ${run.output.join(' | ')})`];
  // A refusal (exit 2) is right only where the example shows it.
  if (run.code === 0 || (run.code === 2 && shown.length > 0)) return [];
  return [`exits ${run.code}: ${run.output.join(' | ')}`];
}

/** The arguments after `mirrorsim`, or null for a command that is not mirrorsim. */
function mirrorsimArgs(words: readonly string[]): string[] | null {
  if (words[0] === 'npx' && words[1] === 'mirrorsim') return words.slice(2);
  if (words[0] === 'mirrorsim') return words.slice(1);
  if (words[0] === 'node' && words[1] === 'bin/mirrorsim.js') return words.slice(2);
  return null;
}

/** npm scripts must exist, and a built module must have its source. */
function otherCommandProblems(words: readonly string[]): string[] {
  const scripts = (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts;
  if (words[0] === 'npm' && words[1] === 'run' && !(words[2]! in scripts)) return [`npm has no script ${words[2]}`];
  const built = words[0] === 'node' ? /^dist\/(.+)\.js$/.exec(words[1] ?? '') : null;
  if (built && !existsSync(`src/${built[1]}.ts`)) return [`src/${built[1]}.ts does not exist`];
  return [];
}

/** Inline `npx mirrorsim …` (and `npm run …`) spans; `a|b` stands for both. */
function inlineSources(file: string): CommandSource[] {
  return inlineCode(text(file))
    .filter((span) => /^(npx mirrorsim|mirrorsim|node bin\/mirrorsim\.js|npm run|node dist\/)\s+\S/.test(span))
    .flatMap((span) => {
      const alternatives = /(\S+\|\S+)/.exec(span);
      const spans = alternatives ? alternatives[1]!.split('|').map((alt) => span.replace(alternatives[1]!, alt)) : [span];
      return spans.map((one) => ({ at: `${file} (\`${span}\`)`, lines: [{ text: one, output: [] }], readersFiles: [] }));
    });
}

function linkProblems(file: string, markdown = text(file)): string[] {
  return linkTargets(markdown)
    .filter((target) => !/^(https?:|mailto:)/.test(target))
    .flatMap((target) => {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const page = path === '' ? file : normalize(join(dirname(file), path));
      if (path !== '' && !existsSync(page)) return [`${file}: link to ${target}: no such file`];
      const headings = () => headingAnchors(path === '' ? markdown : text(page));
      if (anchor !== undefined && !headings().has(anchor)) return [`${file}: link to ${target}: ${page} has no heading #${anchor}`];
      return [];
    });
}

/** Paths of the checkout named in inline code must exist, except what commands write. */
const WRITTEN_BY_COMMANDS = ['reports/runs/', 'reports/sweeps/', 'reports/e2e/', 'reports/bench/mutation/', 'dist/'];
function pathProblems(file: string, markdown = text(file)): string[] {
  return inlineCode(markdown)
    .filter((span) => /^(src|properties|scenarios|schemas|scripts|e2e|reports|docs|bin|stryker-plugins|\.ci)\/[\w./-]*$/.test(span))
    .filter((path) => !WRITTEN_BY_COMMANDS.some((prefix) => path.startsWith(prefix)) && !existsSync(path))
    .map((path) => `${file}: \`${path}\` does not exist`);
}

/** The synopsis (`<!-- docs-test: synopsis -->`) lists every command with exactly its options. */
function synopsisProblems(block: CodeBlock): string[] {
  const cli = program({ code: 0 });
  // `--faults` is the default, kept only so that older command lines still parse.
  const unlisted = new Set(['check --faults']);
  const listed = new Map(block.text.split('\n').flatMap((line) => {
    const name = /^mirrorsim ([a-z][a-z-]*)/.exec(line)?.[1];
    return name ? [[name, new Set(line.match(/--[a-z-]+/g) ?? [])] as const] : [];
  }));
  return cli.commands.flatMap((command) => {
    const options = listed.get(command.name());
    if (!options) return [`${block.at}: the synopsis has no line for ${command.name()}`];
    const longs = command.options.map((o) => o.long!).filter((long) => !unlisted.has(`${command.name()} ${long}`));
    return [
      ...longs.filter((long) => !options.has(long)).map((long) => `${block.at}: ${command.name()} ${long} is not in the synopsis`),
      ...[...options].filter((long) => !longs.includes(long)).map((long) => `${block.at}: ${command.name()} has no option ${long}`),
    ];
  }).concat([...listed.keys()].filter((name) => !cli.commands.some((c) => c.name() === name)).map((name) => `${block.at}: there is no command ${name}`));
}

describe('the documentation', () => {
  it('has pages, and YAML and shell examples to check', () => {
    expect(PAGES.length).toBeGreaterThan(10);
    expect(blocks.filter((b) => b.lang === 'yaml').length).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((b) => b.lang === 'sh').length).toBeGreaterThanOrEqual(8);
  });

  it('README.md begins with the two commands a newcomer runs', async () => {
    const first = codeBlocks('README.md', text('README.md'))[0]!;
    expect(text('README.md').split('\n').slice(0, 3).join('\n')).toBe('# mirrorsim\n\n```sh');
    expect(first.text.split('\n').map((l) => shellCommands(l))).toEqual([
      [['npm', 'ci'], ['npx', 'mirrorsim', 'run', 'scenarios/baseline.yaml']],
      [['npm', 'test']],
    ]);
    expect(await commandProblems(commandSource(first))).toEqual([]);
  });

  it('README.md and docs/README.md link every page of docs/', () => {
    const pages = PAGES.filter((p) => p.startsWith('docs/') && p !== 'docs/README.md');
    const linked = (file: string) => new Set(linkTargets(text(file)).map((t) => normalize(join(dirname(file), t.split('#')[0]!))));
    expect(pages.filter((p) => !linked('README.md').has(p))).toEqual([]);
    expect(pages.filter((p) => !linked('docs/README.md').has(p))).toEqual([]);
  });

  it('loads every YAML example: a scenario, a fragment merged into a shipped one, or an experiment', () => {
    expect(blocks.filter((b) => b.lang === 'yaml').flatMap(yamlProblems)).toEqual([]);
  });

  it('parses every mirrorsim command with the command line\'s own parser, the files it reads there; runs the cheap ones', async () => {
    const sources = [...blocks.filter((b) => b.marker !== 'synopsis').map(commandSource), ...PAGES.flatMap(inlineSources)];
    expect(sources.flatMap((s) => s.lines).length).toBeGreaterThan(30);
    const problems = (await Promise.all(sources.map(commandProblems))).flat();
    expect(problems).toEqual([]);
  });

  it('type-checks every TypeScript example as a user\'s project would, importing the built package', () => {
    const examples = blocks.filter((b) => b.lang === 'ts');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.filter((b) => !/from 'mirrorsim'/.test(b.text)).map((b) => b.at)).toEqual([]);
    expect(typeErrors(examples)).toEqual([]);
  });

  it('has a synopsis of the command line listing every command with exactly its options', () => {
    const synopses = blocks.filter((b) => b.marker === 'synopsis');
    expect(synopses).toHaveLength(1);
    expect(synopsisProblems(synopses[0]!)).toEqual([]);
  });

  it('links only to files and headings that exist, and names only paths that exist', () => {
    expect(PAGES.flatMap((file) => linkProblems(file))).toEqual([]);
    expect(PAGES.flatMap((file) => pathProblems(file))).toEqual([]);
  });
});

describe('the documentation test', () => {
  const block = (lang: string, body: string, marker: string | null = null): CodeBlock => ({ at: 'planted.md:1', lang, text: body, marker });
  const scenario = text('docs/scenarios.md');
  const example = codeBlocks('docs/scenarios.md', scenario).find((b) => b.lang === 'yaml' && b.marker === null)!;

  it('refuses a scenario example with a misspelt key, or a fragment that names what its scenario lacks', () => {
    expect(yamlProblems(example)).toEqual([]);
    expect(yamlProblems({ ...example, text: example.text.replace('readFraction: 0.7', 'readFracton: 0.7') }).join('\n')).toMatch(/unknown key "readFracton"/);
    expect(yamlProblems(block('yaml', 'timeline:\n  - { at: 1s, failDrive: d99 }', 'fragment of scenarios/faults/drive-failure.yaml')).join('\n')).toMatch(/d99/);
    expect(yamlProblems(block('yaml', 'name: x', 'a scenario, honest'))).toEqual([expect.stringMatching(/unknown docs-test marker/)]);
  });

  it('refuses a TypeScript example that does not type-check', () => {
    const example = blocks.find((b) => b.lang === 'ts' && b.text.includes('class TopDownCopy'))!;
    expect(typeErrors([{ ...example, text: example.text.replace('this.pair.tracks - 1', 'this.pair.trackz - 1') }])).toEqual([
      expect.stringMatching(/^docs\/gate\.md:\d+ \(line \d+ of the example\): Property 'trackz' does not exist on type 'Pair'/),
    ]);
  });

  it('refuses a command with an option the command does not have, or a file that is not there', async () => {
    expect(await commandProblems(commandSource(block('sh', 'npx mirrorsim check --runs 300 --seed 7')))).toEqual([]);
    expect((await commandProblems(commandSource(block('sh', 'npx mirrorsim check --rnus 300')))).join('\n')).toMatch(/unknown option '--rnus'/);
    expect((await commandProblems(commandSource(block('sh', 'npx mirrorsim run scenarios/no-such.yaml')))).join('\n')).toMatch(/reads scenarios\/no-such.yaml, which does not exist/);
    expect(await commandProblems(commandSource(block('sh', 'npx mirrorsim run scenarios/baseline.yaml --history h.jsonl && npx mirrorsim check-history h.jsonl')))).toEqual([]);
    expect((await commandProblems(commandSource(block('sh', 'npm run bench:nothing')))).join('\n')).toMatch(/no script bench:nothing/);
  });

  it('runs a cheap command and compares the output it shows', async () => {
    const shown = '$ npx mirrorsim validate docs/examples/broken.yaml\ndocs/examples/broken.yaml:17:13: hosts[1].workload.skew: expected a positive number up to 10, got "high"';
    expect(await commandProblems(commandSource(block('', shown)))).toEqual([]);
    expect((await commandProblems(commandSource(block('', shown.replace('17:13', '17:14'))))).join('\n')).toMatch(/shows output it does not print/);
    expect((await commandProblems(commandSource(block('', '$ npx mirrorsim validate docs/examples/broken.yaml'))))).toEqual([expect.stringMatching(/exits 2/)]);
  });

  it('refuses a link to a page or a heading that is not there, a path that is not there, and a synopsis missing an option', () => {
    expect(linkProblems('docs/planted.md', '[ok](gate.md#mutation-testing-of-the-gate), [ok](../README.md), [ok](#here)\n# Here')).toEqual([]);
    expect(linkProblems('docs/planted.md', 'see [the gate](gate.md#mutation-testing)')).toEqual(['docs/planted.md: link to gate.md#mutation-testing: docs/gate.md has no heading #mutation-testing']);
    expect(linkProblems('docs/planted.md', 'see [traces](traces-nowhere.md)')).toEqual(['docs/planted.md: link to traces-nowhere.md: no such file']);
    expect(pathProblems('docs/planted.md', '`src/verify/bugs/` and `src/verify/bugz/`')).toEqual(['docs/planted.md: `src/verify/bugz/` does not exist']);
    expect(headingAnchors('# Verification: the gate\n## Libraries, and why\n## `query` answers')).toEqual(new Set(['verification-the-gate', 'libraries-and-why', 'query-answers']));
    const synopsis = blocks.find((b) => b.marker === 'synopsis')!;
    expect(synopsisProblems({ ...synopsis, text: synopsis.text.replace(' [--physical]', '') })).toEqual([`${synopsis.at}: run --physical is not in the synopsis`]);
    expect(synopsisProblems({ ...synopsis, text: synopsis.text.replace('[--quiet]', '[--quiet] [--loud]') })).toContain(`${synopsis.at}: run has no option --loud`);
  });
});
