import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import YAML from 'yaml';
import { program } from '../cli/main.js';
import { parseScenario } from '../scenario/load.js';
import { parseExperiment } from '../sweep/load-experiment.js';
import type { CodeBlock } from './markdown.js';

/**
 * What src/docs.test.ts holds the documentation's examples to. Each check
 * returns its problems as text naming the example (`file:line`), empty when
 * the example is right, so that a test can also plant a broken example and
 * see it refused.
 *
 * How a YAML block is read, from the `<!-- docs-test: … -->` marker on the
 * line before its fence:
 * - no marker: a whole scenario, loaded as if it were a file in `scenarios/`;
 * - `fragment of FILE`: merged into that shipped scenario (mappings merged
 *   key by key, anything else replaced) and the result loaded as FILE;
 * - `experiment in DIR`: an experiment, loaded as if it were DIR/experiment.yaml;
 * - `not a scenario: WHY`: not loaded (its `run:` steps are still commands).
 * Before a shell block, `the reader's files: A, B` names files the example
 * supposes the reader has; every other file a command reads must exist.
 */

const SCENARIO_HOME = 'scenarios/docs-example.yaml';

export function yamlProblems(block: CodeBlock): string[] {
  const placed = placement(block);
  if (typeof placed === 'string') return [`${block.at}: ${placed}`];
  if (placed.kind === 'not a scenario') return [];
  const problems = schemaLineProblems(block, placed.file);
  try {
    if (placed.kind === 'experiment') parseExperiment(block.text, placed.file);
    else if (placed.kind === 'fragment') parseScenario(YAML.stringify(merge(YAML.parse(readFileSync(placed.file, 'utf8')), YAML.parse(block.text))), placed.file);
    else parseScenario(block.text, placed.file);
  } catch (error) {
    problems.push(`${block.at}: the ${placed.kind} is refused:\n${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

type Placement = { kind: 'scenario' | 'fragment' | 'experiment'; file: string } | { kind: 'not a scenario' };

function placement(block: CodeBlock): Placement | string {
  const marker = block.marker;
  if (marker === null) return { kind: 'scenario', file: SCENARIO_HOME };
  const fragment = /^fragment of (\S+)$/.exec(marker);
  if (fragment) return existsSync(fragment[1]!) ? { kind: 'fragment', file: fragment[1]! } : `a fragment of ${fragment[1]}, which does not exist`;
  const experiment = /^experiment in (\S+)$/.exec(marker);
  if (experiment) return existsSync(experiment[1]!) ? { kind: 'experiment', file: join(experiment[1]!, 'experiment.yaml') } : `an experiment in ${experiment[1]}, which does not exist`;
  if (/^not a scenario: \S/.test(marker)) return { kind: 'not a scenario' };
  return `unknown docs-test marker "${marker}" (expected "fragment of FILE", "experiment in DIR" or "not a scenario: WHY")`;
}

/** An editor's `$schema=` line must name the schema from where the example is placed. */
function schemaLineProblems(block: CodeBlock, file: string): string[] {
  return [...block.text.matchAll(/\$schema=(\S+)/g)]
    .map((m) => m[1]!)
    .filter((schema) => !existsSync(resolve(dirname(file), schema)))
    .map((schema) => `${block.at}: $schema=${schema} names no file from ${dirname(file)}/`);
}

function merge(base: unknown, fragment: unknown): unknown {
  if (fragment === null || fragment === undefined) return base;
  if (!isMapping(base) || !isMapping(fragment)) return fragment;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(fragment)) merged[key] = merge(base[key], value);
  return merged;
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One place commands appear in: a code block, or an inline code span. Files written by an earlier command are there for later ones. */
export interface CommandSource {
  readonly at: string;
  readonly lines: readonly CommandLine[];
  /** Files the example supposes the reader has (the block's marker). */
  readonly readersFiles: readonly string[];
}

export interface CommandLine {
  readonly text: string;
  /** Output shown under a `$ ` line, to compare with the real output when the command is run. */
  readonly output: readonly string[];
}

/** The commands of a code block: every line of a shell block, `$ ` lines elsewhere, a workflow's `run:` steps. */
export function commandSource(block: CodeBlock): CommandSource {
  const readers = /^the reader's files: (.+)$/.exec(block.marker ?? '');
  const readersFiles = readers ? readers[1]!.split(',').map((f) => f.trim()) : [];
  const raw = block.text.replace(/\\\n\s*/g, ' ').split('\n');
  if (block.lang === 'sh') return { at: block.at, lines: raw.map((text) => ({ text, output: [] })), readersFiles };
  if (block.lang === 'yaml') {
    const steps = raw.flatMap((line) => /^\s*(?:- )?run: (.*)$/.exec(line)?.[1] ?? []);
    // A workflow's expressions (`${{ matrix.shard }}`) stand for a value: the first shard's.
    return { at: block.at, lines: steps.map((text) => ({ text: text.replace(/\$\{\{[^}]*\}\}/g, '1'), output: [] })), readersFiles };
  }
  const lines: CommandLine[] = [];
  for (const line of raw) {
    const prompt = /^\s*\$ (.*)$/.exec(line);
    if (prompt) lines.push({ text: prompt[1]!, output: [] });
    else if (lines.length > 0 && line.trim() !== '') (lines[lines.length - 1]!.output as string[]).push(line.trim());
  }
  return { at: block.at, lines, readersFiles };
}

/** Splits a shell line into commands of words: quotes kept together, `#` comments, redirections and `VAR=value` prefixes dropped. */
export function shellCommands(line: string): string[][] {
  const words = [...line.replace(/;(?=\s|$)/g, ' ; ').matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => ({ word: m[1] ?? m[2] ?? m[3]!, quoted: m[3] === undefined }));
  const commands: string[][] = [[]];
  for (let i = 0; i < words.length; i++) {
    const { word, quoted } = words[i]!;
    if (!quoted && word.startsWith('#')) break;
    if (!quoted && ['&&', '||', ';', '|'].includes(word)) commands.push([]);
    else if (!quoted && /^\d?>>?&?\d?$/.test(word)) i++;
    else if (!quoted && /^\d?>/.test(word)) continue;
    else if (!quoted && commands[commands.length - 1]!.length === 0 && /^\w+=/.test(word)) continue;
    else commands[commands.length - 1]!.push(word);
  }
  return commands.filter((c) => c.length > 0);
}

/** A mirrorsim command line as the command's own parser reads it. */
export interface ParsedCommand {
  readonly name: string;
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly help: boolean;
}

/** Parses `mirrorsim ARGS` with the command line's own parser, running nothing. Returns the parse, or why it was refused. */
export async function parseMirrorsim(args: readonly string[]): Promise<ParsedCommand | string> {
  const cli = program({ code: 0 });
  let parsed: ParsedCommand | null = null;
  let said = '';
  const quiet = { writeOut: (text: string) => void (said += text), writeErr: (text: string) => void (said += text) };
  for (const command of [cli, ...cli.commands]) {
    command.configureOutput(quiet);
    if (command !== cli) {
      command.action(function (this: Command) {
        parsed = { name: this.name(), args: this.processedArgs.flat() as string[], options: this.opts(), help: false };
      });
    }
  }
  try {
    await cli.parseAsync(['node', 'mirrorsim', ...args]);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return { name: args[0] ?? '', args: [], options: {}, help: true };
    return `refused: ${error instanceof Error ? error.message : String(error)} ${said.trim()}`.trim();
  }
  return parsed ?? `no command ran for "${args.join(' ')}"`;
}

/** The files a mirrorsim command reads, and those it writes. */
export function filesOf(command: ParsedCommand): { reads: string[]; writes: string[] } {
  const option = (name: string) => (typeof command.options[name] === 'string' ? [command.options[name] as string] : []);
  switch (command.name) {
    case 'run': {
      const out = option('out').length > 0 ? option('out') : defaultRunFolder(command.args[0]!);
      return { reads: command.args.slice(0, 1), writes: [...out, ...out.map((dir) => join(dir, 'results.json')), ...option('history'), ...option('trace')] };
    }
    case 'validate':
    case 'drive-check':
    case 'merge':
      return { reads: [...command.args], writes: option('out') };
    case 'report':
    case 'sweep':
    case 'check-history':
      return { reads: command.args.slice(0, 1), writes: option('out') };
    case 'check':
      return { reads: [], writes: [...option('junit'), ...option('save')] };
    default:
      return { reads: [], writes: [] };
  }
}

/** `run` writes into reports/runs/<the scenario's name>/ unless told otherwise. */
function defaultRunFolder(scenario: string): string[] {
  if (!existsSync(scenario)) return [];
  const name = /^name:\s*(\S+)/m.exec(readFileSync(scenario, 'utf8'))?.[1];
  return name ? [join('reports/runs', name)] : [];
}

/** A word that stands for a value the reader fills in: `<token>`, `FILE`, `NAME`. */
export const isPlaceholder = (word: string) => /^<[^>]+>$/.test(word) || /^[A-Z][A-Z0-9_]*$/.test(word);

/** Whether a file a command reads is there: in the checkout, written by an earlier command of the example, or the reader's. */
export function fileIsThere(path: string, written: ReadonlySet<string>, readersFiles: readonly string[]): boolean {
  if (isPlaceholder(path) || readersFiles.includes(path)) return true;
  const known = (p: string) => existsSync(p) || written.has(p) || [...written].some((w) => p.startsWith(`${w}/`));
  if (!basename(path).includes('*')) return known(path);
  // A glob in the last part, as the shell expands it.
  const pattern = new RegExp(`^${basename(path).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  const folder = dirname(path);
  const candidates = [...written, ...(existsSync(folder) ? readdirSync(folder).map((f) => join(folder, f)) : [])];
  return candidates.some((c) => dirname(c) === folder && pattern.test(basename(c)));
}

/** Runs the built command (`npm test` builds first), as a user would. */
export function runMirrorsim(args: readonly string[]): { code: number | null; output: string[] } {
  const run = spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}\n${run.stderr}`.split('\n').map((l) => l.trim()).filter((l) => l !== '') };
}
