/**
 * A checker of the Trace Event Format (the JSON ui.perfetto.dev and
 * Chromium's tracing page open), as strict as the viewers need and a little
 * stricter: what a trace must hold for them to draw what it says. It knows
 * nothing of mirrorsim's tracks; tests use it on what `perfettoLines` wrote.
 *
 * Returns the problems found (none: the trace is well formed), each naming
 * the event by its index in `traceEvents`, and what the trace holds.
 */

/** Every phase the format defines. */
const PHASES = new Set(['B', 'E', 'X', 'i', 'I', 'C', 'b', 'n', 'e', 's', 't', 'f', 'P', 'N', 'O', 'D', 'M', 'V', 'v', 'R', 'c', '(', ')']);
const METADATA_NAMES = new Set(['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index']);
/** The keys of the object form; Perfetto stops reading at any other. */
const TOP_LEVEL_KEYS = new Set(['traceEvents', 'displayTimeUnit', 'otherData', 'metadata', 'systemTraceEvents', 'stackFrames', 'samples']);

export interface TraceEventSummary {
  readonly problems: string[];
  /** Every pid an event names, and each process's name. */
  readonly processes: Map<number, string>;
  /** Each (pid, tid) with a `thread_name`, as "pid/tid". */
  readonly threadNames: Map<string, string>;
  /** How many events of each phase. */
  readonly phases: Map<string, number>;
}

type Event = Record<string, unknown>;

export function checkTraceEvents(text: string): TraceEventSummary {
  const summary: TraceEventSummary = { problems: [], processes: new Map(), threadNames: new Map(), phases: new Map() };
  const problem = (message: string) => summary.problems.push(message);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problem(`not JSON: ${(error as Error).message}`);
    return summary;
  }
  const events = topLevel(parsed, problem);
  if (events === null) return summary;
  const tracks = new TrackChecks(problem);
  const used = { pids: new Set<number>(), threads: new Set<string>() };
  events.forEach((raw, index) => {
    const at = `event ${index}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problem(`${at}: not an object`);
    const event = raw as Event;
    const ph = event['ph'];
    if (typeof ph !== 'string' || !PHASES.has(ph)) return problem(`${at}: ph ${JSON.stringify(ph)} is not a phase of the format`);
    summary.phases.set(ph, (summary.phases.get(ph) ?? 0) + 1);
    if (!checkCommonFields(event, at, problem)) return;
    const pid = event['pid'] as number;
    used.pids.add(pid);
    if (event['tid'] !== undefined) used.threads.add(`${pid}/${event['tid'] as number}`);
    if (ph === 'M') return checkMetadata(event, at, summary, problem);
    tracks.check(event, ph, at);
  });
  tracks.finish();
  for (const pid of used.pids) if (!summary.processes.has(pid)) problem(`pid ${pid} has no process_name metadata event`);
  for (const thread of used.threads) if (!summary.threadNames.has(thread)) problem(`thread ${thread} has events but no thread_name metadata event`);
  return summary;
}

function topLevel(parsed: unknown, problem: (m: string) => void): unknown[] | null {
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed !== 'object' || parsed === null) {
    problem('the trace is neither an array of events nor an object with traceEvents');
    return null;
  }
  const object = parsed as Record<string, unknown>;
  for (const key of Object.keys(object)) if (!TOP_LEVEL_KEYS.has(key)) problem(`top-level key "${key}" is not one of the format's (Perfetto stops reading there)`);
  const unit = object['displayTimeUnit'];
  if (unit !== undefined && unit !== 'ms' && unit !== 'ns') problem(`displayTimeUnit ${JSON.stringify(unit)} is neither "ms" nor "ns"`);
  const other = object['otherData'];
  if (other !== undefined && (typeof other !== 'object' || other === null || Array.isArray(other))) problem('otherData is not an object');
  if (!Array.isArray(object['traceEvents'])) {
    problem('traceEvents is not an array');
    return null;
  }
  return object['traceEvents'];
}

/** ts, pid, tid, name and args as every event needs them; false when the event cannot be checked further. */
function checkCommonFields(event: Event, at: string, problem: (m: string) => void): boolean {
  const ph = event['ph'] as string;
  const ts = event['ts'];
  if (ph !== 'M' || ts !== undefined) {
    if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0) return problem(`${at}: ts ${JSON.stringify(ts)} is not a non-negative number of microseconds`), false;
    if (!isWholeNanoseconds(ts)) problem(`${at}: ts ${ts} µs is finer than a nanosecond`);
  }
  const keys = Object.keys(event);
  const arrayBeforeTs = keys.slice(0, Math.max(0, keys.indexOf('ts'))).find((key) => Array.isArray(event[key]));
  if (arrayBeforeTs !== undefined) problem(`${at}: array-valued "${arrayBeforeTs}" comes before ts (Perfetto drops the event)`);
  if (!Number.isSafeInteger(event['pid'])) return problem(`${at}: pid ${JSON.stringify(event['pid'])} is not an integer`), false;
  if (event['tid'] !== undefined && !Number.isSafeInteger(event['tid'])) return problem(`${at}: tid ${JSON.stringify(event['tid'])} is not an integer`), false;
  if (ph !== 'E' && ph !== 'e' && typeof event['name'] !== 'string') return problem(`${at}: a ${ph} event needs a name`), false;
  if (event['args'] !== undefined && (typeof event['args'] !== 'object' || event['args'] === null || Array.isArray(event['args']))) {
    return problem(`${at}: args is not an object`), false;
  }
  return true;
}

