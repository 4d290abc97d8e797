import { describe, expect, it } from 'vitest';
import { History } from '../array/history.js';
import { parseScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';
import type { RunResult } from '../scenario/results.js';
import { perfettoLines } from './perfetto.js';
import { hostIoEvents, hostIoSampling } from './perfetto-io.js';
import { checkTraceEvents } from './testing/trace-event-format.js';

/**
 * A short walk with everything a trace shows: a full establish, a refused
 * restore, a split, a slowed drive, a protected restore still running when
 * the run ends, and two hosts (one closed-loop, so that its I/Os overlap).
 */
const SHORT = `
name: perfetto-short
seed: 3
duration: 1.2s
array:
  drives:
    - { count: 4, prefix: d, model: hdd }
  cache: { size: 32MiB }
  volumes:
    - { name: data, size: 16MiB, drives: [d0, d1] }
    - { name: data-bcv, size: 16MiB, drives: [d2, d3] }
pairs:
  - { name: p1, std: data, bcv: data-bcv }
protocol:
  copy: { rateMBps: 40 }
hosts:
  - name: app
    workload: { volumes: [data], readFraction: 0.7, size: 8KiB, iops: 400 }
  - name: batch
    workload: { volumes: [data], readFraction: 0.5, size: 64KiB, queueDepth: 4, think: 2ms }
timeline:
  - { at: 0.05s, establish: p1 }
  - { at: 0.1s, restore: p1 }
  - { id: split1, when: pair p1 is Synchronized, after: 50ms, split: p1 }
  - { when: step split1 done, after: 50ms, slowDrive: d1, factor: 2 }
  - { when: step split1 done, after: 100ms, restore: p1, protected: true }
metrics:
  interval: 100ms
`;

type Event = { ph: string; ts: number; dur?: number; pid: number; tid?: number; name?: string; cat?: string; id2?: { local: string }; args?: Record<string, unknown> };
interface Trace {
  otherData: Record<string, unknown> & { hostIo: { recorded: boolean; sampled?: boolean; hosts?: { host: string; ios: number; written: number; oneIn: number | null }[] } };
  traceEvents: Event[];
}

const run = runScenario(parseScenario(SHORT, 'perfetto-short.yaml'));
const text = [...perfettoLines(run.result, run.history)].join('\n');
const trace = JSON.parse(text) as Trace;
const nsOf = (us: number) => Math.round(us * 1000);

function tidNamed(name: string): number {
  const event = trace.traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.['name'] === name);
  expect(event, `a thread named ${name}`).toBeDefined();
  return event!.tid!;
}

