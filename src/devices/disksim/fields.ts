import { DiskSimFormatError, type DsParam, type DsValue } from './parse.js';

/**
 * Typed, checked access to one parsed block's parameters. Each accessor
 * names the file, the block and the parameter when something is missing or
 * of the wrong kind. Parameters nobody asks for are ignored.
 */
export class Fields {
  constructor(
    readonly file: string,
    readonly where: string,
    private readonly params: readonly DsParam[],
    /** Line where the block starts. */
    readonly line: number,
  ) {}

  number(name: string): number {
    return this.asNumber(name, this.required(name));
  }

  numberOr(name: string, fallback: number): number {
    const param = this.find(name);
    return param === undefined ? fallback : this.asNumber(name, param);
  }

  integer(name: string): number {
    const value = this.number(name);
    if (!Number.isInteger(value)) this.fail(this.required(name).line, `"${name}" should be an integer, found ${value}`);
    return value;
  }

  integerOr(name: string, fallback: number): number {
    return this.find(name) === undefined ? fallback : this.integer(name);
  }

  text(name: string): string {
    const param = this.required(name);
    const value = param.value;
    if (value.kind === 'text') return value.value;
    if (value.kind === 'number') return String(value.value);
    return this.fail(param.line, `"${name}" should be a name or file, found a ${value.kind}`);
  }

  textOr(name: string, fallback: string): string {
    return this.find(name) === undefined ? fallback : this.text(name);
  }

  block(name: string): Fields {
    const param = this.required(name);
    const value = param.value;
    if (value.kind !== 'block') return this.fail(param.line, `"${name}" should be a { … } block, found a ${value.kind}`);
    return new Fields(this.file, `${this.where} › ${name} (${value.type})`, value.params, value.line);
  }

  /** A list of blocks (e.g. zones). */
  blockList(name: string): Fields[] {
    const param = this.required(name);
    return this.list(param).map((item, i) => {
      if (item.kind !== 'block') return this.fail(item.line, `"${name}" item ${i} should be a { … } block, found a ${item.kind}`);
      return new Fields(this.file, `${this.where} › ${name}[${i}]`, item.params, item.line);
    });
  }

  /** A list of numbers; missing means empty. */
  numberList(name: string): number[] {
    const param = this.find(name);
    if (param === undefined) return [];
    return this.list(param).map((item) => (item.kind === 'number' ? item.value : this.fail(item.line, `"${name}" should list numbers, found ${describe(item)}`)));
  }

  /** A list of integers (e.g. slips); missing means empty. */
  integerList(name: string): number[] {
    const param = this.find(name);
    if (param === undefined) return [];
    return this.list(param).map((item) => {
      if (item.kind !== 'number' || !Number.isInteger(item.value)) {
        return this.fail(item.line, `"${name}" should list integers, found ${describe(item)}`);
      }
      return item.value;
    });
  }

  /** A parameter as written, whatever its kind (undefined if missing). */
  raw(name: string): DsParam | undefined {
    return this.find(name);
  }

  /** Line of a parameter (the block's own line if it is missing), to point an error at it. */
  lineOf(name: string): number {
    return this.find(name)?.line ?? this.line;
  }

  fail(line: number, problem: string): never {
    throw new DiskSimFormatError(this.file, line, `in ${this.where}: ${problem}`);
  }

  private list(param: DsParam): readonly DsValue[] {
    if (param.value.kind !== 'list') return this.fail(param.line, `"${param.name}" should be a [ … ] list, found a ${param.value.kind}`);
    return param.value.items;
  }

  private asNumber(name: string, param: DsParam): number {
    if (param.value.kind !== 'number') return this.fail(param.line, `"${name}" should be a number, found ${describe(param.value)}`);
    return param.value.value;
  }

  private required(name: string): DsParam {
    const param = this.find(name);
    if (param === undefined) return this.fail(this.line, `missing parameter "${name}"`);
    return param;
  }

  private find(name: string): DsParam | undefined {
    const key = normalize(name);
    return this.params.find((p) => normalize(p.name) === key);
  }
}

/** DiskSim matches names case-insensitively; extra spaces are not significant either. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim();
}

function describe(value: DsValue): string {
  switch (value.kind) {
    case 'number':
      return String(value.value);
    case 'text':
      return `"${value.value}"`;
    case 'block':
      return `a ${value.type} block`;
    case 'list':
      return 'a list';
  }
}
