import * as fc from 'fast-check';

/**
 * Damage done to a document's text or bytes after it was written: cut short,
 * spliced with YAML syntax, lines repeated (duplicate keys) or lost, invalid
 * UTF-8, a byte-order mark; and inputs that were never scenarios at all.
 */

const SPLICES = [
  ':', '- ', '{', '}', '[', ']', '&a ', '*a', '*zz', '!!binary ', '!!set ', '!!timestamp ', '!foo ', '\t', '"', "'", '%YAML 1.1\n---\n', '\n---\n', '\n...\n',
  '\u0000', '\ufeff', '#', '? ', '|', '>', '<<: *a\n', '\\', '\r', '\u2028', ': :', '- - -', '&a [*a]', '{a: &b [*b]}', '1e999', '-.inf', '.NaN', '0o17', '0b11',
];

export interface TextDamage {
  readonly kind: 'truncate' | 'splice' | 'duplicate-line' | 'delete-line' | 'dedent' | 'crlf';
  /** Where (a fraction of the length). */
  readonly at: number;
  readonly variant: number;
}

export const textDamageArbitrary: fc.Arbitrary<TextDamage> = fc.record({
  kind: fc.constantFrom('truncate', 'splice', 'duplicate-line', 'delete-line', 'dedent', 'crlf'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  variant: fc.nat(),
});

export function damageText(text: string, d: TextDamage): string {
  const offset = Math.floor(d.at * text.length);
  const lines = text.split('\n');
  const line = Math.floor(d.at * lines.length) % Math.max(1, lines.length);
  switch (d.kind) {
    case 'truncate':
      return text.slice(0, offset);
    case 'splice':
      return text.slice(0, offset) + SPLICES[d.variant % SPLICES.length]! + text.slice(offset);
    case 'duplicate-line':
      return [...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n');
    case 'delete-line':
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
    case 'dedent':
      return [...lines.slice(0, line), (lines[line] ?? '').trimStart(), ...lines.slice(line + 1)].join('\n');
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
  }
}

const INVALID_UTF8: readonly number[][] = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80]];

export interface ByteDamage {
  readonly at: number;
  readonly variant: number;
}

export const byteDamageArbitrary: fc.Arbitrary<ByteDamage> = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), variant: fc.nat() });

/** Splices invalid UTF-8 into the bytes (or, one time in four, a valid but unusual sequence: NUL, a BOM). */
export function damageBytes(bytes: Uint8Array, d: ByteDamage): Uint8Array {
  const offset = Math.floor(d.at * bytes.length);
  const insert = d.variant % 4 === 3 ? [[0x00], [0xef, 0xbb, 0xbf]][d.variant % 2]! : INVALID_UTF8[d.variant % INVALID_UTF8.length]!;
  return Uint8Array.from([...bytes.subarray(0, offset), ...insert, ...bytes.subarray(offset)]);
}

/** Inputs that were never scenarios: binary, text, JSON values, and constructions that attack parsers. */
export const garbageArbitrary: fc.Arbitrary<{ label: string; bytes: Uint8Array }> = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((bytes) => ({ label: 'random bytes', bytes })),
  fc.string({ unit: 'binary', maxLength: 500 }).map((text) => utf8('random text', text)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => utf8('a JSON value', JSON.stringify(value))),
  fc.constantFrom(...attacks()).map(([label, text]) => utf8(label, text)),
);

function utf8(label: string, text: string): { label: string; bytes: Uint8Array } {
  return { label, bytes: new TextEncoder().encode(text) };
}

/** Classic parser attacks, each at the size that hurts. */
function attacks(): [string, string][] {
  const letters = 'abcdefghij';
  const bomb = [`a: &a [x, x, x, x, x, x, x, x, x, x]`, ...[...letters.slice(1)].map((c, i) => `${c}: &${c} [${Array(10).fill(`*${letters[i]}`).join(', ')}]`)].join('\n');
  return [
    ['an alias bomb', bomb],
    ['an alias bomb in a known key', `name: &n x\nduration: 1s\narray: &a\n  drives: &d [${Array(10).fill('{name: d0, model: hdd}').join(', ')}]\n  volumes: [${Array(10).fill('*d').join(', ')}]\nhosts: [${Array(50).fill('*a').join(', ')}]`],
    ['a self-referencing alias', 'name: t\nduration: 1s\narray: &a { drives: *a, volumes: [*a] }'],
    ['deep flow lists', '['.repeat(5000) + ']'.repeat(5000)],
    ['deep flow lists, unclosed', 'name: ' + '['.repeat(20000)],
    ['deep flow mappings', '{a: '.repeat(3000) + '1' + '}'.repeat(3000)],
    ['deep block mappings', Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n')],
    ['80 000 keys in one mapping', Array.from({ length: 80_000 }, (_, i) => `k${i}: ${i}`).join('\n')],
    ['80 000 duplicate keys', Array.from({ length: 80_000 }, (_, i) => `k: ${i}`).join('\n')],
    ['20 000 anchors', 'name: [' + Array.from({ length: 20_000 }, (_, i) => `&a${i} x`).join(', ') + ']'],
    ['a 2 MiB string', 'name: ' + 'x'.repeat(2 * 2 ** 20)],
    ['a 900 KiB string', 'name: ' + 'x'.repeat(900 * 1024) + '\nduration: 1s'],
    ['two documents', 'name: a\n---\nname: b'],
    ['an empty file', ''],
    ['only a comment', '# nothing'],
    ['a bare scalar', '42'],
    ['a list', '- a\n- b'],
    ['null', 'null'],
    ['collection keys', '? [a, b]\n: 1\n? {c: d}\n: 2'],
    ['tags everywhere', 'name: !!binary aGk=\nduration: !!timestamp 2001-12-14\narray: !!set {a, b}\nhosts: !!omap [a: 1]'],
    ['YAML 1.1 values', '%YAML 1.1\n---\nname: yes\nduration: 2001-12-14\nseed: 0b101'],
  ];
}