describe('perfettoLines: the format', () => {
  it('writes a trace the format check accepts: one process for the array, every kind of event', () => {
    const summary = checkTraceEvents(text);
    expect(summary.problems).toEqual([]);
    expect([...summary.processes]).toEqual([[1, 'array: perfetto-short (seed 3)']]);
    expect([...summary.phases.keys()].sort()).toEqual(['B', 'C', 'E', 'M', 'X', 'b', 'e', 'i']);
    // A plain `id` is global in the format: Perfetto would put the I/O tracks outside the array's process.
    expect(trace.traceEvents.filter((e) => e.ph === 'b' || e.ph === 'e').every((e) => typeof e.id2?.local === 'string' && !('id' in e))).toBe(true);
    expect(trace.otherData).toMatchObject({ format: 'mirrorsim.perfetto/1', scenario: 'perfetto-short', seed: 3, traceHash: run.result.traceHash });
  });

  it('writes microseconds: the last state ends at the run\'s end, 1.2 s = 1 200 000 µs', () => {
    const ends = trace.traceEvents.filter((e) => e.ph === 'E').map((e) => e.ts);
    expect(Math.max(...ends)).toBe(1_200_000);
    expect(run.result.simulatedNs).toBe(1_200_000_000);
  });

  it('streams one event a line, between a header and a footer', () => {
    const lines = [...perfettoLines(run.result, run.history)];
    expect(lines[0]).toMatch(/^\{"otherData":\{.*\},"traceEvents":\[$/);
    expect(lines.at(-1)).toBe(']}');
    expect(lines.length).toBe(trace.traceEvents.length + 2);
    for (const line of lines.slice(2, -1)) expect(line.startsWith(',{"ph":')).toBe(true);
  });
});

describe('perfettoLines: the spans match results.json', () => {
  const { result } = run;

  it('has one state span per state the pair entered, from then to the next (or the end)', () => {
    const tid = tidNamed('pair p1 state');
    const onThread = trace.traceEvents.filter((e) => e.tid === tid && (e.ph === 'B' || e.ph === 'E'));
    const timeline = result.pairs[0]!.timeline;
    expect(onThread.filter((e) => e.ph === 'B').map((e) => [e.name, nsOf(e.ts)])).toEqual(timeline.map((s) => [s.label, s.atNs]));
    expect(onThread.filter((e) => e.ph === 'E').map((e) => nsOf(e.ts))).toEqual([...timeline.slice(1).map((s) => s.atNs), result.simulatedNs]);
    expect(timeline.map((s) => s.state)).toEqual(['NeverEstab', 'SyncInProg', 'Synchronized', 'SplitInProg', 'Split', 'RestInProg']);
  });

  it('has one span per copy phase, the one still running drawn to the run\'s end', () => {
    const spans = trace.traceEvents.filter((e) => e.tid === tidNamed('pair p1 copy') && e.ph === 'X');
    const phases = result.pairs[0]!.phases;
    expect(spans.map((e) => [nsOf(e.ts), nsOf(e.ts) + nsOf(e.dur!)])).toEqual(phases.map((p) => [p.startNs, p.endNs ?? result.simulatedNs]));
    expect(spans.map((e) => e.name)).toEqual(['establish (full)', 'restore (full, protected)']);
    expect(spans.map((e) => e.args?.['open'])).toEqual([false, true]);
  });

  it('has every command and fault as an instant, where it took effect', () => {
    const commands = trace.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'command');
    expect(commands.map((e) => e.name)).toEqual(['establish p1', 'restore p1 refused (illegal-in-state)', 'split p1', 'restore p1']);
    const accepted = result.commands.filter((c) => c.error === null);
    expect(commands.filter((e) => !e.name!.includes('refused')).map((e) => nsOf(e.ts))).toEqual(accepted.map((c) => c.appliedNs));
    // Where a command took effect, its pair's state changed.
    for (const c of accepted) expect(result.pairs[0]!.timeline.some((s) => s.atNs === c.appliedNs)).toBe(true);
    const faults = trace.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'fault');
    expect(faults.map((e) => [e.name, nsOf(e.ts)])).toEqual(result.faults.map((f) => [`${f.fault} ${f.target}`, f.atNs]));
    expect(faults).toHaveLength(1);
  });

  it('has every host I/O as a span on its host\'s track, as many as each host issued', () => {
    const begins = trace.traceEvents.filter((e) => e.ph === 'b');
    for (const host of result.hosts) {
      const mine = begins.filter((e) => e.name === `host ${host.name} I/O`);
      expect(mine.length, host.name).toBe(host.issued);
      expect(mine.filter((e) => e.args?.['completeNs'] !== undefined).length, host.name).toBe(host.completed + host.failed);
      expect(mine.filter((e) => e.args?.['error'] !== undefined).length, host.name).toBe(host.failed);
      expect(new Set(mine.map((e) => e.id2!.local)).size, `${host.name}'s lanes`).toBeLessThan(mine.length / 10);
    }
    expect(result.hosts.map((h) => h.issued).every((n) => n > 100)).toBe(true);
    expect(trace.otherData.hostIo).toMatchObject({ recorded: true, sampled: false });
  });

  it('has each drive\'s queue depth and the copy\'s progress as counters', () => {
    const counters = trace.traceEvents.filter((e) => e.ph === 'C');
    for (const drive of result.drives) {
      const points = result.metrics.groups[`drive:${drive.name}`]!.series.levels['queue']!.points;
      const mine = counters.filter((e) => e.name === `drive ${drive.name} queue`);
      expect(mine.map((e) => [nsOf(e.ts), e.args])).toEqual(points.map((p) => [p.tNs, { mean: p.mean, max: p.max }]));
    }
    const progress = counters.filter((e) => e.name === 'pair p1 copied').map((e) => e.args!['percent'] as number);
    const phases = result.pairs[0]!.phases;
    expect(progress.length).toBe(phases.reduce((n, p) => n + p.progress.length, 0));
    expect(progress[0]).toBe(0);
    expect(progress).toContain(100); // the establish finished
    const running = phases[1]!.progress.at(-1)!;
    expect(progress.at(-1)).toBeCloseTo((100 * (running.background + running.copyOnRead + running.merged + running.overwritten + running.copyBeforeWrite)) / 256, 9);
  });
});

