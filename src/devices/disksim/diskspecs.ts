import type { CacheSpec, ControllerSpec, ExtraWriteDisconnectSpec, FastWrite, ReadAheadScope, ReconnectionSpec, RequestDataPolicy } from '../hdd/params.js';
import type { QueuePolicy } from '../queue-policy.js';
import { Fields } from './fields.js';
import { DiskSimFormatError, type DsTopBlock, parseDiskSimText } from './parse.js';

const NS_PER_MS = 1_000_000;

/** What a DiskSim `.diskspecs` file (a `disksim_disk` block) says about the controller, buffer and queue. */
export interface DiskSimSpecs {
  readonly name: string;
  readonly controller: ControllerSpec;
  readonly cache: CacheSpec;
  readonly queuePolicy: QueuePolicy;
}

export function parseDiskSimSpecs(file: string, text: string): DiskSimSpecs {
  const block = parseDiskSimText(file, text).find((b) => b.type === 'disksim_disk');
  if (!block) throw new DiskSimFormatError(file, 0, 'expected a "disksim_disk NAME { … }" block');
  return diskSimSpecsFrom(file, block);
}

/** The same from a `disksim_disk` block already parsed. */
export function diskSimSpecsFrom(file: string, block: DsTopBlock): DiskSimSpecs {
  const disk = new Fields(file, `disksim_disk ${block.name}`, block.params, block.line);
  return {
    name: block.name,
    controller: parseController(disk),
    cache: parseCache(disk),
    queuePolicy: parseScheduler(disk.block('Scheduler')),
  };
}

function parseController(disk: Fields): ControllerSpec {
  // Every command overhead is scaled, and the per-request overhead is paid on top of each.
  const scale = disk.numberOr('Time scale for overheads', 1);
  const perRequest = disk.numberOr('Per-request overhead time', 0);
  const command = (name: string): number => (disk.number(name) + perRequest) * scale * NS_PER_MS;
  const completion = (name: string): number => disk.numberOr(name, 0) * scale * NS_PER_MS;
  return {
    readHitAfterReadNs: command('Read hit over. after read'),
    readHitAfterWriteNs: command('Read hit over. after write'),
    readMissAfterReadNs: command('Read miss over. after read'),
    readMissAfterWriteNs: command('Read miss over. after write'),
    writeHitAfterReadNs: command('Write hit over. after read'),
    writeHitAfterWriteNs: command('Write hit over. after write'),
    writeMissAfterReadNs: command('Write miss over. after read'),
    writeMissAfterWriteNs: command('Write miss over. after write'),
    readCompleteNs: completion('Read completion overhead'),
    writeCompleteNs: completion('Write completion overhead'),
    busSectorNs: disk.number('Bulk sector transfer time') * NS_PER_MS,
    busWriteSectorNs: disk.number('Bulk sector transfer time') * NS_PER_MS,
    reconnection: parseReconnection(disk, scale, perRequest),
  };
}

/**
 * The disconnect, reselect and data-preparation overheads, the extra write
 * disconnect and the minimum seek delay, as DiskSim's controller pays them:
 * scaled by `Time scale for overheads` except the inter-disconnect delay and
 * the minimum seek delay, which DiskSim uses as written.
 */
function parseReconnection(disk: Fields, scale: number, perRequest: number): ReconnectionSpec {
  const ms = (name: string): number => {
    const value = disk.numberOr(name, 0);
    if (!(value >= 0)) disk.fail(disk.lineOf(name), `"${name}" must be ≥ 0 (ms), found ${value}`);
    return value;
  };
  const scaled = (name: string): number => ms(name) * scale * NS_PER_MS;
  const reconnection = {
    dataPrepNs: scaled('Data preparation overhead'),
    reselectFirstNs: scaled('First reselect overhead'),
    reselectOtherNs: scaled('Other reselect overhead'),
    readDisconnectAfterReadNs: scaled('Read disconnect afterread'),
    readDisconnectAfterWriteNs: scaled('Read disconnect afterwrite'),
    writeDisconnectNs: scaled('Write disconnect overhead'),
    writeMinSeekNs: ms('Minimum seek delay') * NS_PER_MS,
  };
  // DiskSim only marks a write for the extra disconnect when the drive may disconnect at all.
  const extraOn = flag(disk, 'Extra write disconnect') && !flag(disk, 'Never disconnect');
  const extra: ExtraWriteDisconnectSpec | null = extraOn
    ? {
        commandNs: (ms('Extradisc command overhead') + perRequest) * scale * NS_PER_MS,
        disconnectNs: scaled('Extradisc disconnect overhead'),
        interDisconnectNs: ms('Extradisc inter-disconnect delay') * NS_PER_MS,
        secondDisconnectNs: scaled('Extradisc 2nd disconnect overhead'),
        seekDeltaNs: scaled('Extradisc seek delta'),
      }
    : null;
  checkReconnection(disk, reconnection, extraOn);
  return { ...reconnection, extraWriteDisconnect: extra };
}

