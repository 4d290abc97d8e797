import type { CacheSpec, ControllerSpec, FastWrite, ReadAheadScope } from '../hdd/params.js';
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

function parseCache(disk: Fields): CacheSpec {
  const continuous = disk.integer('Buffer continuous read');
  const readAhead = READ_AHEAD_SCOPES[continuous];
  if (readAhead === undefined) disk.fail(disk.line, `"Buffer continuous read" must be 0–4, found ${continuous}`);
  const fastLevel = disk.integer('Fast write level');
  const fastWrite = FAST_WRITES[fastLevel];
  if (fastWrite === undefined) disk.fail(disk.line, `"Fast write level" must be 0–2, found ${fastLevel}`);
  const segmentSectors = disk.integer('Segment size (in blks)');
  return {
    enabled: disk.integer('Enable caching in buffer') !== 0,
    segments: disk.integer('Number of buffer segments'),
    segmentSectors,
    readAhead,
    // With no read-ahead scheme DiskSim forces the maximum down to the minimum (0 in practice).
    maxReadAheadSectors: readAhead === 'none' ? 0 : disk.integerOr('Maximum read-ahead (blks)', segmentSectors),
    // DiskSim: "Read-ahead over requested" 0 means prefetch may not replace the request's own data.
    keepRequestData: disk.integerOr('Read-ahead over requested', 0) === 0,
    readAnyFreeSectors: disk.integerOr('Read any free blocks', 0) !== 0,
    readHitsOnWriteData: disk.integerOr('Allow read hits on write data', 0) !== 0,
    fastWrite,
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
