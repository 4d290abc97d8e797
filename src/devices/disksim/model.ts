import { zoneLbnCount, zoneSlotShortfall } from '../hdd/layout.js';
import type { GeometrySpec, SeekPoint, SerpentineSpec, SparingSpec, ZoneSpec } from '../hdd/params.js';
import { Fields } from './fields.js';
import { DiskSimFormatError, type DsTopBlock, parseDiskSimText } from './parse.js';

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
  /**
   * The seek curve: a measured `.seek` file as the model names it (relative
   * to the model), or the points of DiskSim's HPL equation at every distance.
   */
  readonly seek: { readonly kind: 'file'; readonly file: string } | { readonly kind: 'points'; readonly points: readonly SeekPoint[] };
}

export function parseDiskSimModel(file: string, text: string): DiskSimModel {
  const block = parseDiskSimText(file, text).find((b) => b.type === 'dm_disk');
  if (!block) throw new DiskSimFormatError(file, 0, 'expected a "dm_disk NAME { … }" block');
  return diskSimModelFrom(file, block);
}

/** The same from a `dm_disk` block already parsed (one a `.diskspecs` holds inline, or a sourced file's). */
export function diskSimModelFrom(file: string, block: DsTopBlock): DiskSimModel {
  const disk = new Fields(file, `dm_disk ${block.name}`, block.params, block.line);
  const mech = disk.block('Mechanical Model');
  const layout = disk.block('Layout Model');
  const surfaces = disk.integer('Number of data surfaces');
  const zoneFields = layout.blockList('Zones');
  const zonesEnd = zoneFields.reduce((end, zone) => Math.max(end, zone.integer('Last cylinder number') + 1), 0);
  const geometry = {
    surfaces,
    // DiskSim does not hold the zones to "Number of cylinders" (the HP C2490's last zone ends one past it): nor do we.
    cylinders: Math.max(disk.integer('Number of cylinders'), zonesEnd),
    zones: zoneFields.map(parseZone),
    sparing: parseSparing(layout),
    serpentine: parseMapping(layout),
  };
  if (surfaces < 1) disk.fail(disk.lineOf('Number of data surfaces'), `"Number of data surfaces" must be at least 1, found ${surfaces}`);
  if (zoneFields.length === 0) layout.fail(layout.lineOf('Zones'), '"Zones" lists no zone');
  geometry.zones.forEach((zone, i) => checkZone(geometry, zone, zoneFields[i]!, geometry.zones[i - 1]));
  return {
    name: block.name,
    declaredSectors: disk.integer('Block count'),
    geometry,
    rpm: mech.number('Rotation speed (in rpms)'),
    headSwitchNs: mech.number('Head switch time') * NS_PER_MS,
    writeSettleNs: mech.numberOr('Add. write settling delay', 0) * NS_PER_MS,
    seek: parseSeek(mech, geometry.cylinders),
  };
}

/**
 * DiskSim's `Seek type`: `extracted` reads the measured curve the model
 * names; `hpl` and `hplplus10` are the HPL equation (`HPL seek equation
 * values` V1–V6: V2 + V3·√d below V1 cylinders, V4 + V5·d from there; V6 ≠ −1
 * puts the single-cylinder seek time at d = 1), `hplplus10` with the first
 * ten distances given (`First ten seek times`). The equation is taken at
 * every distance, so the table reproduces it exactly.
 */
function parseSeek(mech: Fields, cylinders: number): DiskSimModel['seek'] {
  const type = mech.text('Seek type');
  if (type === 'extracted') return { kind: 'file', file: mech.text('Full seek curve') };
  if (type !== 'hpl' && type !== 'hplplus10') {
    return mech.fail(mech.lineOf('Seek type'), `"Seek type" ${type} is not supported: "extracted" (a measured .seek curve), "hpl" or "hplplus10"`);
  }
  const values = mech.numberList('HPL seek equation values');
  if (values.length !== 6) mech.fail(mech.lineOf('HPL seek equation values'), `"HPL seek equation values" should list 6 numbers (V1–V6), found ${values.length}`);
  const [v1, v2, v3, v4, v5, v6] = values as [number, number, number, number, number, number];
  const firstTen = type === 'hplplus10' ? mech.numberList('First ten seek times') : [];
  if (type === 'hplplus10' && firstTen.length !== 10) mech.fail(mech.lineOf('First ten seek times'), `"First ten seek times" should list 10 times, found ${firstTen.length}`);
  const singleMs = v6 !== -1 && type === 'hpl' ? mech.number('Single cylinder seek time') : undefined;
  const seekMs = (d: number): number => {
    if (d <= firstTen.length) return firstTen[d - 1]!;
    if (d === 1 && singleMs !== undefined) return singleMs;
    return d < v1 ? v2 + v3 * Math.sqrt(d) : v4 + v5 * d;
  };
  return { kind: 'points', points: Array.from({ length: Math.max(cylinders - 1, 1) }, (_, i) => ({ distanceCylinders: i + 1, seekNs: seekMs(i + 1) * NS_PER_MS })) };
}

