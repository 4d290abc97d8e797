import type { HddParams } from '../hdd/params.js';
import { diskSimSpecsFrom } from './diskspecs.js';
import { Fields } from './fields.js';
import { hddParamsFromDiskSim } from './hdd-params.js';
import { readText } from './read-text.js';
import { diskSimModelFrom } from './model.js';
import { DiskSimFormatError, type DsTopBlock, type DsTopologyNode } from './parse.js';
import { parseSeekFile } from './seek-file.js';
import { readWithSources, sourcedPath } from './sources.js';

const NS_PER_MS = 1_000_000;

/** A block and the file it was read from. */
export interface Placed {
  readonly file: string;
  readonly block: DsTopBlock;
}

/**
 * Builds the drive a DiskSim run's parameter file (`.parv`) describes, as
 * DiskSim reads it: the `source` lines and the file names inside (`Model =
 * source …`, `Full seek curve = …`), never the drive's name. The disk is the
 * one the topology places; the bus it hangs on sets how fast a block crosses
 * to the host when that is slower than the disk's own sector time (DiskSim's
 * `disk_get_blktranstime`).
 */
export function loadDiskSimRun(parvFile: string): HddParams {
  const statements = readWithSources(parvFile, readText);
  const blocks: Placed[] = [];
  const instances = new Map<string, string>();
  let topology: DsTopologyNode | undefined;
  for (const { file, statement } of statements) {
    if (statement.kind === 'block') blocks.push({ file, block: statement.block });
    else if (statement.kind === 'instantiate') for (const name of statement.names) instances.set(name, statement.as);
    else if (statement.kind === 'topology') topology = statement.root;
  }
  const placed = topology === undefined ? undefined : findDisk(topology, undefined);
  const params = diskParams(diskBlock(parvFile, blocks, placed?.disk, instances));
  const bus = placed?.bus === undefined ? undefined : componentBlock(parvFile, blocks, placed.bus, instances, 'disksim_bus');
  if (bus === undefined) return params;
  const fields = new Fields(bus.file, `disksim_bus ${bus.block.name}`, bus.block.params, bus.block.line);
  const read = fields.numberOr('Read block transfer time', 0) * NS_PER_MS;
  const write = fields.numberOr('Write block transfer time', 0) * NS_PER_MS;
  const c = params.controller;
  // A bus no slower than the disk changes nothing: the drive is then built exactly as from its .diskspecs.
  if (read <= c.busSectorNs && write <= c.busWriteSectorNs) return params;
  return { ...params, controller: { ...c, busSectorNs: Math.max(c.busSectorNs, read), busWriteSectorNs: Math.max(c.busWriteSectorNs, write) } };
}

/** A `disksim_disk` block with the model it names and that model's seek curve. */
export function diskParams(disk: Placed): HddParams {
  // The model first, then its seek curve, then the disk's own parameters: errors come in the order the files nest.
  const { file: modelFile, block: modelBlock } = modelOf(disk);
  const model = diskSimModelFrom(modelFile, modelBlock);
  const seekFile = model.seek.kind === 'file' ? sourcedPath(modelFile, model.seek.file) : '';
  const seek = model.seek.kind === 'file' ? parseSeekFile(seekFile, readText(seekFile)) : model.seek.points;
  return hddParamsFromDiskSim(model, seek, diskSimSpecsFrom(disk.file, disk.block));
}

/** The first disk in the topology, and the bus right above it. */
function findDisk(node: DsTopologyNode, parentBus: DsTopologyNode | undefined): { disk: DsTopologyNode; bus: DsTopologyNode | undefined } | undefined {
  if (node.type === 'disksim_disk') return { disk: node, bus: parentBus };
  const bus = node.type === 'disksim_bus' ? node : parentBus;
  for (const child of node.children) {
    const found = findDisk(child, bus);
    if (found) return found;
  }
  return undefined;
}

/** The `disksim_disk` block of the disk the topology places, or the only one there is. */
function diskBlock(parvFile: string, blocks: readonly Placed[], disk: DsTopologyNode | undefined, instances: ReadonlyMap<string, string>): Placed {
  if (disk !== undefined) return componentBlock(parvFile, blocks, disk, instances, 'disksim_disk');
  const disks = blocks.filter((b) => b.block.type === 'disksim_disk');
  if (disks.length === 1) return disks[0]!;
  const found = disks.length === 0 ? 'none' : disks.map((d) => d.block.name).join(', ');
  throw new DiskSimFormatError(parvFile, 0, `expected one "disksim_disk NAME { … }" block (or a topology placing one), found ${found}`);
}

/** The block a topology component is instantiated from (`instantiate [ disk0 ] as NAME`). */
function componentBlock(parvFile: string, blocks: readonly Placed[], node: DsTopologyNode, instances: ReadonlyMap<string, string>, type: string): Placed {
  const name = instances.get(node.name);
  if (name === undefined) throw new DiskSimFormatError(parvFile, node.line, `the topology places ${node.name}, which no "instantiate [ ${node.name} ] as NAME" names`);
  const block = blocks.find((b) => b.block.type === type && b.block.name === name);
  if (block === undefined) throw new DiskSimFormatError(parvFile, node.line, `${node.name} is instantiated as ${name}, but no "${type} ${name} { … }" block is read (check the "source" lines)`);
  return block;
}

/** The disk's `Model`: a `dm_disk` block written inline, or `source FILE` holding one. */
function modelOf(disk: Placed): Placed {
  const fields = new Fields(disk.file, `disksim_disk ${disk.block.name}`, disk.block.params, disk.block.line);
  const param = fields.raw('Model');
  if (param === undefined) return fields.fail(disk.block.line, 'missing parameter "Model" (a dm_disk block, or "source FILE")');
  const value = param.value;
  if (value.kind === 'block') return { file: disk.file, block: { type: value.type, name: value.type, params: value.params, line: value.line } };
  const match = value.kind === 'text' ? /^source\s+(\S+)$/.exec(value.value) : null;
  if (!match) return fields.fail(param.line, '"Model" should be a dm_disk { … } block or "source FILE"');
  const file = sourcedPath(disk.file, match[1]!);
  const model = readWithSources(file, readText).find((s) => s.statement.kind === 'block' && s.statement.block.type === 'dm_disk');
  if (model === undefined || model.statement.kind !== 'block') throw new DiskSimFormatError(file, 0, 'expected a "dm_disk NAME { … }" block');
  return { file: model.file, block: model.statement.block };
}
