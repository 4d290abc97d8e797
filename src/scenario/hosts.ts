import { resolve } from 'node:path';
import type { Simulator } from '../engine/simulator.js';
import type { StorageArray } from '../array/storage-array.js';
import type { Volume } from '../array/volume.js';
import { HostDriver } from '../host/host-driver.js';
import type { DurationSpec, WorkloadSpec } from '../host/spec.js';
import type { BreakdownBook } from '../metrics/breakdown-book.js';
import type { MetricsCollector } from '../metrics/collector.js';
import { HostPort } from './host-port.js';
import type { HostDoc, TraceWorkloadDoc, WorkloadDoc } from './schema.js';
import { traceSourceOf } from './trace-check.js';

/**
 * Builds each host's driver, connected to the array's front end through its
 * own port; `ports`, if given, receives each host's port (for its counters);
 * given a `breakdown` book, the ports record each I/O's stages in it.
 */
export function buildHosts(sim: Simulator, array: StorageArray, hosts: readonly HostDoc[], metrics: MetricsCollector, dir: string, ports: HostPort[] = [], breakdown: BreakdownBook | null = null): HostDriver[] {
  return hosts.map((host) => {
    const volumes = hostVolumes(array, host);
    const paths = host.paths ?? Array.from({ length: array.frontEnd.directors.length }, (_, i) => i);
    const port = new HostPort(
      sim,
      array.frontEnd,
      host.name,
      volumes,
      paths,
      metrics.group(`host:${host.name}`),
      volumes.map((v) => metrics.group(`volume:${v.name}`)),
      breakdown,
    );
    const workload = 'trace' in host.workload ? traceWorkload(host.workload, volumes[0]!, array, dir) : syntheticWorkload(host.workload, volumes);
    ports.push(port);
    return new HostDriver({ sim, host: host.name, workload, port });
  });
}

function hostVolumes(array: StorageArray, host: HostDoc): Volume[] {
  if ('trace' in host.workload) return [array.volume(host.workload.volume)];
  return host.workload.volumes.map((v) => array.volume(typeof v === 'string' ? v : v.volume));
}

function syntheticWorkload(doc: WorkloadDoc, volumes: readonly Volume[]): WorkloadSpec {
  const blockBytes = volumes[0]!.geometry.blockBytes;
  return {
    kind: 'synthetic',
    volumes: volumes.map((volume, i) => {
      const entry = doc.volumes[i]!;
      return { volume: i, sizeBlocks: volume.blocks, blocksPerTrack: volume.geometry.blocksPerTrack, weight: typeof entry === 'string' ? 1 : entry.weight };
    }),
    address:
      doc.distribution === 'zipf'
        ? { kind: 'zipf', theta: doc.skew! }
        : doc.distribution === 'sequential'
          ? { kind: 'sequential', streams: doc.streams ?? 1 }
          : doc.distribution === 'hotspot'
            ? { kind: 'hotspot', hotFraction: doc.hotFraction!, hotAccessFraction: doc.hotAccessFraction! }
            : { kind: 'uniform' },
    alignment: doc.alignment,
    readFraction: doc.readFraction,
    size:
      typeof doc.size === 'number'
        ? { kind: 'fixed', blocks: doc.size / blockBytes }
        : { kind: 'weighted', choices: doc.size.map((s) => ({ blocks: s.size / blockBytes, weight: s.weight })) },
    arrival:
      doc.iops !== undefined
        ? { kind: 'open', rateIops: doc.iops }
        : { kind: 'closed', queueDepth: doc.queueDepth!, ...(doc.think !== undefined && { think: fixed(doc.think) }) },
    ...(doc.bursts && {
      phases: {
        on: doc.bursts.random ? { kind: 'exponential', meanNs: doc.bursts.on } : fixed(doc.bursts.on),
        off: doc.bursts.random ? { kind: 'exponential', meanNs: doc.bursts.off } : fixed(doc.bursts.off),
        startOff: doc.bursts.startOff,
      },
    }),
    ...(doc.limit !== undefined && { limitIos: doc.limit }),
  };
}

function traceWorkload(doc: TraceWorkloadDoc, volume: Volume, array: StorageArray, dir: string): WorkloadSpec {
  const source = traceSourceOf(doc);
  return {
    kind: 'trace',
    trace: {
      file: resolve(dir, source.file),
      format: source.format,
      volume: 0,
      sizeBlocks: volume.blocks,
      blockBytes: array.config.geometry.blockBytes,
      timeScale: source.timeScale,
      startNs: source.startNs,
      ...(source.devices && { devices: source.devices }),
      beyondVolume: source.beyondVolume,
    },
    replay: doc.queueDepth !== undefined ? { kind: 'closed', queueDepth: doc.queueDepth } : { kind: 'timed' },
    ...(doc.limit !== undefined && { limitIos: doc.limit }),
  };
}

function fixed(ns: number): DurationSpec {
  return { kind: 'fixed', ns };
}
