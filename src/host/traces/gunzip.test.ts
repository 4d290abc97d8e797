import { constants, crc32 as zlibCrc32, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressedDataError } from './bit-input.js';
import { crc32, gunzip } from './gunzip.js';

/** Feeds `bytes` in pieces of `size` (1 byte at a time tests every boundary). */
function* pieces(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function gunzipAll(bytes: Uint8Array, pieceBytes = 4096): Buffer {
  const out: Buffer[] = [];
  for (const piece of gunzip(pieces(bytes, pieceBytes))) out.push(Buffer.from(piece));
  return Buffer.concat(out);
}

/** Deterministic bytes: text-like (long matches), random-like (few), and runs (distance 1, lengths 258). */
function sample(kind: 'text' | 'noise' | 'runs', length: number, seed = 1): Buffer {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    if (kind === 'noise') bytes[i] = next() >>> 24;
    else if (kind === 'runs') bytes[i] = (i >> 10) & 1 ? 0x20 : next() >>> 28;
    else bytes[i] = 'abcdefgh ,\n0123456789'.charCodeAt((next() >>> 16) % 21);
  }
  if (kind === 'text') for (let i = 1000; i + 600 < length; i += 5000) bytes.copy(bytes, i, i - 900, i - 300); // matches far back
  return bytes;
}

describe('gunzip', () => {
  const cases: [string, Buffer, object][] = [
    ['text, default level (dynamic blocks)', sample('text', 300_000), {}],
    ['noise, level 9', sample('noise', 100_000), { level: 9 }],
    ['runs, fixed codes only', sample('runs', 200_000), { strategy: constants.Z_FIXED }],
    ['text, stored blocks (level 0)', sample('text', 150_000), { level: 0 }],
    ['text, Huffman only', sample('text', 70_000), { strategy: constants.Z_HUFFMAN_ONLY }],
    ['runs, run-length', sample('runs', 90_000), { strategy: constants.Z_RLE }],
    ['empty', Buffer.alloc(0), {}],
  ];
  for (const [what, data, options] of cases) {
    it(`decodes what zlib encodes: ${what}`, () => {
      const zipped = gzipSync(data, options);
      expect(gunzipAll(zipped).equals(data)).toBe(true);
    });
  }

  it('is indifferent to how the input is cut', () => {
    const data = sample('text', 40_000, 7);
    const zipped = gzipSync(data);
    for (const size of [1, 3, 17, 65_536]) expect(gunzipAll(zipped, size).equals(data)).toBe(true);
  });

  it('hands out at most 64 KiB at a time, however far the data expands', () => {
    const zeros = Buffer.alloc(5_000_000);
    let largest = 0;
    let total = 0;
    for (const piece of gunzip(pieces(gzipSync(zeros, { level: 9 }), 4096))) {
      largest = Math.max(largest, piece.length);
      total += piece.length;
    }
    expect(total).toBe(zeros.length);
    expect(largest).toBeLessThanOrEqual(65_536);
  });

  it('reads members one after another as one stream (cat a.gz b.gz)', () => {
    const a = sample('text', 50_000, 2);
    const b = Buffer.from('the second member\n');
    expect(gunzipAll(Buffer.concat([gzipSync(a), gzipSync(b)])).toString('latin1')).toBe(a.toString('latin1') + b.toString('latin1'));
  });

  it('skips the optional header fields (name, comment, extra, header CRC)', () => {
    const body = deflateRawSync(Buffer.from('1,2,3\n'));
    const header = [0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3, 2, 0, 0xaa, 0xbb, ...Buffer.from('x.csv\0comment\0'), 0x12, 0x34];
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(zlibCrc32('1,2,3\n'), 0);
    trailer.writeUInt32LE(6, 4);
    expect(gunzipAll(Buffer.concat([Buffer.from(header), body, trailer])).toString()).toBe('1,2,3\n');
  });

  it('computes the same CRC-32 as zlib', () => {
    const data = sample('noise', 10_000);
    expect(crc32(crc32(0, data.subarray(0, 333)), data.subarray(333))).toBe(zlibCrc32(data));
  });

  const damaged: [string, (zipped: Buffer) => Buffer, RegExp][] = [
    ['a file that is not gzip', () => Buffer.from('1000 0 0 8 1\n'), /no the gzip signature \(1f 8b\) but bytes 31 30/],
    ['an empty file', () => Buffer.alloc(0), /an empty file, not gzip data/],
    ['a truncated file', (z) => z.subarray(0, z.length - 20), /ends early/],
    ['a changed CRC', (z) => Buffer.concat([z.subarray(0, z.length - 8), Buffer.from([1, 2, 3, 4]), z.subarray(z.length - 4)]), /CRC-32 .* differs from the one recorded \(04030201\)/],
    ['a changed length', (z) => Buffer.concat([z.subarray(0, z.length - 4), Buffer.from([1, 0, 0, 0])]), /bytes where the file records 1:/],
    ['trailing bytes', (z) => Buffer.concat([z, Buffer.from('xyz')]), /no another gzip member \(1f 8b\) or the end of the file but bytes 78 79/],
    ['another method', (z) => Buffer.concat([z.subarray(0, 2), Buffer.from([7]), z.subarray(3)]), /compression method 7/],
    ['block type 3', (z) => Buffer.concat([z.subarray(0, 10), Buffer.from([0x07]), z.subarray(11)]), /reserved type 3/],
  ];
  for (const [what, damage, message] of damaged) {
    it(`refuses ${what}, saying what is wrong`, () => {
      const zipped = gzipSync(sample('text', 20_000, 3));
      expect(() => gunzipAll(damage(zipped))).toThrow(CompressedDataError);
      expect(() => gunzipAll(damage(zipped))).toThrow(message);
    });
  }

  it('refuses damaged compressed data, whichever byte is hit, with a CompressedDataError or a CRC mismatch', () => {
    const data = sample('text', 30_000, 5);
    const zipped = gzipSync(data);
    let refused = 0;
    for (let at = 10; at < zipped.length - 8; at += 37) {
      const bad = Buffer.from(zipped);
      bad[at] ^= 0x5a;
      try {
        const out = gunzipAll(bad);
        // A flip that still decodes must at least be caught by the CRC: it never returns other data silently.
        expect(out.equals(data)).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(CompressedDataError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
});
