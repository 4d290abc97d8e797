import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDiskSimSpecs } from './diskspecs.js';
import { loadDiskSimHddParams } from './load.js';
import { parseDiskSimModel } from './model.js';
import { DiskSimFormatError, parseDiskSimText } from './parse.js';
import { parseSeekFile } from './seek-file.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const read = (name: string): string => readFileSync(DATA + name, 'utf8');

describe('DiskSim .model', () => {
  it('reads the Atlas 10K geometry and mechanics', () => {
    const model = parseDiskSimModel('atlas10k.model', read('atlas10k.model'));
    expect(model.geometry.surfaces).toBe(6);
    expect(model.geometry.cylinders).toBe(10042);
    expect(model.declaredSectors).toBe(17938986);
    expect(model.geometry.sparing).toEqual({ kind: 'zone', slipsToEnd: false });
    expect(model.geometry.serpentine).toBe('odd-cylinders-in-zone');
    expect(model.geometry.zones).toHaveLength(24);
    expect(model.geometry.zones[0]).toMatchObject({
      firstCylinder: 0,
      lastCylinder: 432,
      sectorsPerTrack: 334,
      trackSkewSectors: 63,
      cylinderSkewSectors: 113,
      spareSectors: 89,
      slips: [55017, 358148, 394564, 420533, 483742],
    });
    expect(model.geometry.zones[23]).toMatchObject({ firstCylinder: 9625, lastCylinder: 10041, sectorsPerTrack: 229 });
    expect(model.rpm).toBe(10025);
    expect(model.headSwitchNs).toBeCloseTo(176_000, 6);
    expect(model.writeSettleNs).toBeCloseTo(487_000, 6);
    expect(model.seek).toEqual({ kind: 'file', file: 'atlas10k.seek' });
  });

  it('reads the Cheetah 4LP range sparing, zone gaps and its list syntax', () => {
    const model = parseDiskSimModel('cheetah4LP.model', read('cheetah4LP.model'));
    expect(model.geometry.surfaces).toBe(8);
    expect(model.geometry.sparing).toEqual({ kind: 'range', rangeCylinders: 12 });
    expect(model.geometry.serpentine).toBe('none');
    expect(model.geometry.zones.map((z) => z.firstCylinder)).toEqual([0, 1345, 2450, 3543, 4408, 5225, 5958]);
    expect(model.geometry.zones[1]!.slips).toHaveLength(7);
    expect(model.headSwitchNs).toBeCloseTo(195_000, 6);
    expect(model.writeSettleNs).toBe(0);
  });
});