/**
 * A zone table that does not add up is refused where it is written: zones
 * in cylinder order without overlap and inside the drive, slips inside
 * their zone, and slots enough for the sectors the scheme maps (DiskSim
 * itself would map sectors onto the next zone's cylinders or fail an
 * assertion).
 */
function checkZone(geometry: Omit<GeometrySpec, 'capacitySectors'>, zone: ZoneSpec, fields: Fields, previous: ZoneSpec | undefined): void {
  const at = (name: string): number => fields.lineOf(name);
  if (zone.sectorsPerTrack < 1) fields.fail(at('Blocks per track'), `"Blocks per track" must be at least 1, found ${zone.sectorsPerTrack}`);
  const from = previous === undefined ? 0 : previous.lastCylinder + 1;
  if (zone.firstCylinder < from) {
    fields.fail(at('First cylinder number'), `"First cylinder number" ${zone.firstCylinder} overlaps the zone before, which ends at cylinder ${from - 1}`);
  }
  if (zone.lastCylinder < zone.firstCylinder) {
    fields.fail(at('Last cylinder number'), `"Last cylinder number" ${zone.lastCylinder} is before the first, ${zone.firstCylinder}`);
  }
  const tracks = (zone.lastCylinder - zone.firstCylinder + 1) * geometry.surfaces;
  const [unit, limit] = geometry.sparing.kind === 'track' ? ['track', tracks] : ['sector', tracks * zone.sectorsPerTrack];
  const outside = zone.slips.find((slip) => slip < 0 || slip >= limit);
  if (outside !== undefined) fields.fail(at('slips'), `slip ${outside} is outside the zone's ${limit} ${unit}s (numbered from 0)`);
  if (zone.spareSectors < 0) fields.fail(at('Number of spares'), `"Number of spares" must be at least 0, found ${zone.spareSectors}`);
  if (zone.deadSpaceSectors < 0) fields.fail(at('Empty space at zone front'), `"Empty space at zone front" must be at least 0, found ${zone.deadSpaceSectors}`);
  const full = { ...geometry, capacitySectors: 0 };
  const sectors = zoneLbnCount(full, zone);
  if (sectors < 1) fields.fail(fields.line, `the zone maps no sectors: ${tracks} tracks of ${zone.sectorsPerTrack}, less its spares and dead space, leave ${sectors}`);
  const short = zoneSlotShortfall(full, zone);
  if (short > 0) {
    fields.fail(at('slips'), `the zone's spares cannot hold its ${zone.slips.length} slips: ${sectors} sectors and ${zone.deadSpaceSectors} of dead space need ${short} data slots more than the layout leaves (${schemeName(geometry.sparing)})`);
  }
}

function schemeName(sparing: SparingSpec): string {
  switch (sparing.kind) {
    case 'cylinder':
      return `spares per cylinder at the ${sparing.sparesAt}${sparing.slipsToEnd ? ', slipping to the zone end' : ''}`;
    case 'track':
      return 'spare tracks per zone: no more slips than spares';
    case 'track-sectors':
      return 'spares per track: no more slips on a track than its spares';
    case 'disk-end':
      return 'spares at the end of the disk: a zone has no spares of its own';
    case 'range':
      return `${sparing.rangeCylinders}-cylinder ranges: no more slips in a range than its spares`;
    case 'zone':
      return sparing.slipsToEnd ? 'spares per zone, slipping to its end' : 'spares per zone: no more slips than spares';
    case 'none':
      return 'no sparing';
  }
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

/** DiskSim 4.0's `Sparing scheme used`, 0–10 (`dm_layout_g1_spare_t`). */
function parseSparing(layout: Fields): SparingSpec {
  const scheme = layout.integer('Sparing scheme used');
  switch (scheme) {
    case 0:
      return { kind: 'none' };
    case 1:
      return { kind: 'track' };
    case 2:
      return { kind: 'cylinder', sparesAt: 'end', slipsToEnd: false };
    case 3:
      return { kind: 'track-sectors' };
    case 4:
      return { kind: 'cylinder', sparesAt: 'end', slipsToEnd: true };
    case 5:
      return { kind: 'cylinder', sparesAt: 'front', slipsToEnd: false };
    case 6:
      return { kind: 'cylinder', sparesAt: 'front', slipsToEnd: true };
    case 7:
      return { kind: 'disk-end' };
    case 8: {
      const range = layout.integer('Rangesize for sparing');
      if (range < 1) layout.fail(layout.lineOf('Rangesize for sparing'), `"Rangesize for sparing" must be at least 1 cylinder, found ${range}`);
      return { kind: 'range', rangeCylinders: range };
    }
    case 9:
      return { kind: 'zone', slipsToEnd: false };
    case 10:
      return { kind: 'zone', slipsToEnd: true };
    default:
      return layout.fail(layout.lineOf('Sparing scheme used'), `"Sparing scheme used" must be 0–10 (DiskSim 4.0's schemes), found ${scheme}`);
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
      return layout.fail(layout.lineOf('LBN-to-PBN mapping scheme'), `"LBN-to-PBN mapping scheme" ${scheme} is not supported (supported: 0, 1, 2)`);
  }
}
