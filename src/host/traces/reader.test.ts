import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from './file-chunks.js';
import { MAX_LINE_CHARS } from './lines.js';
import { openTrace, type TraceRecord } from './reader.js';
import { fields, records, refusal } from './testing/records.js';
import { TraceParseError } from './trace-error.js';

const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-traces-'));
const write = (name: string, data: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const readAll = (path: string, format: Parameters<typeof openTrace>[1]) => {
  const reader = openTrace(path, format);
  const out: TraceRecord[] = [];
  for (let r = reader.next(); r !== undefined; r = reader.next()) out.push({ ...r });
  return out;
};

/** Enough lines to span several read chunks and several gzip output pieces. */
const LONG = Array.from({ length: 20_000 }, (_, i) => `${1_000_000 + i * 250},${(i * 7919) % 100_000},${8 * (1 + (i % 4))},${i % 5 === 0 ? 1 : 0},${i % 3}`).join('\n');

describe('reading a trace file', () => {
  it('streams a file larger than one read chunk, line by line', () => {
    expect(LONG.length).toBeGreaterThan(4 * CHUNK_BYTES);
    const read = readAll(write('long.csv', LONG), 'tencent');
    expect(read.length).toBe(20_000);
    expect(fields(read[19_999]!)).toEqual([19_999 * 250 * 1e9, '1', ((19_999 * 7919) % 100_000) * 512, 8 * 4 * 512, 'R']);
  });

  it('gunzips a file whose name ends in .gz as it reads it, to the same requests', () => {
    const plain = readAll(write('same.csv', LONG), 'tencent');
    expect(readAll(write('same.csv.gz', gzipSync(LONG)), 'tencent')).toEqual(plain);
    expect(readAll(write('SAME.CSV.GZ', gzipSync(LONG)), 'tencent')).toEqual(plain);
  });

  it('refuses damaged gzip data with the file and the line it was reading', () => {
    const zipped = gzipSync(LONG);
    const path = write('cut.csv.gz', zipped.subarray(0, zipped.length >> 1));
    expect(() => readAll(path, 'tencent')).toThrow(TraceParseError);
    expect(() => readAll(path, 'tencent')).toThrow(/^\/.*cut\.csv\.gz:\d+: expected gzip-compressed text \(the file name ends in \.gz\), found the compressed data ends early$/);
    expect(() => readAll(write('plain.csv.gz', LONG), 'tencent')).toThrow(/plain\.csv\.gz:1: expected gzip-compressed text .*, found no the gzip signature \(1f 8b\) but bytes 31 30$/);
  });

  it('refuses a file that cannot be read, or a directory, without a stack trace', () => {
    expect(() => readAll(join(dir, 'missing.csv'), 'msr')).toThrow(/missing\.csv: expected a readable file, found an error \(ENOENT\)$/);
    mkdirSync(join(dir, 'folder.csv'));
    expect(() => readAll(join(dir, 'folder.csv'), 'msr')).toThrow(/folder\.csv: expected a readable file, found a directory$/);
  });

  it('drops a byte-order mark and reads CRLF line ends, and a last line without one', () => {
    expect(records('\uFEFF1,R,0,512,5\r\n1,W,0,512,6', 'alibaba').map(fields)).toEqual([
      [0, '1', 0, 512, 'R'],
      [1000, '1', 0, 512, 'W'],
    ]);
  });

  it(`refuses a line longer than ${MAX_LINE_CHARS} characters with its number, in memory and across chunks`, () => {
    expect(refusal(`1,R,0,512,5\n${'9'.repeat(MAX_LINE_CHARS + 1)}\n`, 'alibaba')).toMatch(/^t:2: expected a line of at most 4096 characters \(is this a trace\?\), found "9{40}…"$/);
    const path = write('one-long-line', 'x'.repeat(3 * CHUNK_BYTES));
    expect(() => readAll(path, 'mqsim')).toThrow(/one-long-line:1: expected a line of at most 4096 characters/);
  });

  it('counts lines that hold no request', () => {
    const reader = openTrace(write('header.csv', 'device_id,opcode,offset,length,timestamp\n\n1,R,0,512,5\n'), 'alibaba');
    while (reader.next());
    expect([reader.lineCount, reader.skippedLines]).toEqual([3, 1]);
  });

  it('refuses a trace longer than 104 days from its first request', () => {
    expect(refusal('0,0,8,0,1\n9100000,0,8,0,1\n', 'tencent')).toBe('t:2: expected a time within 104 days of the first request, found "9100000"');
  });
});
