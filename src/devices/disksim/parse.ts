/**
 * DiskSim 4.0's parameter format, read by its structure alone:
 *
 *   file   := (header block | header list)*        header: words, e.g. `dm_disk NAME`
 *   block  := '{' (param (',' param)* ','?)? '}'
 *   param  := name '=' value                       name: words up to '=' (spaces allowed)
 *   value  := words block?  |  list               words: a number, a name, `source file`…
 *   list   := '[' (value (',' value)* ','?)? ']'
 *
 * with `#` starting a comment to the end of the line. Unknown keys are
 * simply carried along; the caller picks what it knows.
 */

export type DsValue =
  | { readonly kind: 'number'; readonly value: number; readonly line: number }
  | { readonly kind: 'text'; readonly value: string; readonly line: number }
  | { readonly kind: 'block'; readonly type: string; readonly params: readonly DsParam[]; readonly line: number }
  | { readonly kind: 'list'; readonly items: readonly DsValue[]; readonly line: number };

export interface DsParam {
  readonly name: string;
  readonly value: DsValue;
  readonly line: number;
}

/** A top-level block: `type name { … }`. */
export interface DsTopBlock {
  readonly type: string;
  readonly name: string;
  readonly params: readonly DsParam[];
  readonly line: number;
}

/**
 * A top-level statement: a block, `source FILE` (DiskSim reads that file in
 * its place) or `instantiate [ names ] as TYPE`.
 */
export type DsStatement =
  | { readonly kind: 'block'; readonly block: DsTopBlock }
  | { readonly kind: 'source'; readonly file: string; readonly line: number }
  | { readonly kind: 'instantiate'; readonly names: readonly string[]; readonly as: string; readonly line: number }
  | { readonly kind: 'topology'; readonly root: DsTopologyNode; readonly line: number };

/** One component of `topology`: `type name [ children ]`, e.g. `disksim_bus bus1 [ disksim_disk disk0 [] ]`. */
export interface DsTopologyNode {
  readonly type: string;
  readonly name: string;
  readonly children: readonly DsTopologyNode[];
  readonly line: number;
}

/** Malformed input: names the file, the line and what was expected. */
export class DiskSimFormatError extends Error {
  override readonly name = 'DiskSimFormatError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}

type Punct = '{' | '}' | '[' | ']' | ',' | '=';
interface Token {
  readonly text: string;
  readonly punct: boolean;
  readonly line: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if ('{}[],='.includes(ch)) tokens.push({ text: ch, punct: true, line });
    else if (!/\s/.test(ch)) {
      const start = i;
      while (i < text.length && !/[\s{}[\],=#]/.test(text[i]!)) i++;
      tokens.push({ text: text.slice(start, i), punct: false, line });
      continue;
    }
    i++;
  }
  return tokens;
}

/** Deepest nesting of blocks and lists accepted (DiskSim's own files nest four deep); deeper input is refused, not recursed into. */
const MAX_NESTING = 64;

class Parser {
  private next = 0;
  private depth = 0;

  constructor(
    private readonly file: string,
    private readonly tokens: Token[],
  ) {}

  parseFile(): DsStatement[] {
    const statements: DsStatement[] = [];
    while (!this.atEnd()) {
      const line = this.peek()!.line;
      if (this.peek()!.text === 'source' && !this.peek()!.punct) {
        statements.push(this.source(line));
        continue;
      }
      const words = this.words();
      if (this.isPunct('[') && words[0] === 'topology') {
        statements.push({ kind: 'topology', root: this.topologyNode(words.slice(1), line), line });
        continue;
      }
      if (this.isPunct('[')) {
        statements.push(...this.listStatement(words, line));
        continue;
      }
      if (words.length === 0) this.fail(`expected a block header such as "disksim_disk NAME {", found "${this.peek()!.text}"`);
      if (!this.isPunct('{')) this.fail(`expected "{" after "${words.join(' ')}", found the end of the file`);
      statements.push({ kind: 'block', block: { type: words[0]!, name: words.slice(1).join(' '), params: this.blockBody(), line } });
    }
    return statements;
  }

  /** `source FILE`: the file name is the next word (DiskSim names never hold spaces). */
  private source(line: number): DsStatement {
    this.advance();
    const file = this.peek();
    if (file === undefined || file.punct || file.line !== line) this.fail('expected a file name after "source"');
    this.advance();
    return { kind: 'source', file: file.text, line };
  }

  private topologyNode(words: readonly string[], line: number): DsTopologyNode {
    if (words.length !== 2) this.fail(`expected "type name [" in a topology, found "${words.join(' ')}"`);
    if (this.depth >= MAX_NESTING) this.fail(`expected a topology nested at most ${MAX_NESTING} deep`);
    this.depth++;
    this.expect('[');
    const children: DsTopologyNode[] = [];
    while (!this.isPunct(']')) {
      if (this.atEnd()) this.fail('expected "]" to close the topology, found the end of the file');
      const childLine = this.peek()!.line;
      children.push(this.topologyNode(this.words(), childLine));
      if (this.isPunct(',')) this.advance();
    }
    this.advance();
    this.depth--;
    return { type: words[0]!, name: words[1]!, children, line };
  }

