import { AssertionError } from '../../engine/assert.js';
import type { SeekPoint, SeekSpec } from './params.js';

/** Tables already built, per seek description: drives of one model share one (they never change). */
const tables = new WeakMap<SeekSpec, Float64Array>();

/**
 * Seek time by distance, tabulated once for every distance the drive can
 * seek so that a lookup is one array read.
 */
export class SeekTimes {
  private readonly byDistanceNs: Float64Array;

  constructor(spec: SeekSpec, cylinders: number) {
    const cached = tables.get(spec);
    if (cached !== undefined && cached.length === Math.max(cylinders, 2)) {
      this.byDistanceNs = cached;
      return;
    }
    this.byDistanceNs = new Float64Array(Math.max(cylinders, 2));
    for (let d = 1; d < this.byDistanceNs.length; d++) this.byDistanceNs[d] = seekSpecNs(spec, d, cylinders);
    tables.set(spec, this.byDistanceNs);
  }

  seekNs(distanceCylinders: number): number {
    const t = this.byDistanceNs[distanceCylinders];
    if (t === undefined) throw new AssertionError(`seek distance ${distanceCylinders} beyond the drive's cylinders`);
    return t;
  }

  get maxDistance(): number {
    return this.byDistanceNs.length - 1;
  }
}

/** Seek time for one distance (0 for no movement), straight from the specification. */
export function seekSpecNs(spec: SeekSpec, distance: number, cylinders: number): number {
  if (distance === 0) return 0;
  if (spec.kind === 'table') return tableSeekNs(spec.points, distance);
  const { singleCylinderNs, boundaryCylinders, boundaryNs, fullStrokeNs } = spec;
  if (distance <= boundaryCylinders) {
    // a + b·√d through (1, single) and (boundary, boundaryNs).
    const b = (boundaryNs - singleCylinderNs) / (Math.sqrt(boundaryCylinders) - 1);
    return singleCylinderNs + b * (Math.sqrt(distance) - 1);
  }
  // c + e·d through (boundary, boundaryNs) and (full stroke, fullStrokeNs): continuous by construction.
  const e = (fullStrokeNs - boundaryNs) / (cylinders - 1 - boundaryCylinders);
  return boundaryNs + e * (distance - boundaryCylinders);
}

/**
 * Linear interpolation between measured points and extrapolation from the
 * last two past the end, as DiskSim's `extracted` seek does.
 */
function tableSeekNs(points: readonly SeekPoint[], distance: number): number {
  let i = 0;
  while (i < points.length - 1 && points[i]!.distanceCylinders < distance) i++;
  const hi = points[i]!;
  if (hi.distanceCylinders === distance || i === 0) return hi.seekNs;
  const lo = points[i - 1]!;
  const fraction = (distance - lo.distanceCylinders) / (hi.distanceCylinders - lo.distanceCylinders);
  return lo.seekNs + fraction * (hi.seekNs - lo.seekNs);
}
