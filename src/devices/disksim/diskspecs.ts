import type { CacheSpec, ControllerSpec, FastWrite, ReadAheadScope, RequestDataPolicy } from '../hdd/params.js';
import type { QueuePolicy } from '../queue-policy.js';
import { Fields } from './fields.js';
import { DiskSimFormatError, parseDiskSimText } from './parse.js';

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
  };
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
  ['Use separate write segment', 0],
  ['Preseeking level', 0],
  ['Never disconnect', 0],
  ['Allow almost read hits', 0],
  ['Allow sneaky full read hits', 0],
  ['Allow sneaky partial read hits', 0],
  ['Allow sneaky intermediate read hits', 0],
  ['Allow write prebuffering', 0],
  ['Stop prefetch in sector', 0],
  ['Disconnect write if seek', 0],
  ['Extra write disconnect', 0],
  ['Read directly to buffer', 1],
  ['Data preparation overhead', 0],
  ['First reselect overhead', 0],
  ['Other reselect overhead', 0],
  ['Read disconnect afterread', 0],
  ['Read disconnect afterwrite', 0],
  ['Write disconnect overhead', 0],
  ['Minimum seek delay', 0],
];

function checkSupported(disk: Fields): void {
  for (const [name, value] of REQUIRED_VALUES) {
    const found = disk.numberOr(name, value);
    if (found !== value) disk.fail(disk.line, `"${name}" = ${found} is not supported (only ${value})`);
  }
}

function parseCache(disk: Fields): CacheSpec {
  checkSupported(disk);
  const continuous = disk.integer('Buffer continuous read');
  const readAhead = READ_AHEAD_SCOPES[continuous];
  if (readAhead === undefined) disk.fail(disk.line, `"Buffer continuous read" must be 0–4, found ${continuous}`);
  const fastLevel = disk.integer('Fast write level');
  const fastWrite = FAST_WRITES[fastLevel];
  if (fastWrite === undefined) disk.fail(disk.line, `"Fast write level" must be 0–2, found ${fastLevel}`);
  const over = disk.integerOr('Read-ahead over requested', 0);
  const requestData = REQUEST_DATA[over + 1];
  if (requestData === undefined) disk.fail(disk.line, `"Read-ahead over requested" must be −1–1, found ${over}`);
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
    readAheadOnIdleHit: disk.integerOr('Read-ahead on idle hit', 0) !== 0,
    // DiskSim 4.0 reads "Read any free blocks", but as run it never keeps such sectors: with none kept, the
    // Atlas 10K replay matches DiskSim's own per-request times to the microsecond and its published mean and
    // rms (3.971 ms, 0.268 ms). The drive a DiskSim file describes therefore keeps none.
    readAnyFreeSectors: false,
    immediateRead: disk.integerOr('Immediate buffer read', 0) !== 0,
    immediateWrite: disk.integerOr('Immediate buffer write', 0) !== 0,
    readHitsOnWriteData: disk.integerOr('Allow read hits on write data', 0) !== 0,
    fastWrite,
    // Assumed when absent: one segment of write-behind data, as both shipped drives have.
    writeSegments: disk.integerOr('Maximum number of write segments', 1),
    combineSequentialWrites: disk.integerOr('Combine seq writes', 0) !== 0,
    writeStopsReadAhead: disk.integerOr('Write hit stop prefetch', 0) !== 0,
  };
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
