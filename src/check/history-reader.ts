import {
  FAULT_KINDS,
  History,
  WRITE_SOURCES,
  type CommandRecord,
  type FaultEventRecord,
  type HistoryBounds,
  type HistorySettings,
  type PairCopySettings,
  type CopiedTracks,
  type QueryRecord,
  type StateCause,
  type Topology,
} from '../array/history.js';
import { Fields, HistoryFormatError } from './line-fields.js';

export const HISTORY_FORMATS = ['mirrorsim.history/1', 'mirrorsim.history/2'] as const;
const LINE_TYPES_V1 = ['io', 'command', 'state', 'physical'] as const;
const LINE_TYPES_V2 = [...LINE_TYPES_V1, 'fault', 'restore-start', 'restored', 'query', 'copy'] as const;
/** A format 1 history lacks these: the checks needing them are skipped, with the reason. */
const NOT_IN_V1 = ['settings', 'faults', 'restored-indicator', 'command-groups'] as const;

/**
 * Reads a history file (JSON lines, docs/history-format.md) line by
 * line into a `History`, checking every line against the format: a bad line
 * throws a `HistoryFormatError` naming the file, the line and what was
 * expected. Streaming: nothing but the History grows with the file.
 */
export class HistoryReader {
  private history: History | null = null;
  private version: 1 | 2 = 2;
  private lineNumber = 0;
  private volumeBlocks = new Map<string, number>();
  private pairTracks = new Map<string, number>();
  private lastStateNs = new Map<string, number>();
  private lastIndicator = { atNs: 0, physicalBefore: 0, line: 0 };
  private highestCause = { id: -1, line: 0 };
  private physicalSeen = false;
  /** Format 1 command lines without a `group` (older writers did not record groups). */
  private commandsWithoutGroup = 0;

  constructor(private readonly file: string) {}

  /** The next line of the file (without its line break). */
  line(text: string): void {
    this.lineNumber++;
    if (text.trim() === '') return;
    const fields = Fields.parse(text, (detail) => this.fail(detail));
    if (this.history === null) return this.header(fields);
    const types = this.version === 1 ? LINE_TYPES_V1 : LINE_TYPES_V2;
    const type = fields.oneOf('type', types);
    switch (type) {
      case 'io':
        return this.io(fields, this.history);
      case 'command':
        return this.command(fields, this.history);
      case 'state':
        return this.state(fields, this.history);
      case 'physical':
        return this.physical(fields, this.history);
      case 'fault':
        return void this.history.faults.push(this.fault(fields));
      case 'restore-start':
      case 'restored':
        return this.indicator(type, fields, this.history);
      case 'query':
        return void this.history.queries.push(this.query(fields));
      case 'copy': {
        const pair = this.pairOf(fields, 'pair');
        const startNs = fields.int('startNs');
        const endNs = fields.intOrNull('endNs');
        if (endNs !== null && endNs < startNs) fields.wrong('endNs', `null or an instant ≥ startNs (${startNs})`);
        return void this.history.copies.push({ pair, track: fields.int('track', 0, this.pairTracks.get(pair)! - 1), startNs, endNs: endNs ?? -1 });
      }
    }
  }

  /** The format the header named. */
  get format(): (typeof HISTORY_FORMATS)[number] {
    return HISTORY_FORMATS[this.version - 1]!;
  }

  /** The history read, once every line was given. */
  finish(): History {
    const history = this.history;
    if (history === null) throw new HistoryFormatError(this.file, Math.max(1, this.lineNumber), 'expected a header line first, got an empty file');
    if (this.highestCause.id >= history.commands.length) {
      this.lineNumber = this.highestCause.line;
      this.fail(`cause: expected the id of a command in the history (there are ${history.commands.length}), got ${this.highestCause.id}`);
    }
    if (history.recordsPhysical && this.lastIndicator.physicalBefore > history.physicalCount) {
      this.lineNumber = this.lastIndicator.line;
      this.fail(`physicalBefore: expected at most ${history.physicalCount} (the physical writes in the file), got ${this.lastIndicator.physicalBefore}`);
    }
    if (this.version === 1) {
      history.recordsPhysical = this.physicalSeen;
      // Format 1 files of later writers name every command's group.
      if (history.commands.length > 0 && this.commandsWithoutGroup === 0) history.unrecorded.delete('command-groups');
    }
    return history;
  }

  private fail(detail: string): never {
    throw new HistoryFormatError(this.file, this.lineNumber, detail);
  }

