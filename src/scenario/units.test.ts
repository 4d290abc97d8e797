import { describe, expect, it } from 'vitest';
import { parseDuration, parseSizeBytes } from './units.js';

describe('units', () => {
  it('parses sizes in binary and decimal units', () => {
    expect(parseSizeBytes('4KiB')).toBe(4096);
    expect(parseSizeBytes('64 KiB')).toBe(65536);
    expect(parseSizeBytes('1.5GB')).toBe(1.5e9);
    expect(parseSizeBytes('1TiB')).toBe(2 ** 40);
    expect(parseSizeBytes(512)).toBe(512);
    expect(parseSizeBytes('12 furlongs')).toBeUndefined();
    expect(parseSizeBytes(-1)).toBeUndefined();
    expect(parseSizeBytes('9'.repeat(30))).toBeUndefined();
  });

  it('parses durations with units, and plain numbers as seconds', () => {
    expect(parseDuration('250ms')).toBe(250_000_000);
    expect(parseDuration('20us')).toBe(20_000);
    expect(parseDuration('2min')).toBe(120e9);
    expect(parseDuration(1.5)).toBe(1.5e9);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });
});