function isWholeNanoseconds(us: number): boolean {
  const ns = us * 1000;
  return Math.abs(ns - Math.round(ns)) < 1e-3;
}

function checkMetadata(event: Event, at: string, summary: TraceEventSummary, problem: (m: string) => void): void {
  const name = event['name'] as string;
  if (!METADATA_NAMES.has(name)) return void problem(`${at}: metadata event "${name}" is not one the format defines`);
  const args = (event['args'] ?? {}) as Record<string, unknown>;
  const pid = event['pid'] as number;
  if (name === 'process_name') {
    if (typeof args['name'] !== 'string') return void problem(`${at}: process_name without args.name`);
    if (summary.processes.has(pid)) problem(`${at}: pid ${pid} is named twice`);
    summary.processes.set(pid, args['name']);
  } else if (name === 'thread_name') {
    if (typeof args['name'] !== 'string' || !Number.isSafeInteger(event['tid'])) return void problem(`${at}: thread_name needs a tid and args.name`);
    summary.threadNames.set(`${pid}/${event['tid'] as number}`, args['name']);
  } else if (name.endsWith('sort_index') && !Number.isSafeInteger(args['sort_index'])) {
    problem(`${at}: ${name} without an integer args.sort_index`);
  }
}

/** An async event's id as its track's key: `id` and `id2.global` are global, `id2.local` is the process's own. */
function asyncIdOf(event: Event): string | null {
  const id = event['id'];
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  const id2 = event['id2'];
  if (typeof id2 !== 'object' || id2 === null) return null;
  const { local, global } = id2 as Record<string, unknown>;
  if (typeof global === 'string' || typeof global === 'number') return String(global);
  if (typeof local === 'string' || typeof local === 'number') return `local:${local}`;
  return null;
}

/** Per-track rules: spans balanced and nested, time never going back on a track. */
class TrackChecks {
  /** Open B spans per thread ("pid/tid"), with the time last seen there. */
  private readonly threads = new Map<string, { open: { name: string; ts: number; at: string }[]; lastTs: number }>();
  /** Open b spans per async track ("pid/cat/id"). */
  private readonly asyncTracks = new Map<string, { open: { name: string; ts: number; at: string }[]; lastTs: number }>();
  private readonly counters = new Map<string, number>();
  /** Per thread, the ends of the complete events that enclose the time last seen there. */
  private readonly completes = new Map<string, { endsUs: number[]; lastTs: number }>();

  constructor(private readonly problem: (m: string) => void) {}

