import type { GeometrySpec, SerpentineSpec, SparingSpec, ZoneSpec } from '../hdd/params.js';
import { Fields } from './fields.js';
import { DiskSimFormatError, parseDiskSimText } from './parse.js';

const NS_PER_MS = 1_000_000;

/** What a DiskSim `.model` file (a `dm_disk` block) says about the drive. */
export interface DiskSimModel {
  readonly name: string;
  /** Block count as declared (DiskSim itself trusts the zones when they disagree). */
  readonly declaredSectors: number;
  readonly geometry: Omit<GeometrySpec, 'capacitySectors'>;
  readonly rpm: number;
  readonly headSwitchNs: number;
  readonly writeSettleNs: number;
  /** File holding the measured seek curve, as named in the model (relative to it). */
  readonly seekFile: string;
}

export function parseDiskSimModel(file: string, text: string): DiskSimModel {
  const block = parseDiskSimText(file, text).find((b) => b.type === 'dm_disk');
  if (!block) throw new DiskSimFormatError(file, 0, 'expected a "dm_disk NAME { … }" block');
  const disk = new Fields(file, `dm_disk ${block.name}`, block.params, block.line);
  const mech = disk.block('Mechanical Model');
  const layout = disk.block('Layout Model');
  const surfaces = disk.integer('Number of data surfaces');
  const seekType = mech.text('Seek type');
  if (seekType !== 'extracted') {
    mech.fail(mech.line, `"Seek type" ${seekType} is not supported: only "extracted" (a measured .seek curve)`);
  }
  return {
    name: block.name,
    declaredSectors: disk.integer('Block count'),
    geometry: {
      surfaces,
      cylinders: disk.integer('Number of cylinders'),
      zones: layout.blockList('Zones').map(parseZone),
      sparing: parseSparing(layout),
      serpentine: parseMapping(layout),
    },
    rpm: mech.number('Rotation speed (in rpms)'),
    headSwitchNs: mech.number('Head switch time') * NS_PER_MS,
    writeSettleNs: mech.numberOr('Add. write settling delay', 0) * NS_PER_MS,
    seekFile: mech.text('Full seek curve'),
  };
}

function parseZone(zone: Fields): ZoneSpec {
  const sectorsPerTrack = zone.integer('Blocks per track');
  // Skews are in sectors unless the zone says revolutions.
  const units = zone.textOr('Skew units', 'sectors');
  if (units !== 'sectors' && units !== 'revolutions') zone.fail(zone.line, `"Skew units" must be sectors or revolutions, found ${units}`);
  const scale = units === 'revolutions' ? sectorsPerTrack : 1;
  const defects = zone.integerList('defects');
  if (defects.length % 2 !== 0) zone.fail(zone.line, '"defects" must list (defect, remap) pairs');
  return {
    firstCylinder: zone.integer('First cylinder number'),
    lastCylinder: zone.integer('Last cylinder number'),
    sectorsPerTrack,
    trackSkewSectors: zone.numberOr('Skew for track switch', 0) * scale,
    cylinderSkewSectors: zone.numberOr('Skew for cylinder switch', 0) * scale,
    firstSectorOffsetSectors: zone.numberOr('Offset of first block', 0) * scale,
    deadSpaceSectors: zone.integerOr('Empty space at zone front', 0),
    spareSectors: zone.integer('Number of spares'),
    // Remapped defects (pairs) are not modelled: a remapped sector costs an extra seek we leave out.
    slips: zone.integerList('slips'),
  };
}

/** DiskSim sparing schemes 0 (none), 8 (sectors per range of cylinders) and 9 (sectors per zone). */
function parseSparing(layout: Fields): SparingSpec {
  const scheme = layout.integer('Sparing scheme used');
  switch (scheme) {
    case 0:
      return { kind: 'none' };
    case 8:
      return { kind: 'range', rangeCylinders: layout.integer('Rangesize for sparing') };
    case 9:
      return { kind: 'zone' };
    default:
      return layout.fail(layout.line, `"Sparing scheme used" ${scheme} is not supported (supported: 0, 8, 9)`);
  }
}

/** DiskSim LBN-to-PBN schemes 0 (normal), 1 and 2 (cylinder switches stay on the same surface). */
function parseMapping(layout: Fields): SerpentineSpec {
  const scheme = layout.integer('LBN-to-PBN mapping scheme');
  switch (scheme) {
    case 0:
      return 'none';
    case 1:
      return 'odd-cylinders-in-zone';
    case 2:
      return 'odd-cylinders';
    default:
      return layout.fail(layout.line, `"LBN-to-PBN mapping scheme" ${scheme} is not supported (supported: 0, 1, 2)`);
  }
}
