import { zoneLbnCount } from './layout.js';
import type { GeometrySpec, HddParams, SeekSpec } from './params.js';

/** A drive description that cannot work (a configuration error, reported to whoever wrote it). */
export class HddConfigError extends Error {
  override readonly name = 'HddConfigError';
}

/** Checks a drive description once, when the drive is built, so the hot path need not. */
export function checkHddParams(params: HddParams): void {
  const where = `drive ${params.model}`;
  checkGeometry(params.geometry, where);
  const m = params.mechanics;
  positive(m.rpm, `${where}: rpm`);
  nonNegative(m.headSwitchNs, `${where}: head switch time`);
  checkSeek(m.seek, params.geometry.cylinders, where);
  // A negative settle (DiskSim's HP and DEC drives have them) shortens a write's repositioning, never below zero.
  const shortestMoveNs = Math.min(m.headSwitchNs, shortestSeekNs(m.seek));
  if (!(Number.isFinite(m.writeSettleNs) && m.writeSettleNs >= -shortestMoveNs)) {
    throw new HddConfigError(`${where}: write settle time must be ≥ −${shortestMoveNs} ns (minus the shortest head switch or seek), got ${m.writeSettleNs}`);
  }
  const { reconnection, ...overheads } = params.controller;
  for (const [key, value] of Object.entries(overheads)) nonNegative(value, `${where}: controller ${key}`);
  const { extraWriteDisconnect, ...reconnectionNs } = reconnection;
  for (const [key, value] of Object.entries({ ...reconnectionNs, ...extraWriteDisconnect })) nonNegative(value, `${where}: controller reconnection ${key}`);
  const cache = params.cache;
  integerAtLeast(cache.segments, 1, `${where}: buffer segments`);
  integerAtLeast(cache.segmentSectors, 1, `${where}: segment size`);
  integerAtLeast(cache.minReadAheadSectors, 0, `${where}: minimum read-ahead`);
  integerAtLeast(cache.maxReadAheadSectors, 0, `${where}: maximum read-ahead`);
  integerAtLeast(cache.writeSegments, 1, `${where}: write segments`);
  if (cache.separateWriteSegment && cache.segments < 2) throw new HddConfigError(`${where}: a separate write segment needs at least 2 buffer segments, got ${cache.segments}`);
  if (cache.writeSegments > cache.segments) {
    throw new HddConfigError(`${where}: ${cache.writeSegments} write segments but only ${cache.segments} segments`);
  }
  integerAtLeast(params.queueCapacity, 1, `${where}: queue capacity`);
  if (!(params.maxWaitNs > 0)) throw new HddConfigError(`${where}: maximum queue wait must be > 0 (Infinity: no aging), got ${params.maxWaitNs}`);
}

function checkGeometry(g: GeometrySpec, where: string): void {
  integerAtLeast(g.surfaces, 1, `${where}: surfaces`);
  integerAtLeast(g.cylinders, 1, `${where}: cylinders`);
  if (g.zones.length === 0) throw new HddConfigError(`${where}: no zones`);
  if (g.sparing.kind === 'range') integerAtLeast(g.sparing.rangeCylinders, 1, `${where}: sparing range`);
  let mapped = 0;
  let nextCylinder = 0;
  g.zones.forEach((zone, i) => {
    const z = `${where}: zone ${i}`;
    integerAtLeast(zone.sectorsPerTrack, 1, `${z} sectors per track`);
    if (!(zone.firstCylinder >= nextCylinder && zone.lastCylinder >= zone.firstCylinder)) {
      throw new HddConfigError(`${z}: cylinders ${zone.firstCylinder}–${zone.lastCylinder} overlap or run backwards`);
    }
    if (zone.lastCylinder >= g.cylinders) {
      throw new HddConfigError(`${z}: last cylinder ${zone.lastCylinder} beyond the drive's ${g.cylinders}`);
    }
    integerAtLeast(zone.deadSpaceSectors, 0, `${z} dead space`);
    integerAtLeast(zone.spareSectors, 0, `${z} spares`);
    const count = zoneLbnCount(g, zone);
    if (count < 1) throw new HddConfigError(`${z}: maps no sectors`);
    mapped += count;
    nextCylinder = zone.lastCylinder + 1;
  });
  integerAtLeast(g.capacitySectors, 1, `${where}: capacity`);
  if (g.capacitySectors > mapped) {
    throw new HddConfigError(`${where}: capacity ${g.capacitySectors} sectors but the zones map only ${mapped}`);
  }
}

function shortestSeekNs(seek: SeekSpec): number {
  return seek.kind === 'table' ? Math.min(...seek.points.map((p) => p.seekNs)) : seek.singleCylinderNs;
}

function checkSeek(seek: SeekSpec, cylinders: number, where: string): void {
  if (seek.kind === 'table') {
    if (seek.points.length === 0) throw new HddConfigError(`${where}: empty seek table`);
    let previous = 0;
    for (const point of seek.points) {
      if (!(point.distanceCylinders > previous)) {
        throw new HddConfigError(`${where}: seek table distances must increase (at ${point.distanceCylinders})`);
      }
      nonNegative(point.seekNs, `${where}: seek time at ${point.distanceCylinders} cylinders`);
      previous = point.distanceCylinders;
    }
    return;
  }
  nonNegative(seek.singleCylinderNs, `${where}: single-cylinder seek`);
  if (!(seek.boundaryCylinders > 1 && seek.boundaryCylinders < cylinders - 1)) {
    throw new HddConfigError(`${where}: seek curve boundary ${seek.boundaryCylinders} not inside (1, ${cylinders - 1})`);
  }
  if (!(seek.boundaryNs >= seek.singleCylinderNs && seek.fullStrokeNs >= seek.boundaryNs)) {
    throw new HddConfigError(`${where}: seek curve must not decrease (single ≤ boundary ≤ full stroke)`);
  }
}

function positive(value: number, what: string): void {
  if (!(value > 0 && Number.isFinite(value))) throw new HddConfigError(`${what} must be > 0, got ${value}`);
}

function nonNegative(value: number, what: string): void {
  if (!(value >= 0 && Number.isFinite(value))) throw new HddConfigError(`${what} must be ≥ 0, got ${value}`);
}

function integerAtLeast(value: number, min: number, what: string): void {
  if (!(Number.isInteger(value) && value >= min)) throw new HddConfigError(`${what} must be an integer ≥ ${min}, got ${value}`);
}
