import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validationRuns } from '../drive-check/runs.js';
import { loadDiskSimHddParams } from './load.js';
import { parseDiskSimStatements } from './parse.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const read = (name: string): string => readFileSync(DATA + name, 'utf8');

/** A folder holding the given files (name → text). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-parv-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The Atlas 10K's files under other names, as DiskSim's older runs name theirs. */
function renamedAtlas(parv: (text: string) => string = (t) => t): string {
  return folder({
    'run.parv': parv(read('atlas10k.parv').replace('source atlas10k.diskspecs', 'source specs/disk.diskspecs')),
    'disk.model': read('atlas10k.model').replace('Full seek curve = atlas10k.seek', 'Full seek curve = curve.seek'),
    'curve.seek': read('atlas10k.seek'),
  });
}

describe('a DiskSim run file (.parv)', () => {
  it('reads source lines, instantiations and the topology, in order', () => {
    const statements = parseDiskSimStatements('r.parv', read('hp_c2247a.parv'));
    const kinds = statements.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'source')).toHaveLength(1);
    expect(statements.find((s) => s.kind === 'source')).toMatchObject({ file: 'hp_c2247a.diskspecs', line: 107 });
    expect(statements.find((s) => s.kind === 'instantiate' && s.as === 'HP_C2247A_validate')).toMatchObject({ names: ['disk0'] });
    const topology = statements.find((s) => s.kind === 'topology');
    expect(topology?.kind === 'topology' && topology.root.children[0]!.children[0]!.children[0]).toMatchObject({
      type: 'disksim_bus',
      name: 'bus1',
      children: [{ type: 'disksim_disk', name: 'disk0', children: [] }],
    });
  });

  it('builds the drive from the files its source lines and its model name, whatever they are called', () => {
    const dir = renamedAtlas();
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'disk.diskspecs'), read('atlas10k.diskspecs').replace('Model = source atlas10k.model', 'Model = source ../disk.model'));
    const params = loadDiskSimHddParams(join(dir, 'run.parv'));
    expect(params).toEqual(loadDiskSimHddParams(DATA + 'atlas10k.diskspecs'));
    expect(params.geometry.capacitySectors).toBe(17938986);
  });

  it('times a block on the bus at the slower of the bus and the disk, each way (DiskSim disk_get_blktranstime)', () => {
    const slowRead = (text: string): string =>
      text.replace(/(disksim_bus BUS1 \{[^}]*?)Read block transfer time = 0\.0,/, '$1Read block transfer time = 0.2,').replace(
        /(disksim_bus BUS1 \{[^}]*?)Write block transfer time = 0\.0,/,
        '$1Write block transfer time = 0.05,',
      );
    const dir = folder({ 'a.parv': slowRead(read('atlas10k.parv')), 'atlas10k.diskspecs': read('atlas10k.diskspecs'), 'atlas10k.model': read('atlas10k.model'), 'atlas10k.seek': read('atlas10k.seek') });
    const { controller } = loadDiskSimHddParams(join(dir, 'a.parv'));
    expect(controller.busSectorNs).toBeCloseTo(200_000, 6);
    expect(controller.busWriteSectorNs).toBeCloseTo(99_000, 6);
  });

  it('refuses a source loop at the line that closes it', () => {
    const dir = folder({ 'a.parv': '# run\nsource b.diskspecs\n', 'b.diskspecs': '\n\nsource c.model\n', 'c.model': 'source a.parv\n' });
    expect(() => loadDiskSimHddParams(join(dir, 'a.parv'))).toThrow(
      new RegExp(`^${join(dir, 'c.model')}:1: "source" loops back to a file already being read: ${join(dir, 'a.parv')}:2 → ${join(dir, 'b.diskspecs')}:3 → ${join(dir, 'c.model')}:1 → ${join(dir, 'a.parv')}$`),
    );
    const self = folder({ 'self.parv': 'source self.parv\n' });
    expect(() => loadDiskSimHddParams(join(self, 'self.parv'))).toThrow(/self\.parv:1: "source" loops back/);
  });

  it('names what is missing: a sourced file, the disk, its instance', () => {
    const noFile = folder({ 'a.parv': 'source gone.diskspecs\n' });
    expect(() => loadDiskSimHddParams(join(noFile, 'a.parv'))).toThrow(/gone\.diskspecs: cannot read the file \(ENOENT\)/);
    const device = folder({ 'a.parv': 'source /dev/zero\n', 'b.parv': 'source .\n' });
    expect(() => loadDiskSimHddParams(join(device, 'a.parv'))).toThrow('/dev/zero: not a regular file (expected a file, found a device, pipe or socket)');
    expect(() => loadDiskSimHddParams(join(device, 'b.parv'))).toThrow(/: not a regular file \(expected a file, found a directory\)/);
    const noDisk = renamedAtlas((t) => t.replace('source specs/disk.diskspecs', ''));
    mkdirSync(join(noDisk, 'specs'));
    expect(() => loadDiskSimHddParams(join(noDisk, 'run.parv'))).toThrow(/run\.parv:\d+: disk0 is instantiated as QUANTUM_TORNADO_validate, but no "disksim_disk QUANTUM_TORNADO_validate \{ … \}" block is read/);
  });
});

describe('the runs a drive-check command line names', () => {
  it('a folder is every .parv in it with its stem’s trace; X.parv takes the trace after it', () => {
    const runs = validationRuns([DATA]);
    expect(runs.map((r) => r.descriptionPath.replace(DATA, ''))).toEqual(['atlas10k.parv', 'cheetah4LP.parv', 'dec_rz26.parv', 'hp_c2247a.parv', 'hp_c2490a.parv', 'hp_c3323a.parv']);
    expect(runs[3]!.tracePath).toBe(join(DATA, 'hp_c2247a.trace'));
    expect(validationRuns(['a/x.parv', 'b/y.trace', 'c/z.parv'])).toEqual([
      { descriptionPath: 'a/x.parv', tracePath: 'b/y.trace' },
      { descriptionPath: 'c/z.parv', tracePath: join('c', 'z.trace') },
    ]);
    expect(validationRuns(['d/atlas10k.trace'])).toEqual([{ descriptionPath: 'd/atlas10k.trace', tracePath: 'd/atlas10k.trace' }]);
    expect(() => validationRuns([folder({ 'x.txt': '' })])).toThrow(/expected DiskSim validation runs \(NAME\.parv, with NAME\.trace beside it\) in the folder, found none/);
  });
});