describe('perfettoLines: host I/O above the bound', () => {
  it('keeps one I/O in n, the same ones every time, and says so in the file and the track\'s name', () => {
    const lines = [...perfettoLines(run.result, run.history, { maxIosPerHost: 100 })];
    expect(lines).toEqual([...perfettoLines(run.result, run.history, { maxIosPerHost: 100 })]);
    const sampled = JSON.parse(lines.join('\n')) as Trace;
    expect(checkTraceEvents(lines.join('\n')).problems).toEqual([]);
    expect(sampled.otherData.hostIo).toMatchObject({ recorded: true, maxPerHost: 100, sampled: true });
    for (const host of run.result.hosts) {
      const said = sampled.otherData.hostIo.hosts!.find((h) => h.host === host.name)!;
      const oneIn = Math.ceil(host.issued / 100);
      expect(said).toEqual({ host: host.name, ios: host.issued, written: Math.ceil(host.issued / oneIn), oneIn });
      const kept = sampled.traceEvents.filter((e) => e.ph === 'b' && e.name === `host ${host.name} I/O (1 in ${oneIn})`);
      expect(kept.length).toBe(said.written);
      expect(kept.length).toBeLessThanOrEqual(100);
      const ids = [...run.history.ops()].filter((op) => op.host === host.name).map((op) => op.id);
      expect(kept.map((e) => e.args!['ioId'])).toEqual(ids.filter((_, i) => i % oneIn === 0));
    }
  });

  it('writes no I/O spans with a bound of 0, nor when the run did not record host I/Os', () => {
    const none = JSON.parse([...perfettoLines(run.result, run.history, { maxIosPerHost: 0 })].join('\n')) as Trace;
    expect(none.traceEvents.some((e) => e.ph === 'b')).toBe(false);
    expect(none.otherData.hostIo.hosts!.every((h) => h.written === 0 && h.oneIn === null)).toBe(true);
    const unrecorded = [...perfettoLines(run.result, new History({ ops: false }))].join('\n');
    expect(checkTraceEvents(unrecorded).problems).toEqual([]);
    expect((JSON.parse(unrecorded) as Trace).otherData.hostIo).toMatchObject({ recorded: false });
  });
});

describe('hostIoEvents', () => {
  it('puts overlapping I/Os on separate lanes, reuses a lane only after its I/O ended, and cuts off one still in flight', () => {
    const history = new History();
    const a = history.issue('h', 'v', false, 0, 1, 100, 0);
    const b = history.issue('h', 'v', true, 8, 2, 150, 7);
    history.complete(a, 200, null, new Uint32Array(1));
    history.issue('h', 'v', false, 0, 1, 200, 0); // lane 0 ended at 200: not free at 200
    history.complete(b, 250, 'media-error', null);
    history.issue('h', 'v', false, 0, 1, 201, 0); // lane 0 is free again
    const events = [...hostIoEvents(history, hostIoSampling(history, 10), 1, 1_000)];
    const begins = events.filter((e) => e.ph === 'b');
    expect(begins.map((e) => e.ph === 'b' && [e.id2.local, e.ts])).toEqual([['h/0', 0.1], ['h/1', 0.15], ['h/2', 0.2], ['h/0', 0.201]]);
    const ends = events.filter((e) => e.ph === 'e').map((e) => e.ts);
    expect(ends).toEqual([0.2, 0.25, 1, 1]);
    expect(begins.map((e) => e.ph === 'b' && e.args)).toEqual([
      { op: 'read', volume: 'v', block: 0, blocks: 1, ioId: 0, issueNs: 100, completeNs: 200, latencyNs: 100 },
      { op: 'write', volume: 'v', block: 8, blocks: 2, ioId: 1, issueNs: 150, completeNs: 250, latencyNs: 100, error: 'media-error' },
      { op: 'read', volume: 'v', block: 0, blocks: 1, ioId: 2, issueNs: 200, inFlight: true },
      { op: 'read', volume: 'v', block: 0, blocks: 1, ioId: 3, issueNs: 201, inFlight: true },
    ]);
  });

  it('samples with the smallest stride that fits the bound', () => {
    const history = new History();
    for (let i = 0; i < 10; i++) history.issue('h', 'v', false, 0, 1, i, 0);
    expect(hostIoSampling(history, 10)).toEqual([{ host: 'h', ios: 10, written: 10, oneIn: 1 }]);
    expect(hostIoSampling(history, 5)).toEqual([{ host: 'h', ios: 10, written: 5, oneIn: 2 }]);
    expect(hostIoSampling(history, 4)).toEqual([{ host: 'h', ios: 10, written: 4, oneIn: 3 }]);
    expect(hostIoSampling(history, 1)).toEqual([{ host: 'h', ios: 10, written: 1, oneIn: 10 }]);
  });
});