/**
 * Combinations whose timing this model does not follow, refused at their
 * line: a drive that disconnects whenever its buffer runs dry during a read
 * (it would pay the disconnect and reselect overheads per gap), one that
 * never disconnects yet is given disconnect or reselect overheads (DiskSim
 * still disconnects a write-through write then), and an extra write
 * disconnect on a drive whose writes share the read segments (which
 * segment a write takes then decides whether it is marked).
 */
function checkReconnection(disk: Fields, r: Omit<ReconnectionSpec, 'extraWriteDisconnect'>, extraOn: boolean): void {
  const leaving = r.reselectFirstNs > 0 || r.reselectOtherNs > 0 || r.readDisconnectAfterReadNs > 0 || r.readDisconnectAfterWriteNs > 0 || r.writeDisconnectNs > 0;
  if ((leaving || extraOn) && !flag(disk, 'Hold bus entire read xfer')) {
    disk.fail(disk.lineOf('Hold bus entire read xfer'), '"Hold bus entire read xfer" = 0 is not supported with disconnect or reselect overheads (only 1: a read keeps the bus once it has it)');
  }
  if (leaving && flag(disk, 'Never disconnect')) {
    disk.fail(disk.lineOf('Never disconnect'), '"Never disconnect" = 1 is not supported with disconnect or reselect overheads (only 0)');
  }
  if (extraOn && !flag(disk, 'Use separate write segment')) {
    disk.fail(disk.lineOf('Extra write disconnect'), '"Extra write disconnect" = 1 is supported only with "Use separate write segment" = 1');
  }
}

const READ_AHEAD_SCOPES: readonly ReadAheadScope[] = ['none', 'track', 'cylinder', 'segment', 'next-track'];
const FAST_WRITES: readonly FastWrite[] = ['off', 'sequential', 'full'];
/** `Read-ahead over requested` −1, 0, 1. */
const REQUEST_DATA: readonly RequestDataPolicy[] = ['erase', 'keep', 'overwrite'];

/**
 * Parameters whose other values change timing in ways this model does not
 * follow; a file using them is refused rather than misread. (Both shipped
 * drives use these values.)
 */
const REQUIRED_VALUES: readonly (readonly [string, number])[] = [
  ['Preseeking level', 0],
  ['Allow write prebuffering', 0],
  ['Disconnect write if seek', 0],
  ['Read directly to buffer', 1],
  // A partial (or almost) hit sends what is buffered at once; 0 would first wait for the high water mark.
  ['Immed transfer partial hit', 1],
];

function checkSupported(disk: Fields): void {
  // Never disconnecting saves the disconnect and reselect overheads (which must then be 0, see checkReconnection),
  // and keeps the bus from other drives, of which a validation run has none.
  flag(disk, 'Never disconnect');
  // Every setting the model does not follow is named at once (at the first one's line), not one per attempt.
  const refused = REQUIRED_VALUES.flatMap(([name, value]) => {
    const found = disk.numberOr(name, value);
    return found === value ? [] : [{ name, found, value, line: disk.lineOf(name) }];
  });
  if (refused.length === 0) return;
  const [first, ...more] = refused;
  const also = more.map((r) => `"${r.name}" = ${r.found} (line ${r.line}; only ${r.value})`).join(', ');
  disk.fail(first!.line, `"${first!.name}" = ${first!.found} is not supported (only ${first!.value})${more.length > 0 ? `; nor are ${also}` : ''}`);
}

