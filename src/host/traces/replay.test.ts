import { describe, expect, it } from 'vitest';
import type { IoRequest } from '../io.js';
import { WorkloadSpecError } from '../resolve.js';
import type { TraceFormatName } from './format.js';
import { textLines } from './lines.js';
import { TraceReader } from './reader.js';
import { TraceReplaySource, type TraceReplaySpec } from './replay.js';
import { TraceParseError } from './trace-error.js';

/** Every request of a replay, with the time it is due. */
function replay(text: string, format: TraceFormatName, spec: Omit<TraceReplaySpec, 'file' | 'volume'> & { volume?: number }) {
  const source = new TraceReplaySource({ file: 't', volume: 0, ...spec }, new TraceReader(textLines(text, 't'), format));
  const out: { dueNs: number; request: IoRequest }[] = [];
  for (let dueNs = source.peekNs(); dueNs !== Number.POSITIVE_INFINITY; dueNs = source.peekNs()) out.push({ dueNs, request: source.next()! });
  expect(source.next()).toBeUndefined();
  return out;
}
const blocks = (out: ReturnType<typeof replay>) => out.map((x) => [x.request.startBlock, x.request.blockCount, x.request.write ? 'W' : 'R']);
const times = (out: ReturnType<typeof replay>) => out.map((x) => x.dueNs);

// Alibaba lines (device, opcode, offset bytes, length bytes, µs), as the tests need any one format.
const TRACE = ['1,R,0,4096,1000', '2,W,4608,4096,2000', '1,R,65536,0,2000', '3,R,409600,12288,5000', '2,W,3584,1024,9000'].join('\n');

describe('replaying a trace onto a volume', () => {
  it('rounds bytes out to whole blocks, a zero-length request touching one, and wraps beyond the volume', () => {
    const out = replay(TRACE, 'alibaba', { sizeBlocks: 50 });
    expect(blocks(out)).toEqual([
      [0, 1, 'R'],
      [1, 2, 'W'], // bytes 4608..8703 span blocks 1–2
      [16, 1, 'R'],
      [0, 3, 'R'], // block 100 ≡ 0 (mod 50)
      [0, 2, 'W'], // bytes 3584..4607 span blocks 0–1
    ]);
    expect(out.map((x) => x.request.volume)).toEqual([0, 0, 0, 0, 0]);
  });

  it('moves an I/O that would run past the end back inside the volume', () => {
    expect(blocks(replay(TRACE, 'alibaba', { sizeBlocks: 101, devices: ['3'] }))).toEqual([[98, 3, 'R']]);
  });

  it('refuses a request beyond the volume under beyondVolume: refuse, with its line', () => {
    expect(blocks(replay(TRACE, 'alibaba', { sizeBlocks: 103, beyondVolume: 'refuse' }))).toHaveLength(5);
    const refuse = () => replay(TRACE, 'alibaba', { sizeBlocks: 102, beyondVolume: 'refuse' });
    expect(refuse).toThrow(TraceParseError);
    expect(refuse).toThrow("t:4: expected a request inside the volume's 417792 bytes (beyondVolume: refuse; wrap folds it back), found one at byte 409600 + 12288 bytes");
  });

  it('refuses a request larger than the volume, under either rule', () => {
    expect(() => replay(TRACE, 'alibaba', { sizeBlocks: 2 })).toThrow("t:4: expected a request of at most the volume's 2 blocks (8192 bytes), found 12288 bytes");
  });

  it('times requests from the first one kept, scaled', () => {
    expect(times(replay(TRACE, 'alibaba', { sizeBlocks: 1000 }))).toEqual([0, 1e6, 1e6, 4e6, 8e6]);
    expect(times(replay(TRACE, 'alibaba', { sizeBlocks: 1000, timeScale: 0.5 }))).toEqual([0, 5e5, 5e5, 2e6, 4e6]);
    expect(times(replay(TRACE, 'alibaba', { sizeBlocks: 1000, devices: ['2'] }))).toEqual([0, 7e6]);
  });

  it('starts at an offset on the trace clock, then times from the first request kept', () => {
    // From 0.5 ms after the first request: those at 1 ms (after it) and later remain, the first of them due at once.
    expect(times(replay(TRACE, 'alibaba', { sizeBlocks: 1000, startNs: 0.5e6 }))).toEqual([0, 0, 3e6, 7e6]);
    expect(times(replay(TRACE, 'alibaba', { sizeBlocks: 1000, startNs: 0.5e6, devices: ['3', '2'], timeScale: 2 }))).toEqual([0, 6e6, 14e6]);
    expect(replay(TRACE, 'alibaba', { sizeBlocks: 1000, startNs: 9e6 })).toHaveLength(0);
  });

  it('selects devices by the name the format gives them', () => {
    const msr = ['128166372003061629,usr,0,Read,0,4096,1', '128166372003061630,usr,1,Write,0,4096,1', '128166372003061631,src1,0,Write,8192,4096,1'].join('\n');
    expect(blocks(replay(msr, 'msr', { sizeBlocks: 100, devices: ['usr_1', 'src1_0'] }))).toEqual([
      [0, 1, 'W'],
      [2, 1, 'W'],
    ]);
  });

  it('honours another block size', () => {
    expect(blocks(replay(TRACE, 'alibaba', { sizeBlocks: 1000, blockBytes: 512 }))).toEqual([
      [0, 8, 'R'],
      [9, 8, 'W'],
      [128, 1, 'R'],
      [800, 24, 'R'],
      [7, 2, 'W'],
    ]);
  });

  it('reads a line only when its request is asked for: a bad line after the last one taken is never seen', () => {
    const source = new TraceReplaySource({ file: 't', volume: 0, sizeBlocks: 10 }, new TraceReader(textLines('1,R,0,512,1\n1,R,0,512,2\nnot a line\n', 't'), 'alibaba'));
    expect(source.next()).toBeDefined();
    expect(source.next()).toBeDefined();
    expect(source.issued).toBe(2);
    expect(() => source.peekNs()).toThrow('t:3: expected 5 comma-separated fields');
  });

  it('refuses a mapping that makes no sense', () => {
    const make = (spec: Partial<TraceReplaySpec>) => () => new TraceReplaySource({ file: 't', volume: 0, sizeBlocks: 10, ...spec }, new TraceReader(textLines('', 't'), 'alibaba'));
    for (const bad of [{ sizeBlocks: 0 }, { timeScale: 0 }, { timeScale: Number.NaN }, { startNs: -1 }, { blockBytes: 0.5 }, { volume: -1 }]) {
      expect(make(bad)).toThrow(WorkloadSpecError);
    }
  });
});
