import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { History } from '../array/history.js';
import { historyLines } from '../report/history-jsonl.js';
import { scriptArbitrary } from '../verify/arbitraries.js';
import { livenessBoundNs, runScript } from '../verify/run-script.js';
import { checkHistory } from './check-history.js';
import { readHistoryLines } from './history-reader.js';
import { HistoryFormatError } from './line-fields.js';

/** A gate run with faults, restores, groups and a command whose answer a fault lost: every kind of line and field. */
function recordedRun(): History {
  const scripts = fc.sample(scriptArbitrary(), { numRuns: 2000, seed: 11 });
  for (const script of scripts) {
    const run = runScript(script);
    const kinds = new Set([...historyLines(run.history, {})].map((line) => JSON.parse(line).type as string));
    const commands = run.history.commands;
    if (['fault', 'restore-start', 'restored', 'physical', 'query', 'copy'].every((k) => kinds.has(k)) && commands.some((c) => c.group !== null) && commands.some((c) => c.answer !== undefined) && commands.some((c) => c.legal !== undefined)) {
      run.history.bounds = { loadEndNs: run.loadEndNs, ioBoundNs: livenessBoundNs(script.world) };
      return run.history;
    }
  }
  throw new Error('no script of the sample has every kind of record');
}

const lines = (history: History) => [...historyLines(history, { scenario: 'test', seed: 1 })];

/** Everything a checker reads, as plain data. */
function contents(history: History) {
  return {
    topology: history.topology,
    settings: history.settings,
    bounds: history.bounds,
    recordsPhysical: history.recordsPhysical,
    unrecorded: [...history.unrecorded],
    ops: [...history.ops()].map((op) => ({ ...op, stamps: Array.from(op.stamps) })),
    commands: history.commands,
    stateChanges: history.stateChanges,
    faults: history.faults,
    indicator: [...history.indicatorRecords()],
    copies: history.copies,
    queries: history.queries.map(({ pair, atNs, statesBefore, indicatorBefore, state, label, tracks, invalidTracks, invalidMB, percentComplete, restoredTracks, copied }) => ({ pair, atNs, statesBefore, indicatorBefore, state, label, tracks, invalidTracks, invalidMB, percentComplete, restoredTracks, copied })),
    physical: [...history.physicalWrites()].map((w) => ({ ...w, stamps: Array.from(w.stamps) })),
  };
}

function readError(text: string[]): string {
  try {
    readHistoryLines(text, 'h.jsonl');
  } catch (error) {
    if (error instanceof HistoryFormatError) return error.message;
    throw error;
  }
  throw new Error('read without an error');
}