function parseCache(disk: Fields): CacheSpec {
  checkSupported(disk);
  // "Allow sneaky intermediate read hits" lets a read queued inside the drive use the bus while another command
  // holds the arm. This controller takes a command only once the previous one has completed, so no read ever
  // waits inside it: the flag is checked and has nothing to act on.
  flag(disk, 'Allow sneaky intermediate read hits');
  const continuous = disk.integer('Buffer continuous read');
  const readAhead = READ_AHEAD_SCOPES[continuous];
  if (readAhead === undefined) disk.fail(disk.lineOf('Buffer continuous read'), `"Buffer continuous read" must be 0–4, found ${continuous}`);
  const fastLevel = disk.integer('Fast write level');
  const fastWrite = FAST_WRITES[fastLevel];
  if (fastWrite === undefined) disk.fail(disk.lineOf('Fast write level'), `"Fast write level" must be 0–2, found ${fastLevel}`);
  const over = disk.integerOr('Read-ahead over requested', 0);
  const requestData = REQUEST_DATA[over + 1];
  if (requestData === undefined) disk.fail(disk.lineOf('Read-ahead over requested'), `"Read-ahead over requested" must be −1–1, found ${over}`);
  const segments = disk.integer('Number of buffer segments');
  const segmentSectors = disk.integer('Segment size (in blks)');
  // As DiskSim's disk_postpass_perdisk: no read-ahead scheme forces the minimum to 0, and the maximum never falls below it.
  const minReadAheadSectors = readAhead === 'none' ? 0 : disk.integerOr('Minimum read-ahead (blks)', 0);
  const maxGiven = disk.integerOr('Maximum read-ahead (blks)', 0);
  const maxReadAheadSectors = maxGiven < minReadAheadSectors || (readAhead === 'none' && maxGiven > 0) ? minReadAheadSectors : maxGiven;
  return {
    enabled: disk.integer('Enable caching in buffer') !== 0,
    segments,
    segmentSectors,
    readAhead,
    minReadAheadSectors,
    maxReadAheadSectors,
    requestData,
    readAheadOnIdleHit: flag(disk, 'Read-ahead on idle hit'),
    almostReadHits: flag(disk, 'Allow almost read hits'),
    sneakyFullReadHits: flag(disk, 'Allow sneaky full read hits'),
    sneakyPartialReadHits: flag(disk, 'Allow sneaky partial read hits'),
    // The manual's meaning: "whether or not disk sectors logically prior to the requested sectors should be read
    // into the cache if they pass under the read/write head prior to reaching the requested data (e.g., during
    // rotational latency)". DiskSim 4.0 as run keeps none: keeping none, the Atlas 10K replay matches DiskSim's
    // per-request times to the microsecond and its published mean and rms (3.971 ms, 0.268 ms). We follow the
    // manual, as the real Atlas behaves: its replay then comes within 0.7% of the measured mean, with an rms of
    // 2.4% of it (DiskSim: +2.0%, 6.9%). Of the shipped files only the Atlas sets it.
    readAnyFreeSectors: flag(disk, 'Read any free blocks'),
    immediateRead: disk.integerOr('Immediate buffer read', 0) !== 0,
    immediateWrite: disk.integerOr('Immediate buffer write', 0) !== 0,
    readHitsOnWriteData: flag(disk, 'Allow read hits on write data'),
    fastWrite,
    // Assumed when absent: one segment of write-behind data, as both shipped drives have.
    writeSegments: disk.integerOr('Maximum number of write segments', 1),
    combineSequentialWrites: flag(disk, 'Combine seq writes'),
    writeStopsReadAhead: flag(disk, 'Write hit stop prefetch'),
    separateWriteSegment: flag(disk, 'Use separate write segment'),
    readHighWaterMark: readWatermark(disk),
    stopReadAheadInSector: flag(disk, 'Stop prefetch in sector'),
  };
}

/**
 * `High (read) water mark`, a share of the request (`Set watermark by
 * reqsize` = 1, as every shipped drive has). A share of the segment instead
 * is refused. `Low (write) water mark` paces a write larger than its
 * segment, which this buffer takes whole: it is checked and not used.
 */
function readWatermark(disk: Fields): number {
  const share = (name: string): number => {
    const value = disk.numberOr(name, 0);
    if (!(value >= 0 && value <= 1)) disk.fail(disk.lineOf(name), `"${name}" must be 0–1, found ${value}`);
    return value;
  };
  share('Low (write) water mark');
  const mark = share('High (read) water mark');
  if (mark > 0 && !flag(disk, 'Set watermark by reqsize')) {
    disk.fail(disk.lineOf('Set watermark by reqsize'), '"Set watermark by reqsize" = 0 (a share of the segment) is not supported with a non-zero "High (read) water mark" (only 1)');
  }
  return mark;
}

/** A DiskSim boolean: 0 or 1 (DiskSim refuses anything else too); absent means 0. */
function flag(disk: Fields, name: string): boolean {
  const value = disk.integerOr(name, 0);
  if (value !== 0 && value !== 1) disk.fail(disk.lineOf(name), `"${name}" must be 0 or 1, found ${value}`);
  return value === 1;
}

/** DiskSim ioqueue policies: 1 FCFS; 2/5 elevator, 3/6 cyclical elevator, 4/7 SSTF (by LBN / by cylinder). */
function parseScheduler(scheduler: Fields): QueuePolicy {
  const policy = scheduler.integer('Scheduling policy');
  switch (policy) {
    case 1:
      return 'fifo';
    case 2:
    case 5:
      return 'look';
    case 3:
    case 6:
      return 'clook';
    case 4:
    case 7:
      return 'sstf';
    default:
      return scheduler.fail(scheduler.line, `"Scheduling policy" ${policy} is not supported (supported: 1–7)`);
  }
}
