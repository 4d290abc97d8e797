import { CompressedDataError, type BitInput } from './bit-input.js';

/*
 * A DEFLATE decoder (RFC 1951), synchronous and streaming. The simulator
 * pulls trace requests synchronously, one at a time, and Node's zlib inflates
 * either a whole buffer at once or asynchronously: neither streams into a
 * synchronous pull. This one holds the 32 KiB window DEFLATE needs, and a
 * buffer of twice that; it hands out what it decoded each time the buffer
 * fills.
 */

/** How far back a match may reach (RFC 1951 §2). */
const WINDOW_BYTES = 1 << 15;
const BUFFER_BYTES = 2 * WINDOW_BYTES;

/** Base lengths and extra bits of length codes 257..285 (RFC 1951 §3.2.5). */
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Base distances and extra bits of distance codes 0..29. */
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists its code-length code's lengths (RFC 1951 §3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const END_OF_BLOCK = 256;

/**
 * A canonical Huffman code as a lookup table indexed by the next `bits`
 * input bits: each entry is `symbol << 4 | code length`, 0 where no code
 * starts with those bits.
 */
interface Huffman {
  readonly table: Int32Array;
  readonly bits: number;
}

/** Builds the code whose symbol `s` has code length `lengths[s]` (0: unused). */
function huffman(lengths: ArrayLike<number>, what: string): Huffman {
  const perLength = new Int32Array(16);
  let bits = 0;
  let codes = 0;
  for (let s = 0; s < lengths.length; s++) {
    const length = lengths[s]!;
    if (length === 0) continue;
    perLength[length]!++;
    codes++;
    if (length > bits) bits = length;
  }
  let left = 1;
  for (let length = 1; length < 16; length++) {
    left = 2 * left - perLength[length]!;
    if (left < 0) throw new CompressedDataError(`an over-subscribed ${what} code`);
  }
  // An incomplete code is allowed only as zlib allows it: no code at all, or a single one-bit code.
  if (left > 0 && codes > 0 && !(codes === 1 && bits === 1)) throw new CompressedDataError(`an incomplete ${what} code`);
  const next = new Int32Array(16);
  for (let length = 1, code = 0; length < 16; length++) {
    code = (code + perLength[length - 1]!) << 1;
    next[length] = code;
  }
  const table = new Int32Array(1 << bits);
  for (let s = 0; s < lengths.length; s++) {
    const length = lengths[s]!;
    if (length === 0) continue;
    const reversed = reverseBits(next[length]!++, length);
    for (let i = reversed; i < table.length; i += 1 << length) table[i] = (s << 4) | length;
  }
  return { table, bits };
}

function reverseBits(code: number, length: number): number {
  let reversed = 0;
  for (let i = 0; i < length; i++) {
    reversed = (reversed << 1) | (code & 1);
    code >>>= 1;
  }
  return reversed;
}

function decode(input: BitInput, code: Huffman, what: string): number {
  const entry = code.table[input.peek(code.bits)]!;
  if (entry === 0) throw new CompressedDataError(`an invalid ${what} code`);
  input.drop(entry & 15);
  return entry >> 4;
}

let fixedCodes: { literals: Huffman; distances: Huffman } | undefined;

/** The fixed codes of block type 1 (RFC 1951 §3.2.6); 32 distance codes, of which 30 and 31 are refused when met. */
function fixed(): { literals: Huffman; distances: Huffman } {
  if (!fixedCodes) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixedCodes = { literals: huffman(lengths, 'literal/length'), distances: huffman(new Uint8Array(32).fill(5), 'distance') };
  }
  return fixedCodes;
}