/** What `run` writes when a pair is broken in a way a writer could get wrong. */
function resultWith(change: (result: RunResult) => RunResult): string {
  return [...perfettoLines(change(run.result), run.history, { maxIosPerHost: 50 })].join('\n');
}

describe('the format check catches a broken writer', () => {
  const good = [...perfettoLines(run.result, run.history, { maxIosPerHost: 50 })];
  const goodTrace = JSON.parse(good.join('\n')) as Trace;
  const rewrite = (change: (events: Event[]) => Event[], top: Record<string, unknown> = {}) =>
    JSON.stringify({ ...goodTrace, ...top, traceEvents: change(goodTrace.traceEvents.map((e) => ({ ...e }))) });
  const problemsOf = (text: string) => checkTraceEvents(text).problems.join('\n');

  it('accepts the writer\'s own trace', () => {
    expect(checkTraceEvents(good.join('\n')).problems).toEqual([]);
  });

  it('refuses an unbalanced span: a writer that forgets to end the last state', () => {
    const lastEnd = goodTrace.traceEvents.findLastIndex((e) => e.ph === 'E');
    expect(problemsOf(rewrite((events) => events.filter((_, i) => i !== lastEnd)))).toMatch(/span "RestInProg \(protected\)" begun at .* never ends/);
    const firstBegin = goodTrace.traceEvents.findIndex((e) => e.ph === 'B');
    expect(problemsOf(rewrite((events) => events.filter((_, i) => i !== firstBegin)))).toMatch(/E on 1\/10 ends no span/);
    const firstAsyncEnd = goodTrace.traceEvents.findIndex((e) => e.ph === 'e');
    expect(problemsOf(rewrite((events) => events.filter((_, i) => i !== firstAsyncEnd)))).toMatch(/async track 1\/io\/local:.* never ends|goes back/);
  });

  it('refuses time going back on a thread, and the writer refuses a pair timeline out of order', () => {
    const lastBegin = goodTrace.traceEvents.findLastIndex((e) => e.ph === 'B');
    expect(problemsOf(rewrite((events) => events.map((e, i) => (i === lastBegin ? { ...e, ts: 0 } : e))))).toMatch(/goes back on 1\/10/);
    expect(() => resultWith((r) => ({ ...r, pairs: r.pairs.map((p) => ({ ...p, timeline: [...p.timeline].reverse() })) }))).toThrow(/is followed by one at/);
  });

  it('refuses phases the format does not have, nanoseconds where microseconds belong, and negative durations', () => {
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'X' ? { ...e, ph: 'Z' } : e))))).toMatch(/ph "Z" is not a phase/);
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'B' ? { ...e, ts: String(nsOf(e.ts)) as unknown as number } : e))))).toMatch(/is not a non-negative number of microseconds/);
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'i' ? { ...e, ts: e.ts + 0.0001 } : e))))).toMatch(/finer than a nanosecond/);
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'X' ? { ...e, dur: -1 } : e))))).toMatch(/dur -1: not a duration/);
  });

  it('refuses complete events that overlap without nesting', () => {
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'X' ? { ...e, dur: 2_000_000 } : e))))).toMatch(/overlaps one ending at .* without nesting/);
  });

  it('refuses a second process without a name, a thread without one, and counters that are not numbers', () => {
    expect(problemsOf(rewrite((events) => [...events, { ph: 'i', ts: 1, pid: 2, tid: 1, name: 'x', args: {} }]))).toMatch(/pid 2 has no process_name/);
    expect(problemsOf(rewrite((events) => events.filter((e) => !(e.ph === 'M' && e.args?.['name'] === 'faults'))))).toMatch(/thread 1\/2 has events but no thread_name/);
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'C' ? { ...e, args: { mean: 'deep' } } : e))))).toMatch(/not a number/);
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'C' ? { ...e, args: {} } : e))))).toMatch(/has no values/);
  });

  it('refuses what makes Perfetto drop events: an unknown top-level key, an array before ts', () => {
    expect(problemsOf(rewrite((events) => events, { mirrorsim: {} }))).toMatch(/top-level key "mirrorsim"/);
    expect(problemsOf(rewrite((events) => events.map((e) => (e.ph === 'B' ? { ph: 'B', tags: [1], ...(({ ph: _, ...rest }) => rest)(e) } : e))))).toMatch(/"tags" comes before ts/);
  });
});
