import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import YAML from 'yaml';
import { ScenarioError, describeValue, formatPath, type ScenarioProblem } from './errors.js';

/**
 * Reading untrusted YAML within bounds. The `yaml` library is linear in its
 * input except for its duplicate-key check (quadratic in a mapping's size:
 * 80 000 keys take a minute), so keys are checked here, once, with a set;
 * nesting, aliases and tags are bounded too, so that every input is parsed,
 * or refused with its line, in time proportional to its size.
 */

/** Input files above this size are refused before parsing (a scenario is a few kilobytes). */
export const MAX_INPUT_BYTES = 2 ** 20;
/** Deepest nesting of mappings and lists accepted (a scenario needs six levels). */
export const MAX_DEPTH = 32;
/** Alias expansions allowed when building the plain value: a "billion laughs" document is refused, not expanded. */
const MAX_ALIAS_COUNT = 1000;

/** Reads at most `MAX_INPUT_BYTES` + 1 bytes, so that a device or a pipe without end cannot exhaust memory. */
export function readInputBytes(file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw whole(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw whole(file, 'cannot read the file (it is a directory)');
    const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_INPUT_BYTES) throw whole(file, `the file is larger than ${MAX_INPUT_BYTES} bytes (1 MiB), the limit for an input file`);
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw whole(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}

/** Decodes UTF-8 strictly: a file with invalid bytes is refused, with the line of the first, rather than read with replacement characters. */
export function decodeInput(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = Math.min(firstInvalidByte(bytes), bytes.length - 1);
    const line = bytes.subarray(0, offset).reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 1);
    throw new ScenarioError(file, [{ path: '', line, column: 1, message: `the file is not UTF-8 text (byte ${offset} is not valid UTF-8: binary data, or another encoding)` }]);
  }
}

/** Binary search on prefixes: a streaming decoder fails on a prefix exactly when it holds a complete invalid sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      low = mid + 1;
    } catch {
      high = mid;
    }
  }
  // The prefix fails at the byte that breaks a sequence; the sequence began at its lead byte, up to three before.
  for (let k = low - 1; k >= Math.max(0, low - 3); k--) {
    if ((bytes[k]! & 0xc0) === 0x80) continue;
    return bytes[k]! >= 0xc0 ? k : low;
  }
  return low;
}

/** Parses YAML (or JSON) text into a document whose structure was checked. Throws `ScenarioError` with lines. */
export function parseYamlDocument(text: string, file: string): { doc: YAML.Document; lineCounter: YAML.LineCounter } {
  if (text.length > MAX_INPUT_BYTES) throw whole(file, `the text is longer than ${MAX_INPUT_BYTES} characters (1 MiB), the limit for an input file`);
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true });
  const at = (offset: number) => linePos(lineCounter, offset);
  // Warnings are left to the checks below (an unresolved tag is refused there, with its path).
  const syntax = doc.errors.map((e): ScenarioProblem => ({ path: '', ...at(e.pos[0]), message: yamlMessage(e) }));
  if (syntax.length > 0) throw new ScenarioError(file, syntax);
  const problems = checkStructure(doc, at);
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return { doc, lineCounter };
}

/** The document as plain data, aliases expanded within bounds. */
export function plainValue(doc: YAML.Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = String((error as Error).message);
    if (/resource exhaustion/i.test(message)) throw whole(file, `aliases expand to too much data (over ${MAX_ALIAS_COUNT} nodes through one alias): an alias bomb?`);
    if (/call stack/i.test(message)) throw whole(file, `aliases nest the document too deeply (over ${MAX_DEPTH} levels)`);
    throw whole(file, `cannot read the document: ${message.split('\n')[0]}`);
  }
}

export function linePos(lineCounter: YAML.LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

type At = (offset: number) => { line: number; column: number };

/**
 * One pass over the nodes: keys are plain and unique, values are plain
 * (no `!!binary`, `!!set`, `!!timestamp`…), nesting is bounded. Iterative,
 * so that no input can overflow the stack.
 */
function checkStructure(doc: YAML.Document, at: At): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.contents, path: [] }];
  // Visited in document order, so an alias must name an anchor already seen.
  const anchors = new Set<string>();
  while (stack.length > 0 && problems.length < 100) {
    const { node, path } = stack.pop()!;
    if (!YAML.isNode(node)) continue;
    const where = { path: formatPath(path), ...(node.range ? at(node.range[0]) : {}) };
    if (YAML.isAlias(node)) {
      if (!anchors.has(node.source)) problems.push({ ...where, message: `the alias *${node.source} names no anchor &${node.source} set before it; expected an anchor earlier in the file` });
      continue;
    }
    if (node.anchor !== undefined) anchors.add(node.anchor);
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) {
      problems.push({ ...where, message: `the tag ${node.tag.replace('tag:yaml.org,2002:', '!!')} is not accepted: expected plain mappings, lists, strings, numbers and booleans` });
      continue;
    }
    if (YAML.isScalar(node)) {
      const value = node.value;
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) problems.push({ ...where, message: 'expected a plain string, number or boolean' });
      continue;
    }
    if (path.length >= MAX_DEPTH) {
      problems.push({ ...where, message: `nested more than ${MAX_DEPTH} levels deep; expected the shape of a scenario` });
      continue;
    }
    if (YAML.isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], path: [...path, i] });
    } else if (YAML.isMap(node)) {
      pushPairs(node, path, at, stack, problems);
    }
  }
  return problems;
}

function pushPairs(map: YAML.YAMLMap, path: (string | number)[], at: At, stack: { node: unknown; path: (string | number)[] }[], problems: ScenarioProblem[]): void {
  const firstLine = new Map<string, number>();
  const children: { node: unknown; path: (string | number)[] }[] = [];
  for (const pair of map.items) {
    const key = pair.key;
    const range: { line?: number; column?: number } = YAML.isNode(key) && key.range ? at(key.range[0]) : {};
    if (!YAML.isScalar(key) || (key.value !== null && !['string', 'number', 'boolean'].includes(typeof key.value))) {
      problems.push({ path: formatPath(path), ...range, message: 'expected a plain key (a name), found a list, mapping or alias as a key' });
      continue;
    }
    const name = key.value === null ? '' : String(key.value);
    const first = firstLine.get(name);
    if (first !== undefined) {
      problems.push({ path: formatPath([...path, name]), ...range, message: `duplicate key ${describeValue(name)} (first at line ${first}); expected each key once` });
      continue;
    }
    firstLine.set(name, range.line ?? 0);
    children.push({ node: pair.value, path: [...path, name] });
  }
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
}

const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** The library's message, without the position it repeats (the problem carries line and column). */
function yamlMessage(error: YAML.YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document (a second "---"); expected one';
  if (/call stack/i.test(error.message)) return `not valid YAML: nested too deeply (expected at most ${MAX_DEPTH} levels)`;
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  // Some messages quote the offending text whole: a line of a minified file can be the whole file.
  return `not valid YAML: ${message.length > 160 ? `${message.slice(0, 157)}…` : message}`;
}

function whole(file: string, message: string): ScenarioError {
  return new ScenarioError(file, [{ path: '', message }]);
}