  private header(fields: Fields): void {
    if (!fields.isString('type') || !fields.has('format')) this.fail('expected the header line first: {"type":"header","format":"mirrorsim.history/2",…}');
    fields.oneOf('type', ['header']);
    const format = fields.oneOf('format', HISTORY_FORMATS);
    this.version = format === 'mirrorsim.history/1' ? 1 : 2;
    const physical = this.version === 1 ? true : fields.bool('physical');
    const history = new History({ ops: true, physical });
    history.topology = this.topology(fields.nested('topology'));
    if (this.version === 1) for (const kind of NOT_IN_V1) history.unrecorded.add(kind);
    else {
      history.settings = settingsOf(fields.objectOrNull('settings'));
      history.bounds = boundsOf(fields.objectOrNull('bounds'));
    }
    this.history = history;
  }

  private topology(fields: Fields): Topology {
    const blocksPerTrack = fields.int('blocksPerTrack', 1, 1 << 20);
    const volumes = fields.list('volumes', (v) => ({ name: v.str('name'), blocks: v.int('blocks', 1) }), 100_000);
    for (const volume of volumes) {
      if (this.volumeBlocks.has(volume.name)) this.fail(`topology.volumes: volume "${volume.name}" is named twice`);
      this.volumeBlocks.set(volume.name, volume.blocks);
    }
    const pairs = fields.list('pairs', (p) => ({ name: p.str('name'), std: this.volumeOf(p, 'std'), bcv: this.volumeOf(p, 'bcv'), ...copySettings(p), ...(p.has('copyDirector') ? { copyDirector: p.int('copyDirector') } : {}) }), 100_000);
    for (const pair of pairs) {
      if (this.pairTracks.has(pair.name)) this.fail(`topology.pairs: pair "${pair.name}" is named twice`);
      this.pairTracks.set(pair.name, Math.ceil(this.volumeBlocks.get(pair.std)! / blocksPerTrack));
    }
    const groups = fields.has('groups') ? fields.list('groups', (g) => ({ name: g.str('name'), pairs: this.groupPairs(g) }), 100_000) : undefined;
    const blockBytes = fields.has('blockBytes') ? { blockBytes: fields.int('blockBytes', 1) } : {};
    return { blocksPerTrack, ...blockBytes, volumes, pairs, ...(groups ? { groups } : {}) };
  }

  private groupPairs(group: Fields): string[] {
    const names = group.strings('pairs', 100_000);
    const unknown = names.find((name) => !this.pairTracks.has(name));
    if (unknown !== undefined) group.wrong('pairs', `pairs of the topology (no pair is named "${unknown}")`);
    return names;
  }

  /** A volume named by a field, which must be one of the topology's. */
  private volumeOf(fields: Fields, key: string): string {
    const name = fields.str(key);
    if (!this.volumeBlocks.has(name)) fields.wrong(key, `a volume of the topology (${[...this.volumeBlocks.keys()].slice(0, 8).join(', ')})`);
    return name;
  }

  private pairOf(fields: Fields, key: string): string {
    const name = fields.str(key);
    if (!this.pairTracks.has(name)) fields.wrong(key, `a pair of the topology (${[...this.pairTracks.keys()].slice(0, 8).join(', ') || 'it has none'})`);
    return name;
  }

  /** A block range inside its volume. */
  private range(fields: Fields, volume: string, startKey: string, countKey: string): [number, number] {
    const blocks = this.volumeBlocks.get(volume)!;
    const start = fields.int(startKey, 0, blocks - 1);
    const count = fields.int(countKey, 1, blocks - start);
    return [start, count];
  }

  private io(fields: Fields, history: History): void {
    const id = fields.int('id');
    if (id !== history.opCountTotal) fields.wrong('id', `${history.opCountTotal} (io lines come in id order, from 0)`);
    const volume = this.volumeOf(fields, 'volume');
    const write = fields.oneOf('op', ['read', 'write']) === 'write';
    const [start, count] = this.range(fields, volume, 'block', 'blocks');
    const issueNs = fields.int('issueNs');
    const completeNs = fields.intOrNull('completeNs');
    if (completeNs !== null && completeNs < issueNs) fields.wrong('completeNs', `null or an instant ≥ issueNs (${issueNs})`);
    const error = fields.strOrNull('error');
    if (completeNs === null && error !== null) fields.wrong('error', 'null for an I/O that never completed');
    const stamp = write ? fields.int('stamp', 1, 0xffffffff) : 0;
    history.issue(fields.str('host'), volume, write, start, count, issueNs, stamp);
    if (completeNs === null) return;
    const returned = !write && error === null ? fields.stamps('stamps', count) : null;
    history.complete(id, completeNs, error, returned);
  }