  check(event: Event, ph: string, at: string): void {
    const ts = event['ts'] as number;
    switch (ph) {
      case 'B':
      case 'E':
        return this.span(this.threads, this.threadOf(event, at), event, ph === 'B', at);
      case 'b':
      case 'e': {
        const id = asyncIdOf(event);
        if (id === null) return this.problem(`${at}: an async event needs an id, or an id2 with local or global`);
        return this.span(this.asyncTracks, `${event['pid'] as number}/${String(event['cat'])}/${id}`, event, ph === 'b', at);
      }
      case 'X':
        return this.complete(event, ts, at);
      case 'i':
      case 'I': {
        const scope = event['s'] ?? 't';
        if (scope !== 't' && scope !== 'p' && scope !== 'g') return this.problem(`${at}: instant scope ${JSON.stringify(scope)} is none of t, p, g`);
        if (scope === 't') this.threadOf(event, at);
        return;
      }
      case 'C':
        return this.counter(event, ts, at);
    }
  }

  finish(): void {
    for (const [kind, tracks] of [['thread', this.threads], ['async track', this.asyncTracks]] as const) {
      for (const [key, track] of tracks) {
        for (const open of track.open) this.problem(`${kind} ${key}: span "${open.name}" begun at ${open.ts} µs (${open.at}) never ends`);
      }
    }
  }

  private threadOf(event: Event, at: string): string {
    if (event['tid'] === undefined) this.problem(`${at}: a ${String(event['ph'])} event needs a tid`);
    return `${event['pid'] as number}/${event['tid'] as number}`;
  }

  private span(tracks: Map<string, { open: { name: string; ts: number; at: string }[]; lastTs: number }>, key: string, event: Event, begins: boolean, at: string): void {
    let track = tracks.get(key);
    if (!track) tracks.set(key, (track = { open: [], lastTs: 0 }));
    const ts = event['ts'] as number;
    if (ts < track.lastTs) this.problem(`${at}: ts ${ts} µs goes back on ${key} (last ${track.lastTs} µs)`);
    track.lastTs = Math.max(track.lastTs, ts);
    if (begins) return void track.open.push({ name: event['name'] as string, ts, at });
    const open = track.open.pop();
    if (open === undefined) return this.problem(`${at}: ${String(event['ph'])} on ${key} ends no span`);
    const name = event['name'];
    if (name !== undefined && name !== open.name) this.problem(`${at}: ends "${String(name)}" on ${key}, but the open span is "${open.name}"`);
  }

  /** A complete event must nest with the thread's other complete events: start after the previous one ended, or end within it. */
  private complete(event: Event, ts: number, at: string): void {
    const dur = event['dur'];
    if (typeof dur !== 'number' || !Number.isFinite(dur) || dur < 0) return this.problem(`${at}: X event with dur ${JSON.stringify(dur)}: not a duration ≥ 0`);
    const key = this.threadOf(event, at);
    let track = this.completes.get(key);
    if (!track) this.completes.set(key, (track = { endsUs: [], lastTs: 0 }));
    if (ts < track.lastTs) this.problem(`${at}: ts ${ts} µs goes back on ${key}'s complete events (last ${track.lastTs} µs)`);
    track.lastTs = Math.max(track.lastTs, ts);
    while (track.endsUs.length > 0 && track.endsUs.at(-1)! <= ts) track.endsUs.pop();
    const enclosingEndUs = track.endsUs.at(-1);
    if (enclosingEndUs !== undefined && ts + dur > enclosingEndUs) this.problem(`${at}: X event [${ts}, ${ts + dur}] µs overlaps one ending at ${enclosingEndUs} µs on ${key} without nesting in it`);
    track.endsUs.push(ts + dur);
  }

  private counter(event: Event, ts: number, at: string): void {
    const args = event['args'];
    const values = typeof args === 'object' && args !== null ? Object.values(args) : [];
    if (values.length === 0) return this.problem(`${at}: counter "${String(event['name'])}" has no values`);
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) this.problem(`${at}: counter "${String(event['name'])}" has a value that is not a number`);
    const key = `${event['pid'] as number}/${String(event['name'])}`;
    if (ts < (this.counters.get(key) ?? 0)) this.problem(`${at}: ts ${ts} µs goes back on counter ${key}`);
    this.counters.set(key, Math.max(ts, this.counters.get(key) ?? 0));
  }
}