  /** `instantiate [ … ] as NAME` is kept; `topology … [ … ]` is not a parameter block, and is skipped. */
  private listStatement(words: readonly string[], line: number): DsStatement[] {
    const list = this.list();
    if (this.atEnd() || this.peek()!.text !== 'as') return [];
    this.advance();
    const type = this.peek();
    if (type === undefined || type.punct) return this.fail('expected a type name after "as"');
    this.advance();
    const as = type.text;
    if (words[0] !== 'instantiate' || list.kind !== 'list') return [];
    const names = list.items.flatMap((item) => (item.kind === 'text' || item.kind === 'number' ? [String(item.value)] : []));
    return [{ kind: 'instantiate', names, as, line }];
  }

  private blockBody(): DsParam[] {
    this.expect('{');
    const params: DsParam[] = [];
    while (!this.isPunct('}')) {
      if (this.atEnd()) this.fail('expected "}" to close the block, found the end of the file');
      const line = this.peek()!.line;
      const name = this.words();
      if (name.length === 0) this.fail(`expected a parameter name, found "${this.peek()!.text}"`);
      this.expect('=', `after parameter name "${name.join(' ')}"`);
      params.push({ name: name.join(' '), value: this.value(), line });
      if (this.isPunct(',')) this.advance();
      else if (!this.isPunct('}')) this.fail(`expected "," or "}" after parameter "${name.join(' ')}"`);
    }
    this.advance();
    return params;
  }

  private value(): DsValue {
    if (this.depth >= MAX_NESTING) this.fail(`expected blocks and lists nested at most ${MAX_NESTING} deep`);
    this.depth++;
    try {
      return this.valueWithin();
    } finally {
      this.depth--;
    }
  }

  private valueWithin(): DsValue {
    const line = this.peek()?.line ?? 0;
    if (this.isPunct('[')) return this.list();
    const words = this.words();
    if (this.isPunct('{')) {
      if (words.length !== 1) this.fail(`expected one block type name before "{", found "${words.join(' ')}"`);
      return { kind: 'block', type: words[0]!, params: this.blockBody(), line };
    }
    if (words.length === 0) this.fail(`expected a value, found "${this.peek()?.text ?? 'the end of the file'}"`);
    const text = words.join(' ');
    const number = Number(text);
    return words.length === 1 && text !== '' && Number.isFinite(number)
      ? { kind: 'number', value: number, line }
      : { kind: 'text', value: text, line };
  }

  private list(): DsValue {
    const line = this.peek()!.line;
    this.expect('[');
    const items: DsValue[] = [];
    while (!this.isPunct(']')) {
      if (this.atEnd()) this.fail('expected "]" to close the list, found the end of the file');
      items.push(this.value());
      if (this.isPunct(',')) this.advance();
      else if (!this.isPunct(']')) this.fail(`expected "," or "]" in a list, found ${this.atEnd() ? 'the end of the file' : `"${this.peek()!.text}"`}`);
    }
    this.advance();
    return { kind: 'list', items, line };
  }

  private words(): string[] {
    const words: string[] = [];
    while (!this.atEnd() && !this.peek()!.punct) words.push(this.tokens[this.next++]!.text);
    return words;
  }

  private expect(punct: Punct, context = ''): void {
    if (!this.isPunct(punct)) {
      const found = this.atEnd() ? 'the end of the file' : `"${this.peek()!.text}"`;
      this.fail(`expected "${punct}"${context ? ' ' + context : ''}, found ${found}`);
    }
    this.advance();
  }

  private isPunct(punct: Punct): boolean {
    const token = this.peek();
    return token !== undefined && token.punct && token.text === punct;
  }

  private peek(): Token | undefined {
    return this.tokens[this.next];
  }

  private advance(): void {
    this.next++;
  }

  private atEnd(): boolean {
    return this.next >= this.tokens.length;
  }

  private fail(problem: string): never {
    const token = this.peek() ?? this.tokens[this.tokens.length - 1];
    throw new DiskSimFormatError(this.file, token?.line ?? 0, problem);
  }
}

/** Parses the text of a `.model`, `.diskspecs` or `.parv` file into its top-level blocks (other statements left out). */
export function parseDiskSimText(file: string, text: string): DsTopBlock[] {
  return parseDiskSimStatements(file, text).flatMap((s) => (s.kind === 'block' ? [s.block] : []));
}

/** Parses a DiskSim file into its top-level statements, in order. */
export function parseDiskSimStatements(file: string, text: string): DsStatement[] {
  return new Parser(file, tokenize(text)).parseFile();
}