  private command(fields: Fields, history: History): void {
    const id = fields.int('id');
    if (id !== history.commands.length) fields.wrong('id', `${history.commands.length} (command lines come in id order, from 0)`);
    const error = fields.strOrNull('error');
    const effectiveNs = fields.int('effectiveNs', -1);
    if ((error === null) !== effectiveNs >= 0) fields.wrong('effectiveNs', error === null ? 'the instant an accepted command took effect' : '-1 for a refused command');
    history.command({
      command: fields.str('command'),
      target: fields.str('target'),
      options: fields.record('options'),
      issueNs: fields.int('issueNs'),
      stateBefore: fields.strOrNull('stateBefore'),
      effectiveNs,
      completeNs: fields.int('completeNs', -1),
      error,
      message: fields.text('message'),
      ...(fields.has('legal') ? { legal: fields.strings('legal', 16) } : {}),
      ...(this.version === 2 ? { group: fields.strOrNull('group'), appliedNs: fields.int('appliedNs', -1) } : this.formatOneGroup(fields)),
      ...sender(fields),
    });
  }

  /** A format 1 command line's group, if it names one. */
  private formatOneGroup(fields: Fields): { group?: string | null } {
    if (fields.has('group')) return { group: fields.strOrNull('group') };
    this.commandsWithoutGroup++;
    return {};
  }

  private state(fields: Fields, history: History): void {
    const pair = this.pairOf(fields, 'pair');
    const atNs = fields.int('atNs');
    if (atNs < (this.lastStateNs.get(pair) ?? 0)) fields.wrong('atNs', `an instant ≥ ${this.lastStateNs.get(pair)} (a pair's state lines come in time order)`);
    this.lastStateNs.set(pair, atNs);
    const label = fields.str('label');
    const cause = this.version === 2 && fields.has('cause') ? this.causeOf(fields) : undefined;
    history.stateChanges.push({ pair, state: fields.str('state'), label, atNs, ...(cause === undefined ? {} : { cause }) });
  }

  private causeOf(fields: Fields): StateCause {
    if (fields.isString('cause')) return fields.oneOf('cause', ['copy-done', 'split-done'] as const);
    const id = fields.int('cause');
    if (id > this.highestCause.id) this.highestCause = { id, line: this.lineNumber };
    return id;
  }

  private physical(fields: Fields, history: History): void {
    if (!history.recordsPhysical) this.fail('a physical line, though the header says physical writes were not recorded ("physical": false)');
    this.physicalSeen = true;
    const volume = this.volumeOf(fields, 'volume');
    const [start, count] = this.range(fields, volume, 'startBlock', 'blockCount');
    const stamps = fields.stamps('stamps', count);
    history.physicalWrite(fields.int('timeNs'), volume, fields.oneOf('layer', ['cache', 'disk']), fields.oneOf('source', WRITE_SOURCES), start, stamps, 0, count);
  }

  private fault(fields: Fields): FaultEventRecord {
    const kind = fields.oneOf('kind', FAULT_KINDS);
    const atNs = fields.int('atNs');
    switch (kind) {
      case 'drive-failed':
        return { kind, atNs, drive: fields.str('drive'), spare: fields.strOrNull('spare'), volumes: this.volumeList(fields) };
      case 'media-error': {
        const volume = this.volumeOf(fields, 'volume');
        return { kind, atNs, drive: fields.str('drive'), volume, block: fields.int('block', 0, this.volumeBlocks.get(volume)! - 1), mirror: fields.int('mirror', 0, 1) };
      }
      case 'drive-slow':
        return { kind, atNs, drive: fields.str('drive'), factor: fields.number('factor', 1) };
      case 'rebuild-done':
        return { kind, atNs, drive: fields.str('drive') };
      case 'director-failed':
      case 'director-restarted':
        return { kind, atNs, director: fields.int('director', 0, 1_000_000) };
      case 'power-lost':
        return { kind, atNs, vaulted: fields.bool('vaulted') };
      case 'power-restored':
        return { kind, atNs };
    }
  }

  /** The volumes a failed drive held: the topology's (empty: not known). */
  private volumeList(fields: Fields): string[] {
    const names = fields.strings('volumes', 100_000);
    const unknown = names.find((name) => !this.volumeBlocks.has(name));
    if (unknown !== undefined) fields.wrong('volumes', `volumes of the topology (no volume is named "${unknown}")`);
    return names;
  }