describe('a zone table that does not add up', () => {
  const model = read('atlas10k.model');
  const where = 'in dm_disk QUANTUM_TORNADO_validate.model › Layout Model (dm_layout_g1) › Zones';
  it('is refused at the line that says so: overlapping zones, more slips than spares', () => {
    expect(() => parseDiskSimModel('m', model.replace('First cylinder number = 433', 'First cylinder number = 430'))).toThrow(
      `m:43: ${where}[1]: "First cylinder number" 430 overlaps the zone before, which ends at cylinder 432`,
    );
    expect(() => parseDiskSimModel('m', model.replace('Number of spares = 89', 'Number of spares = 3'))).toThrow(
      `m:37: ${where}[0]: the zone's spares cannot hold its 5 slips: 867729 sectors and 0 of dead space need 2 data slots more than the layout leaves (spares per zone: no more slips than spares)`,
    );
    expect(() => parseDiskSimModel('m', model.replace('Blocks per track = 334', 'Blocks per track = 0'))).toThrow(/Zones\[0\]: "Blocks per track" must be at least 1, found 0/);
  });

  it('takes zones past "Number of cylinders" as DiskSim does (the HP C2490’s last zone ends one past it)', () => {
    const c2490 = parseDiskSimModel('m', read('hp_c2490a_validate.model'));
    expect(c2490.geometry.zones.at(-1)!.lastCylinder).toBe(2629);
    expect(c2490.geometry.cylinders).toBe(2630);
  });

  it('names a slip outside its zone, in the unit the scheme counts (sectors, or tracks for track sparing)', () => {
    expect(() => parseDiskSimModel('m', model.replace('55017', '9999999'))).toThrow(/Zones\[0\]: slip 9999999 is outside the zone's 867732 sectors \(numbered from 0\)/);
    const tracks = model.replace('Sparing scheme used = 9', 'Sparing scheme used = 1');
    expect(() => parseDiskSimModel('m', tracks)).toThrow(/Zones\[0\]: slip 55017 is outside the zone's 2598 tracks/);
  });
});

describe('the HPL seek equation (Seek type hpl, hplplus10)', () => {
  it('gives the first ten distances as listed, then V2 + V3·√d below V1 cylinders and V4 + V5·d from there', () => {
    const model = parseDiskSimModel('m', read('hp_c2247a_validate.model'));
    if (model.seek.kind !== 'points') throw new Error('expected the equation');
    const at = (d: number): number => model.seek.kind === 'points' ? model.seek.points[d - 1]!.seekNs / 1e6 : NaN;
    expect(model.seek.points).toHaveLength(2050);
    expect(at(1)).toBeCloseTo(2.89, 9);
    expect(at(10)).toBeCloseTo(4.99, 9);
    expect(at(11)).toBeCloseTo(3.81 + 0.33 * Math.sqrt(11), 9);
    expect(at(299)).toBeCloseTo(3.81 + 0.33 * Math.sqrt(299), 9);
    expect(at(300)).toBeCloseTo(7.75 + 0.0059 * 300, 9);
    expect(at(2050)).toBeCloseTo(7.75 + 0.0059 * 2050, 9);
    const text = read('hp_c2247a_validate.model');
    expect(() => parseDiskSimModel('m', text.replace('Seek type = hplplus10', 'Seek type = curve'))).toThrow(/m:\d+: .*"Seek type" curve is not supported/);
    expect(() => parseDiskSimModel('m', text.replace('4.990000\n', ''))).toThrow(/"First ten seek times" should list 10 times, found 9/);
  });
});

describe('DiskSim .seek', () => {
  it('reads every measured point', () => {
    const atlas = parseSeekFile('atlas10k.seek', read('atlas10k.seek'));
    expect(atlas).toHaveLength(138);
    expect(atlas[0]).toEqual({ distanceCylinders: 1, seekNs: 1_245_000 });
    expect(atlas[137]).toEqual({ distanceCylinders: 10021, seekNs: 10_828_000 });
    expect(parseSeekFile('cheetah4LP.seek', read('cheetah4LP.seek'))).toHaveLength(103);
  });

  it('names the file and line of a bad point, and checks the announced count', () => {
    expect(() => parseSeekFile('x.seek', 'Seek distances measured: 2\n1, 1.0\n2; 3.0\n')).toThrow('x.seek:3: expected "distance, milliseconds"');
    expect(() => parseSeekFile('x.seek', 'Seek distances measured: 3\n1, 1.0\n2, 3.0\n')).toThrow(/announces 3 seek distances, found 2/);
    expect(() => parseSeekFile('x.seek', '1, 1.0\n')).toThrow(/x\.seek:1: expected "Seek distances measured: N"/);
    expect(() => parseSeekFile('x.seek', 'Seek distances measured: 2\n5, 1.0\n5, 3.0\n')).toThrow(/increasing/);
  });
});

describe('DiskSim .diskspecs', () => {
  it('reads the Atlas 10K controller, buffer and scheduler', () => {
    const specs = parseDiskSimSpecs('atlas10k.diskspecs', read('atlas10k.diskspecs'));
    expect(specs.name).toBe('QUANTUM_TORNADO_validate');
    expect(specs.controller.busSectorNs).toBeCloseTo(99_000, 6);
    expect(specs.controller.readHitAfterReadNs).toBeCloseTo(184_000, 6);
    expect(specs.controller.writeMissAfterWriteNs).toBeCloseTo(496_730, 6);
    expect(specs.cache).toEqual({
      enabled: true,
      segments: 10,
      segmentSectors: 374,
      readAhead: 'next-track',
      minReadAheadSectors: 0,
      maxReadAheadSectors: 354,
      requestData: 'keep',
      readAheadOnIdleHit: false,
      almostReadHits: false,
      sneakyFullReadHits: false,
      sneakyPartialReadHits: false,
      // The file says 1: kept in the manual's sense, which DiskSim as run does not follow (see parseCache).
      readAnyFreeSectors: true,
      immediateRead: true,
      immediateWrite: true,
      readHitsOnWriteData: true,
      fastWrite: 'full',
      writeSegments: 1,
      combineSequentialWrites: true,
      writeStopsReadAhead: true,
      separateWriteSegment: false,
      stopReadAheadInSector: false,
      readHighWaterMark: 0,
    });
    expect(specs.queuePolicy).toBe('fifo');
  });

  it('reads the Cheetah 4LP buffer', () => {
    const specs = parseDiskSimSpecs('cheetah4LP.diskspecs', read('cheetah4LP.diskspecs'));
    expect(specs.cache).toMatchObject({
      segments: 3,
      segmentSectors: 282,
      readAhead: 'segment',
      maxReadAheadSectors: 282,
      requestData: 'overwrite',
      readAnyFreeSectors: false,
      almostReadHits: false,
      immediateRead: false,
      fastWrite: 'sequential',
    });
    expect(specs.controller.readMissAfterReadNs).toBeCloseTo(607_730, 6);
  });

  it('refuses settings whose timing it does not model, and applies DiskSim’s read-ahead corrections', () => {
    const text = read('cheetah4LP.diskspecs');
    expect(() => parseDiskSimSpecs('c', text.replace('Preseeking level = 0', 'Preseeking level = 2'))).toThrow(
      /"Preseeking level" = 2 is not supported \(only 0\)/,
    );
    expect(() => parseDiskSimSpecs('c', text.replace('Disconnect write if seek = 0', 'Disconnect write if seek = 1'))).toThrow(
      /"Disconnect write if seek" = 1 is not supported \(only 0\)/,
    );
    const noReadAhead = parseDiskSimSpecs('c', text.replace('Buffer continuous read = 3', 'Buffer continuous read = 0'));
    expect(noReadAhead.cache).toMatchObject({ readAhead: 'none', maxReadAheadSectors: 0, minReadAheadSectors: 0 });
    const erase = parseDiskSimSpecs('c', text.replace('Read-ahead over requested = 1', 'Read-ahead over requested = -1'));
    expect(erase.cache.requestData).toBe('erase');
    expect(() => parseDiskSimSpecs('c', text.replace('Immed transfer partial hit = 1', 'Immed transfer partial hit = 0'))).toThrow(
      /"Immed transfer partial hit" = 0 is not supported \(only 1\)/,
    );
  });

  it('reads the almost and sneaky read-hit flags, and refuses values DiskSim refuses', () => {
    const text = read('cheetah4LP.diskspecs');
    const set = (name: string, value: number): string => text.replace(`${name} = 0`, `${name} = ${value}`);
    expect(parseDiskSimSpecs('c', set('Allow almost read hits', 1)).cache.almostReadHits).toBe(true);
    expect(parseDiskSimSpecs('c', set('Allow sneaky full read hits', 1)).cache.sneakyFullReadHits).toBe(true);
    expect(parseDiskSimSpecs('c', set('Allow sneaky partial read hits', 1)).cache.sneakyPartialReadHits).toBe(true);
    // Intermediate hits need a command waiting inside the drive, which this controller never has: accepted, no effect.
    const intermediate = parseDiskSimSpecs('c', set('Allow sneaky intermediate read hits', 1));
    expect(intermediate.cache).toEqual(parseDiskSimSpecs('c', text).cache);
    expect(() => parseDiskSimSpecs('c', set('Allow almost read hits', 2))).toThrow(/"Allow almost read hits" must be 0 or 1, found 2/);
    expect(() => parseDiskSimSpecs('c', set('Allow sneaky intermediate read hits', 2))).toThrow(/must be 0 or 1/);
  });
});

describe('DiskSim files together', () => {
  it('builds drive parameters; the drive exposes the declared block count', () => {
    const atlas = loadDiskSimHddParams(DATA + 'atlas10k.trace');
    expect(atlas.geometry.capacitySectors).toBe(17938986);
    expect(atlas.mechanics.seek.kind).toBe('table');
    const cheetah = loadDiskSimHddParams(DATA + 'cheetah4LP');
    expect(cheetah.geometry.capacitySectors).toBe(8887200);
  });

  it('reports a missing file by name, without a stack of its own', () => {
    expect(() => loadDiskSimHddParams(DATA + 'nosuchdrive.trace')).toThrow(/nosuchdrive\.trace: no DiskSim description: expected nosuchdrive\.parv \(a validation run\) or nosuchdrive\.diskspecs beside it/);
  });
});

describe('the DiskSim parameter format', () => {
  it('parses nested blocks, lists, comments, numbers and names; unknown keys are kept, not refused', () => {
    const blocks = parseDiskSimText(
      't',
      `# comment\nouter NAME { A = 1.5, Some key = some text, Inner = kind { x = [ 1, 2, ], }, Unknown thing = 7 # note\n }`,
    );
    expect(blocks).toHaveLength(1);
    const [block] = blocks;
    expect(block!.type).toBe('outer');
    expect(block!.name).toBe('NAME');
    expect(block!.params.map((p) => p.name)).toEqual(['A', 'Some key', 'Inner', 'Unknown thing']);
    expect(block!.params[0]!.value).toMatchObject({ kind: 'number', value: 1.5 });
    expect(block!.params[1]!.value).toMatchObject({ kind: 'text', value: 'some text' });
    expect(block!.params[2]!.value).toMatchObject({ kind: 'block', type: 'kind' });
  });

  it('skips `instantiate … as NAME` statements', () => {
    const blocks = parseDiskSimText('t', 'a B { x = 1 }\ninstantiate [ d0 ] as B\nc D { y = 2 }');
    expect(blocks.map((b) => b.type)).toEqual(['a', 'c']);
  });

  it('says what it expected, where', () => {
    const fail = (text: string): DiskSimFormatError => {
      try {
        parseDiskSimText('bad.model', text);
      } catch (error) {
        if (error instanceof DiskSimFormatError) return error;
        throw error;
      }
      throw new Error('no error');
    };
    expect(fail('a B {\n x 1 }').message).toBe('bad.model:2: expected "=" after parameter name "x 1", found "}"');
    expect(fail('a B { x = 1,\n y = 2').message).toMatch(/^bad\.model:2: expected "," or "}" after parameter "y"/);
    expect(fail('a B { x = [ 1, 2 }').message).toMatch(/expected "," or "]" in a list, found "}"/);
    expect(fail('{ x = 1 }').message).toMatch(/expected a block header/);
    expect(fail('a B {\n x = 1,\n').message).toBe('bad.model:2: expected "}" to close the block, found the end of the file');
  });

  it('names the block and parameter when a value has the wrong kind or is missing', () => {
    const model = read('atlas10k.model');
    expect(() => parseDiskSimModel('m', model.replace('Number of data surfaces = 6', 'Number of data surfaces = six'))).toThrow(
      /m:2: in dm_disk QUANTUM_TORNADO_validate\.model: "Number of data surfaces" should be a number, found "six"/,
    );
    expect(() => parseDiskSimModel('m', model.replace('Rotation speed (in rpms) = 10025,', ''))).toThrow(
      /missing parameter "Rotation speed \(in rpms\)"/,
    );
    expect(() => parseDiskSimModel('m', model.replace('Sparing scheme used = 9', 'Sparing scheme used = 11'))).toThrow(
      /^m:24: in dm_disk QUANTUM_TORNADO_validate\.model › Layout Model \(dm_layout_g1\): "Sparing scheme used" must be 0–10 \(DiskSim 4\.0's schemes\), found 11$/,
    );
  });
});

describe('DiskSim .diskspecs: disconnect, reselect and data-preparation overheads (the HP C2247)', () => {
  const text = read('hp_c2247a.diskspecs');
  const parse = (edited: string) => parseDiskSimSpecs('hp.diskspecs', edited);

  it('reads them in ns, scaled by the time scale except the inter-disconnect and minimum seek delays', () => {
    const r = parse(text).controller.reconnection;
    expect(r).toMatchObject({
      dataPrepNs: expect.closeTo(25_190, 6),
      reselectFirstNs: expect.closeTo(162_490, 6),
      reselectOtherNs: expect.closeTo(128_830, 6),
      readDisconnectAfterReadNs: expect.closeTo(22_660, 6),
      readDisconnectAfterWriteNs: expect.closeTo(45_510, 6),
      writeDisconnectNs: expect.closeTo(165_650, 6),
      writeMinSeekNs: expect.closeTo(600_000, 6),
    });
    expect(r.extraWriteDisconnect).toEqual({
      commandNs: expect.closeTo(642_440, 6),
      disconnectNs: expect.closeTo(45_510, 6),
      interDisconnectNs: expect.closeTo(428_850, 6),
      secondDisconnectNs: expect.closeTo(134_370, 6),
      seekDeltaNs: expect.closeTo(250_000, 6),
    });
    const doubled = parse(text.replace('Time scale for overheads = 1.000000', 'Time scale for overheads = 2')).controller.reconnection;
    expect(doubled.reselectFirstNs).toBeCloseTo(2 * 162_490, 6);
    expect(doubled.extraWriteDisconnect!.commandNs).toBeCloseTo(2 * 642_440, 6);
    expect(doubled.extraWriteDisconnect!.interDisconnectNs).toBeCloseTo(428_850, 6);
    expect(doubled.writeMinSeekNs).toBeCloseTo(600_000, 6);
    // A drive that never disconnects is never marked for the extra disconnect (DiskSim's set_extradisc test).
    const never = text.replace('Never disconnect = 0', 'Never disconnect = 1').replace(/(reselect overhead|disconnect afterread|disconnect afterwrite|Write disconnect overhead) = [\d.]+/g, '$1 = 0');
    expect(parse(never).controller.reconnection.extraWriteDisconnect).toBeNull();
  });

  it('refuses bad values and combinations it does not model, at their line', () => {
    expect(() => parse(text.replace('First reselect overhead = 0.162490', 'First reselect overhead = -0.1'))).toThrow(
      /^hp\.diskspecs:69: in disksim_disk HP_C2247A_validate: "First reselect overhead" must be ≥ 0 \(ms\), found -0\.1$/,
    );
    expect(() => parse(text.replace('Extra write disconnect = 1', 'Extra write disconnect = 2'))).toThrow(/^hp\.diskspecs:74: .*"Extra write disconnect" must be 0 or 1, found 2$/);
    expect(() => parse(text.replace('Use separate write segment = 1', 'Use separate write segment = 0'))).toThrow(
      /^hp\.diskspecs:74: .*"Extra write disconnect" = 1 is supported only with "Use separate write segment" = 1$/,
    );
    expect(() => parse(text.replace('Hold bus entire read xfer = 1', 'Hold bus entire read xfer = 0'))).toThrow(/^hp\.diskspecs:6: .*"Hold bus entire read xfer" = 0 is not supported/);
    expect(() => parse(text.replace('Never disconnect = 0', 'Never disconnect = 1'))).toThrow(/^hp\.diskspecs:15: .*"Never disconnect" = 1 is not supported with disconnect or reselect overheads/);
  });
});
