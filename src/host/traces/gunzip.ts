import { BitInput, CompressedDataError } from './bit-input.js';
import { inflate } from './inflate.js';

/** gzip's header flags (RFC 1952 §2.3.1). */
const FLAG_HEADER_CRC = 2;
const FLAG_EXTRA = 4;
const FLAG_NAME = 8;
const FLAG_COMMENT = 16;
const FLAG_RESERVED = 0xe0;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Continues a CRC-32 (the one gzip uses) over `bytes`; start from 0. */
export function crc32(crc: number, bytes: Uint8Array): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The decompressed bytes of gzip data (RFC 1952) pulled from `chunks`, in
 * pieces (each valid until the next is asked for). Members written one
 * after another (`cat a.gz b.gz`) decompress as one stream, as gzip does;
 * each member's CRC-32 and length are checked. Throws `CompressedDataError`.
 */
export function* gunzip(chunks: Iterator<Uint8Array>): Generator<Uint8Array, void, undefined> {
  const input = new BitInput(chunks);
  for (let member = 0; ; member++) {
    const first = input.byte();
    if (first < 0) {
      if (member === 0) throw new CompressedDataError('an empty file, not gzip data');
      return;
    }
    readHeader(input, first, member);
    let crc = 0;
    let size = 0;
    for (const piece of inflate(input)) {
      crc = crc32(crc, piece);
      size = (size + piece.length) % 2 ** 32;
      yield piece;
    }
    input.alignToByte();
    const storedCrc = word(input);
    const storedSize = word(input);
    if (storedCrc !== crc) throw new CompressedDataError(`data whose CRC-32 (${hex(crc)}) differs from the one recorded (${hex(storedCrc)}): the file is damaged`);
    if (storedSize !== size) throw new CompressedDataError(`${size} bytes where the file records ${storedSize}: the file is damaged`);
  }
}

function readHeader(input: BitInput, first: number, member: number): void {
  const second = input.byte();
  if (first !== 0x1f || second !== 0x8b) {
    const what = member === 0 ? 'the gzip signature (1f 8b)' : 'another gzip member (1f 8b) or the end of the file';
    throw new CompressedDataError(`no ${what} but bytes ${hex(first, 2)} ${second < 0 ? '(end of file)' : hex(second, 2)}`);
  }
  const method = mustByte(input);
  if (method !== 8) throw new CompressedDataError(`compression method ${method} (gzip's is 8, deflate)`);
  const flags = mustByte(input);
  if (flags & FLAG_RESERVED) throw new CompressedDataError(`reserved header flags set (${hex(flags, 2)})`);
  for (let i = 0; i < 6; i++) mustByte(input); // modification time, extra flags, operating system
  if (flags & FLAG_EXTRA) {
    const length = mustByte(input) | (mustByte(input) << 8);
    for (let i = 0; i < length; i++) mustByte(input);
  }
  if (flags & FLAG_NAME) while (mustByte(input) !== 0);
  if (flags & FLAG_COMMENT) while (mustByte(input) !== 0);
  if (flags & FLAG_HEADER_CRC) {
    mustByte(input);
    mustByte(input);
  }
}

function mustByte(input: BitInput): number {
  const byte = input.byte();
  if (byte < 0) throw new CompressedDataError('the gzip data ends early');
  return byte;
}

/** A 32-bit little-endian word of the trailer. */
function word(input: BitInput): number {
  return (mustByte(input) | (mustByte(input) << 8) | (mustByte(input) << 16) | (mustByte(input) << 24)) >>> 0;
}

const hex = (n: number, digits = 8) => n.toString(16).padStart(digits, '0');