  private indicator(type: 'restore-start' | 'restored', fields: Fields, history: History): void {
    const pair = this.pairOf(fields, 'pair');
    const atNs = fields.int('atNs');
    const physicalBefore = fields.int('physicalBefore');
    const last = this.lastIndicator;
    if (atNs < last.atNs) fields.wrong('atNs', `an instant ≥ ${last.atNs} (restore-start and restored lines come in the order they happened)`);
    if (physicalBefore < last.physicalBefore) fields.wrong('physicalBefore', `a count ≥ ${last.physicalBefore} (restore-start and restored lines come in the order they happened)`);
    this.lastIndicator = { atNs, physicalBefore, line: this.lineNumber };
    const tracks = this.pairTracks.get(pair)!;
    if (type === 'restored') return history.trackRestored(pair, fields.int('track', 0, tracks - 1), atNs, physicalBefore);
    const runs = fields.runs('unrestored', tracks);
    for (const [first, count] of runs) if (first + count > tracks) fields.wrong('unrestored', `runs inside the pair's ${tracks} tracks`);
    history.restoreStarted(pair, atNs, runs, physicalBefore);
  }

  private query(fields: Fields): QueryRecord {
    const pair = this.pairOf(fields, 'pair');
    const tracks = this.pairTracks.get(pair)!;
    const sides = (key: string, read: (f: Fields, side: string) => number) => {
      const nested = fields.nested(key);
      return { std: read(nested, 'std'), bcv: read(nested, 'bcv') };
    };
    const copied = fields.objectOrNull('copied');
    return {
      pair,
      atNs: fields.int('atNs'),
      statesBefore: fields.int('statesBefore'),
      indicatorBefore: fields.int('indicatorBefore'),
      state: fields.str('state'),
      label: fields.str('label'),
      tracks: fields.int('tracks'),
      invalidTracks: sides('invalidTracks', (f, side) => f.int(side, 0, tracks)),
      invalidMB: sides('invalidMB', (f, side) => f.number(side)),
      percentComplete: fields.number('percentComplete'),
      restoredTracks: fields.int('restoredTracks', 0, tracks),
      copied: copied === null ? null : copiedTracks(copied),
    };
  }
}

/** Reads a whole history from its lines (see `HistoryReader`). */
export function readHistoryLines(lines: Iterable<string>, file: string): History {
  const reader = new HistoryReader(file);
  for (const line of lines) reader.line(line);
  return reader.finish();
}

function settingsOf(fields: Fields | null): HistorySettings | null {
  if (fields === null) return null;
  return {
    copyOnRead: fields.bool('copyOnRead'),
    bcvWriteDuringRestore: fields.oneOf('bcvWriteDuringRestore', ['refuse', 'copy-before-write']),
    commandNs: fields.int('commandNs'),
    splitStepNs: fields.int('splitStepNs'),
  };
}

function boundsOf(fields: Fields | null): HistoryBounds {
  if (fields === null) return {};
  const bounds: { -readonly [K in keyof HistoryBounds]: HistoryBounds[K] } = {};
  for (const key of ['loadEndNs', 'runEndNs', 'ioBoundNs', 'copyBoundNs', 'idleNs'] as const) {
    const value = fields.optionalNumber(key);
    if (value !== undefined) bounds[key] = value;
  }
  return bounds;
}

/** A command a host sent through one of its directors: the host, the request id and, if it came to that, the error the host was told instead of the answer. */
function sender(fields: Fields): Pick<CommandRecord, 'host' | 'requestId' | 'answer'> {
  if (!fields.has('host')) return {};
  const answer = fields.has('answer') ? { answer: fields.oneOf('answer', ['director-failed', 'array-offline'] as const) } : {};
  return { host: fields.str('host'), requestId: fields.int('requestId', 1), ...answer };
}

function copiedTracks(fields: Fields): CopiedTracks {
  const count = (key: string) => fields.int(key);
  return { background: count('background'), copyOnRead: count('copyOnRead'), merged: count('merged'), overwritten: count('overwritten'), copyBeforeWrite: count('copyBeforeWrite') };
}

/** A topology pair's copy settings, if recorded. */
function copySettings(pair: Fields): { copy?: PairCopySettings } {
  if (!pair.has('copy')) return {};
  const copy = pair.nested('copy');
  return {
    copy: {
      rateMBps: copy.number('rateMBps'),
      concurrency: copy.int('concurrency', 1),
      priority: copy.oneOf('priority', ['low', 'equal'] as const),
      order: copy.oneOf('order', ['track', 'touched-first'] as const),
    },
  };
}
