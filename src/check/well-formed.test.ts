import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import { MalformedHistoryError } from './well-formed.js';

describe('a history must name what its topology has', () => {
  it('a well-formed history is judged; a refused command to an unknown target is part of one', () => {
    const b = new HistoryBuilder();
    b.establish(0, 'p1', 10);
    b.refused('split', 'nowhere', 20, 'unknown-target');
    expect(() => checkHistory(b.history)).not.toThrow();
  });

  it('a member record of a group the topology lacks, or an accepted command to nothing, is refused as the reader refuses it in a file', () => {
    const b = new HistoryBuilder();
    b.history.command({ command: 'establish', target: 'p1', group: 'g', options: {}, issueNs: 0, stateBefore: 'NeverEstab', effectiveNs: 0, completeNs: 0, error: null, message: '' });
    expect(() => checkHistory(b.history)).toThrow(MalformedHistoryError);
    expect(() => checkHistory(b.history)).toThrow('the history is not well formed: command #0 (establish p1) is a member\'s record of group g, which the topology does not give that member');
    const c = new HistoryBuilder();
    c.establish(0, 'p9');
    expect(() => checkHistory(c.history)).toThrow('command #0 (establish p9) was accepted, yet names no pair or group of the topology');
  });

  it('records of unknown volumes or pairs are refused', () => {
    const b = new HistoryBuilder();
    b.write('elsewhere', 0, 1, 0, 10);
    expect(() => checkHistory(b.history)).toThrow('a host I/O or a physical write is to elsewhere, no volume of the topology');
    const c = new HistoryBuilder();
    c.state('p2', 'SyncInProg', 5);
    expect(() => checkHistory(c.history)).toThrow('a state change of p2, no pair of the topology');
    const d = new HistoryBuilder();
    d.history.copies.push({ pair: 'p3', track: 0, startNs: 0, endNs: 1 });
    expect(() => checkHistory(d.history)).toThrow('a track copy of p3, no pair of the topology');
  });
});
