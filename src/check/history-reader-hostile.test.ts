import { describe, expect, it } from 'vitest';
import { historyLines } from '../report/history-jsonl.js';
import { world } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import { readHistoryLines } from './history-reader.js';
import { HistoryFormatError } from './line-fields.js';
import { load } from './testing/load.js';

/** A small run with every kind of line: establish, split, a restore under load of both sides. */
function recordedLines(): string[] {
  const w = world({ blocks: 128, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 8 } }] });
  w.command(w.establish());
  load(w, { volumes: ['std', 'bcv'], count: 30, everyNs: 200_000, seed: 3 });
  w.run();
  w.command(w.split());
  w.run();
  w.command(w.restore('p1', { protected: true }));
  load(w, { volumes: ['std', 'bcv'], count: 30, everyNs: 200_000, seed: 4 });
  w.run();
  return [...historyLines(w.history, {})];
}

describe('a damaged history file', () => {
  it('is read and judged, or refused with a located error — never a crash (300 seeded mutations)', () => {
    const lines = recordedLines();
    // Each kind of line as likely to be damaged as any other, however few lines it has.
    const byType = new Map<string, number[]>();
    lines.forEach((line, i) => {
      const type = JSON.parse(line).type as string;
      if (i > 0) byType.set(type, [...(byType.get(type) ?? []), i]);
    });
    const kinds = [...byType.values()];
    let state = 7;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    const outcomes = { judged: 0, refused: 0 };
    for (let k = 0; k < 300; k++) {
      const copy = [...lines];
      for (let m = 0; m < 1 + random(4); m++) {
        const kind = kinds[random(kinds.length)]!;
        const i = kind[random(kind.length)]!;
        const object = JSON.parse(copy[i]!);
        const keys = Object.keys(object).filter((key) => typeof object[key] === 'number' || object[key] === null || Array.isArray(object[key]));
        const key = keys[random(keys.length)];
        if (key !== undefined && Array.isArray(object[key])) object[key][random(object[key].length)] = random(50);
        else if (key !== undefined) object[key] = [0, 1, -1, random(100), random(1e7), (object[key] ?? 0) + 1, null][random(7)];
        copy[i] = JSON.stringify(object);
        if (random(8) === 0) copy.splice(1 + random(copy.length - 1), 1);
        if (random(8) === 0) copy.push(copy[1 + random(copy.length - 1)]!);
      }
      try {
        checkHistory(readHistoryLines(copy, 'damaged.jsonl'), { ioBoundNs: 1e9, progress: { phaseBoundNs: 1e10 } });
        outcomes.judged++;
      } catch (error) {
        if (!(error instanceof HistoryFormatError)) throw error;
        expect(error.message).toMatch(/^damaged\.jsonl:\d+: \S/);
        outcomes.refused++;
      }
    }
    // Both kinds happen: the mutations are not all caught by one check, nor all harmless.
    expect(outcomes.judged).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(30);
  });
});