/** Reads a dynamic block's header: its literal/length and distance codes (RFC 1951 §3.2.7). */
function dynamic(input: BitInput): { literals: Huffman; distances: Huffman } {
  const literalCount = input.bits(5) + 257;
  const distanceCount = input.bits(5) + 1;
  const lengthCount = input.bits(4) + 4;
  if (literalCount > 286 || distanceCount > 30) throw new CompressedDataError('too many length or distance codes');
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < lengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = input.bits(3);
  const lengthCode = huffman(codeLengths, 'code-length');
  if (lengthCode.bits === 0) throw new CompressedDataError('an empty code-length code');
  const lengths = new Uint8Array(literalCount + distanceCount);
  for (let i = 0; i < lengths.length; ) {
    const symbol = decode(input, lengthCode, 'code-length');
    if (symbol < 16) {
      lengths[i++] = symbol;
      continue;
    }
    if (symbol === 16 && i === 0) throw new CompressedDataError('a repeated code length with none before it');
    const value = symbol === 16 ? lengths[i - 1]! : 0;
    const repeat = symbol === 16 ? 3 + input.bits(2) : symbol === 17 ? 3 + input.bits(3) : 11 + input.bits(7);
    if (i + repeat > lengths.length) throw new CompressedDataError('code lengths that overrun their count');
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  if (lengths[END_OF_BLOCK] === 0) throw new CompressedDataError('a block with no end-of-block code');
  return { literals: huffman(lengths.subarray(0, literalCount), 'literal/length'), distances: huffman(lengths.subarray(literalCount), 'distance') };
}

/**
 * Decodes one DEFLATE stream from `input`, yielding the decoded bytes in
 * pieces as the buffer fills (a piece is valid until the next is asked
 * for); returns after the final block, leaving `input` just past it.
 */
export function* inflate(input: BitInput): Generator<Uint8Array, void, undefined> {
  const buffer = new Uint8Array(BUFFER_BYTES);
  // Decoded bytes are written at `at`; those from `from` on are not yet handed out.
  let at = 0;
  let from = 0;
  let final = 0;
  do {
    final = input.bits(1);
    const type = input.bits(2);
    if (type === 3) throw new CompressedDataError('a block of the reserved type 3');
    if (type === 0) {
      input.alignToByte();
      const length = input.bits(16);
      if (input.bits(16) !== (~length & 0xffff)) throw new CompressedDataError("a stored block whose length does not match its complement");
      for (let i = 0; i < length; i++) {
        const byte = input.byte();
        if (byte < 0) throw new CompressedDataError('the compressed data ends early');
        buffer[at++] = byte;
        if (at === BUFFER_BYTES) {
          yield buffer.subarray(from, at);
          buffer.copyWithin(0, WINDOW_BYTES, BUFFER_BYTES);
          at = from = WINDOW_BYTES;
        }
      }
      continue;
    }
    const { literals, distances } = type === 1 ? fixed() : dynamic(input);
    for (;;) {
      const symbol = decode(input, literals, 'literal/length');
      if (symbol < 256) {
        buffer[at++] = symbol;
        if (at === BUFFER_BYTES) {
          yield buffer.subarray(from, at);
          buffer.copyWithin(0, WINDOW_BYTES, BUFFER_BYTES);
          at = from = WINDOW_BYTES;
        }
        continue;
      }
      if (symbol === END_OF_BLOCK) break;
      if (symbol > 285) throw new CompressedDataError(`an invalid length code (${symbol})`);
      const length = LENGTH_BASE[symbol - 257]! + input.bits(LENGTH_EXTRA[symbol - 257]!);
      const code = decode(input, distances, 'distance');
      if (code > 29) throw new CompressedDataError(`an invalid distance code (${code})`);
      const distance = DISTANCE_BASE[code]! + input.bits(DISTANCE_EXTRA[code]!);
      // The buffer always holds every byte within reach: all of them before the first slide, the window after.
      if (distance > at) throw new CompressedDataError(`a distance too far back (${distance} bytes)`);
      let source = at - distance;
      for (let i = 0; i < length; i++) {
        buffer[at++] = buffer[source++]!;
        if (at === BUFFER_BYTES) {
          yield buffer.subarray(from, at);
          buffer.copyWithin(0, WINDOW_BYTES, BUFFER_BYTES);
          at = from = WINDOW_BYTES;
          source -= WINDOW_BYTES;
        }
      }
    }
  } while (final === 0);
  if (at > from) yield buffer.subarray(from, at);
}