describe('reading a history file', () => {
  const history = recordedRun();
  const written = lines(history);

  it('reads back, line by line, exactly what was written, and judges it the same', () => {
    const read = readHistoryLines(written, 'run.jsonl');
    expect(contents(read)).toEqual(contents(history));
    const verdicts = (h: History) => checkHistory(h).verdicts.map((v) => v.message);
    expect(verdicts(read)).toEqual(verdicts(history));
    expect(checkHistory(read).stats).toEqual(checkHistory(history).stats);
  });

  it('accepts format 1: what it lacks is reported as not judged', () => {
    const v1 = written.flatMap((line) => {
      const { group: _g, appliedNs: _a, cause: _c, physical: _p, settings: _s, bounds: _b, ...object } = JSON.parse(line);
      if (['fault', 'restore-start', 'restored', 'query', 'copy'].includes(object.type)) return [];
      return [JSON.stringify(object.type === 'header' ? { ...object, format: 'mirrorsim.history/1' } : object)];
    });
    const read = readHistoryLines(v1, 'old.jsonl');
    expect([...read.unrecorded].sort()).toEqual(['command-groups', 'faults', 'restored-indicator', 'settings']);
    expect(read.recordsPhysical).toBe(true);
    expect(read.commands.every((c) => c.group === null && c.appliedNs === c.effectiveNs)).toBe(true);
    const { stats } = checkHistory(read, { ioBoundNs: 1e12 });
    expect(stats.skipped.map((s) => [s.guarantee, s.entirely])).toEqual([
      ['progress', false],
      ['availability', false],
      ['availability', false],
      ['reads-atomic', false],
      ['restored-indicator', true],
    ]);
    expect(stats.readsChecked).toBe(checkHistory(history).stats.readsChecked);
    // A format 1 file whose command lines name their group (later writers) records groups.
    const withGroups = written.flatMap((line) => {
      const { appliedNs: _a, cause: _c, physical: _p, settings: _s, bounds: _b, ...object } = JSON.parse(line);
      if (['fault', 'restore-start', 'restored', 'query', 'copy'].includes(object.type)) return [];
      return [JSON.stringify(object.type === 'header' ? { ...object, format: 'mirrorsim.history/1' } : object)];
    });
    expect([...readHistoryLines(withGroups, 'old.jsonl').unrecorded].sort()).toEqual(['faults', 'restored-indicator', 'settings']);
    // Without physical lines, a format 1 file did not record them.
    expect(readHistoryLines(v1.filter((l) => !l.includes('"type":"physical"')), 'old.jsonl').recordsPhysical).toBe(false);
  });

  it('refuses a bad line with the file, the line and what was expected', () => {
    const header = written[0]!;
    const io = JSON.parse(written[1]!);
    const at = (n: number, line: string) => [...written.slice(0, n - 1), line];
    expect(readError([])).toBe('h.jsonl:1: expected a header line first, got an empty file');
    expect(readError([written[1]!])).toBe('h.jsonl:1: expected the header line first: {"type":"header","format":"mirrorsim.history/2",…}');
    expect(readError([header.replace('mirrorsim.history/2', 'mirrorsim.history/9')])).toBe(
      'h.jsonl:1: format: expected one of "mirrorsim.history/1", "mirrorsim.history/2", got "mirrorsim.history/9"',
    );
    expect(readError([header, '{"type":"io",'])).toMatch(/^h\.jsonl:2: expected a JSON object, got text that is not JSON \(/);
    expect(readError([header, '[1,2]'])).toBe('h.jsonl:2: expected a JSON object, got [1,2]');
    expect(readError(at(2, JSON.stringify({ ...io, issueNs: 'soon' })))).toBe('h.jsonl:2: issueNs: expected an integer ≥ 0, got "soon"');
    expect(readError(at(2, JSON.stringify({ ...io, id: 5 })))).toBe('h.jsonl:2: id: expected 0 (io lines come in id order, from 0), got 5');
    expect(readError(at(2, JSON.stringify({ ...io, volume: 'nowhere' })))).toMatch(/^h\.jsonl:2: volume: expected a volume of the topology \(std0, /);
    expect(readError(at(2, JSON.stringify({ ...io, type: 'iops' })))).toMatch(/^h\.jsonl:2: type: expected one of "io", "command", "state", "physical", "fault", "restore-start", "restored", "query", "copy", got "iops"/);
    const read = written.findIndex((l) => l.includes('"op":"read"') && l.includes('"stamps":['));
    const readLine = JSON.parse(written[read]!);
    expect(readError(at(read + 1, JSON.stringify({ ...readLine, stamps: [1] })))).toBe(`h.jsonl:${read + 1}: stamps: expected an array of ${readLine.blocks} stamp${readLine.blocks === 1 ? '' : 's'}, got [1]`);
    const physical = written.findIndex((l) => l.includes('"type":"physical"'));
    expect(readError([header.replace('"physical":true', '"physical":false'), written[physical]!])).toBe(
      'h.jsonl:2: a physical line, though the header says physical writes were not recorded ("physical": false)',
    );
    const query = written.findIndex((l) => l.includes('"type":"query"'));
    const queryLine = JSON.parse(written[query]!);
    expect(readError(at(query + 1, JSON.stringify({ ...queryLine, invalidTracks: { std: 1 } })))).toBe(`h.jsonl:${query + 1}: invalidTracks.bcv: expected an integer from 0 to ${queryLine.tracks}, got nothing (the field is missing)`);
    expect(readError(at(query + 1, JSON.stringify({ ...queryLine, copied: { background: 1 } })))).toMatch(new RegExp(`^h\\.jsonl:${query + 1}: copied\\.copyOnRead: expected an integer`));
    const copy = written.findIndex((l) => l.includes('"type":"copy"') && !l.includes('"endNs":null'));
    const copyLine = JSON.parse(written[copy]!);
    expect(readError(at(copy + 1, JSON.stringify({ ...copyLine, endNs: copyLine.startNs - 1 })))).toBe(`h.jsonl:${copy + 1}: endNs: expected null or an instant ≥ startNs (${copyLine.startNs}), got ${copyLine.startNs - 1}`);
    const refused = written.findIndex((l) => l.includes('"legal":['));
    const refusedLine = JSON.parse(written[refused]!);
    expect(readError(at(refused + 1, JSON.stringify({ ...refusedLine, legal: 'split' })))).toBe(`h.jsonl:${refused + 1}: legal: expected a list of at most 16 names, got "split"`);
    const fault = written.find((l) => l.includes('"type":"fault"'))!;
    expect(readError([header.replace('mirrorsim.history/2', 'mirrorsim.history/1'), fault])).toMatch(/^h\.jsonl:2: type: expected one of "io", "command", "state", "physical", got "fault"/);
  });
});
