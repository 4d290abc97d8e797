import { resolve } from 'node:path';
import { DiskSimFormatError } from '../devices/disksim/parse.js';
import { SECTOR_BYTES } from '../devices/drive.js';
import { checkHddParams, HddConfigError } from '../devices/hdd/params-check.js';
import { writePendingProblem } from './array-config.js';
import { findStepCycle, parseCondition } from './conditions.js';
import { formatPath } from './errors.js';
import { diskSimParams, driveCapacitySectors, driveProblems, expandDrives } from './drives.js';
import { fileProblem } from './input-files.js';
import type { Scenario } from './load.js';
import { ACTION_KEYS, type ScenarioDoc, type TraceWorkloadDoc } from './schema.js';
import { traceMappingOf, traceVerdict } from './trace-check.js';
import { formatBytes } from './units.js';

/** A problem found by cross-checking names, sizes and references; `at` is its path in the document. */
export interface ReferenceProblem {
  readonly at: readonly (string | number)[];
  readonly problem: { readonly path: string; readonly message: string };
}

/**
 * Checks what a schema cannot: that names are unique and every reference
 * resolves, that volumes fit on their drives, that pairs join volumes of
 * equal size, that conditions parse and steps do not wait for each other in
 * a cycle.
 */
export function checkReferences(scenario: Scenario): ReferenceProblem[] {
  const doc = scenario.doc;
  const problems: ReferenceProblem[] = [];
  const report = (at: readonly (string | number)[], message: string) => problems.push({ at, problem: { path: formatPath(at), message } });
  checkGeometry(doc, report);
  const driveNames = checkDrives(scenario, report);
  const volumeNames = checkVolumes(scenario, driveNames, report);
  const pairNames = checkPairs(doc, volumeNames, report);
  const groupNames = checkGroups(doc, pairNames, report);
  const hostNames = checkHosts(scenario, volumeNames, report);
  const directors = new Set(Array.from({ length: doc.array.frontEnd.directors }, (_, i) => `fa${i}`));
  const names: Names = { pairs: pairNames, groups: groupNames, hosts: hostNames, drives: new Set(driveNames.keys()), volumes: new Set(volumeNames.keys()), directors };
  checkTimeline(doc, names, report);
  checkFaults(doc, names, volumeNames, report);
  const writePending = writePendingProblem(doc);
  if (writePending) report(['array', 'cache', 'writePendingLimit'], writePending);
  if (doc.metrics.warmup >= doc.duration) report(['metrics', 'warmup'], 'the warm-up must be shorter than the run');
  if (doc.metrics.interval <= 0) report(['metrics', 'interval'], 'the interval must be positive');
  return problems;
}

type Report = (at: readonly (string | number)[], message: string) => void;

function checkGeometry(doc: ScenarioDoc, report: Report): void {
  const { blockSize, trackSize } = doc.array;
  if (blockSize % SECTOR_BYTES !== 0) report(['array', 'blockSize'], `the block size must be a multiple of ${SECTOR_BYTES} bytes`);
  if (trackSize % blockSize !== 0 || trackSize / blockSize > 32) {
    report(['array', 'trackSize'], `the track size must be 1 to 32 blocks of ${formatBytes(blockSize)}`);
  }
}

function checkDrives(scenario: Scenario, report: Report): Map<string, number> {
  const capacities = new Map<string, number>();
  // Each description is read and checked once, however many entries name it.
  const checked = new Map<string, string[]>();
  scenario.doc.array.drives.forEach((drive, i) => {
    const problems = drive.model === 'disksim' ? diskSimProblems(scenario.dir, drive.description, checked) : [];
    for (const message of problems) report(['array', 'drives', i, 'description'], message);
    for (const { key, message } of driveProblems(drive)) report(key ? ['array', 'drives', i, key] : ['array', 'drives', i], message);
    // A description that cannot be read gives its drives no capacity limit here: its own problem says why.
    const capacity = problems.length === 0 ? driveCapacitySectors(drive, scenario.dir) : Number.POSITIVE_INFINITY;
    for (const name of expandDrives(drive)) {
      if (capacities.has(name)) report(['array', 'drives', i], `drive name ${name} is used twice`);
      capacities.set(name, capacity);
    }
  });
  return capacities;
}

/**
 * Why the DiskSim files a drive names cannot be used (a `.parv` and what it
 * sources, or a stem with one beside it: they must exist, parse and describe
 * a drive that can work); none if they can. The loader names the file and
 * line of each problem.
 */
function diskSimProblems(dir: string, description: string, checked: Map<string, string[]>): string[] {
  const known = checked.get(description);
  if (known) return known;
  const problems: string[] = [];
  try {
    checkHddParams(diskSimParams(description, dir, undefined));
  } catch (error) {
    if (!(error instanceof DiskSimFormatError || error instanceof HddConfigError)) throw error;
    problems.push(`the DiskSim description cannot be used: ${error.message}`);
  }
  checked.set(description, problems);
  return problems;
}

function checkVolumes(scenario: Scenario, drives: Map<string, number>, report: Report): Map<string, number> {
  const { array } = scenario.doc;
  const sizes = new Map<string, number>();
  const used = new Map<string, number>();
  array.volumes.forEach((volume, i) => {
    if (sizes.has(volume.name)) report(['array', 'volumes', i, 'name'], `volume name ${volume.name} is used twice`);
    const tracks = Math.ceil(volume.size / array.trackSize);
    sizes.set(volume.name, tracks * array.trackSize);
    if (volume.raid1 && volume.drives.length % 2 !== 0) report(['array', 'volumes', i, 'drives'], 'raid1 needs an even number of drives (mirrored pairs)');
    if (new Set(volume.drives).size !== volume.drives.length) report(['array', 'volumes', i, 'drives'], 'a drive is listed twice');
    const members = volume.raid1 ? volume.drives.length / 2 : volume.drives.length;
    const perMember = Math.ceil(tracks / (members * volume.stripe)) * volume.stripe * (array.trackSize / SECTOR_BYTES);
    volume.drives.forEach((drive, j) => {
      if (!drives.has(drive)) return report(['array', 'volumes', i, 'drives', j], `no drive named ${drive}; drives: ${list(drives.keys())}`);
      used.set(drive, (used.get(drive) ?? 0) + perMember);
      if (used.get(drive)! > drives.get(drive)!) {
        report(['array', 'volumes', i, 'size'], `does not fit: drive ${drive} holds ${formatBytes(drives.get(drive)! * SECTOR_BYTES)} and its volumes need ${formatBytes(used.get(drive)! * SECTOR_BYTES)}`);
      }
    });
  });
  return sizes;
}

function checkPairs(doc: ScenarioDoc, volumes: Map<string, number>, report: Report): Set<string> {
  const names = new Set<string>();
  const bcvs = new Set<string>();
  const stds = new Set<string>();
  doc.pairs.forEach((pair, i) => {
    if (names.has(pair.name)) report(['pairs', i, 'name'], `pair name ${pair.name} is used twice`);
    names.add(pair.name);
    for (const side of ['std', 'bcv'] as const) {
      if (!volumes.has(pair[side])) report(['pairs', i, side], `no volume named ${pair[side]}; volumes: ${list(volumes.keys())}`);
    }
    if (pair.std === pair.bcv) report(['pairs', i, 'bcv'], 'a volume cannot be its own BCV');
    if (volumes.has(pair.std) && volumes.has(pair.bcv) && volumes.get(pair.std) !== volumes.get(pair.bcv)) {
      report(['pairs', i, 'bcv'], `${pair.bcv} (${formatBytes(volumes.get(pair.bcv)!)}) and ${pair.std} (${formatBytes(volumes.get(pair.std)!)}) differ in size`);
    }
    if (bcvs.has(pair.bcv)) report(['pairs', i, 'bcv'], `${pair.bcv} is already the BCV of another pair`);
    bcvs.add(pair.bcv);
    stds.add(pair.std);
  });
  doc.pairs.forEach((pair, i) => {
    if (bcvs.has(pair.std)) report(['pairs', i, 'std'], `${pair.std} is a BCV of another pair; cascaded pairs are not supported`);
  });
  return names;
}

function checkGroups(doc: ScenarioDoc, pairs: Set<string>, report: Report): Set<string> {
  const names = new Set<string>();
  doc.groups.forEach((group, i) => {
    if (names.has(group.name) || pairs.has(group.name)) report(['groups', i, 'name'], `name ${group.name} is already used by a pair or group`);
    names.add(group.name);
    group.pairs.forEach((pair, j) => {
      if (!pairs.has(pair)) report(['groups', i, 'pairs', j], `no pair named ${pair}; pairs: ${list(pairs)}`);
    });
    if (new Set(group.pairs).size !== group.pairs.length) report(['groups', i, 'pairs'], 'a pair is listed twice');
  });
  return names;
}

function checkHosts(scenario: Scenario, volumes: Map<string, number>, report: Report): Set<string> {
  const { doc } = scenario;
  const names = new Set<string>();
  doc.hosts.forEach((host, i) => {
    if (names.has(host.name)) report(['hosts', i, 'name'], `host name ${host.name} is used twice`);
    names.add(host.name);
    host.paths?.forEach((path, j) => {
      if (path >= doc.array.frontEnd.directors) report(['hosts', i, 'paths', j], `no director ${path}: the array has ${doc.array.frontEnd.directors} (0..${doc.array.frontEnd.directors - 1})`);
    });
    const w = host.workload;
    if ('trace' in w) return checkTrace(scenario, i, volumes, report);
    w.volumes.forEach((v, j) => {
      const volume = typeof v === 'string' ? v : v.volume;
      if (!volumes.has(volume)) report(['hosts', i, 'workload', 'volumes', j], `no volume named ${volume}; volumes: ${list(volumes.keys())}`);
    });
    // Every I/O size must fit in every volume it may go to (volumes are whole tracks).
    const addressed = w.volumes.map((v) => (typeof v === 'string' ? v : v.volume)).filter((name) => volumes.has(name));
    const smallest = addressed.length === 0 ? null : addressed.reduce((least, name) => (volumes.get(name)! < volumes.get(least)! ? name : least));
    const sizes = typeof w.size === 'number' ? [w.size] : w.size.map((s) => s.size);
    sizes.forEach((bytes, j) => {
      const at = typeof w.size === 'number' ? ['hosts', i, 'workload', 'size'] : ['hosts', i, 'workload', 'size', j, 'size'];
      if (bytes % doc.array.blockSize !== 0) report(at, `an I/O size must be a whole number of ${formatBytes(doc.array.blockSize)} blocks`);
      if (bytes > 16 * doc.array.trackSize) report(at, `an I/O may span at most 16 tracks (${formatBytes(16 * doc.array.trackSize)})`);
      else if (smallest !== null && bytes > volumes.get(smallest)!) {
        report(at, `expected an I/O size of at most ${formatBytes(volumes.get(smallest)!)}, the size of volume ${smallest} (the smallest this workload addresses), got ${formatBytes(bytes)}`);
      }
    });
  });
  return names;
}

/** A trace workload's volume exists, and its trace can be read and replayed onto it. */
function checkTrace(scenario: Scenario, i: number, volumes: Map<string, number>, report: Report): void {
  const w = scenario.doc.hosts[i]!.workload as TraceWorkloadDoc;
  if (!volumes.has(w.volume)) report(['hosts', i, 'workload', 'volume'], `no volume named ${w.volume}; volumes: ${list(volumes.keys())}`);
  const at = typeof w.trace === 'string' ? ['hosts', i, 'workload', 'trace'] : ['hosts', i, 'workload', 'trace', 'file'];
  const path = resolve(scenario.dir, typeof w.trace === 'string' ? w.trace : w.trace.file);
  // Read as it streams: a trace has no size limit (the run's estimate bounds what it may issue).
  const problem = fileProblem(path, Number.POSITIVE_INFINITY);
  if (problem) return report(at, problem);
  const { blockSize } = scenario.doc.array;
  const volumeBlocks = (volumes.get(w.volume) ?? 0) / blockSize;
  // Without the volume, or with a block size of its own problem, there is no mapping to check.
  if (!Number.isSafeInteger(volumeBlocks) || volumeBlocks < 1 || blockSize % SECTOR_BYTES !== 0) return;
  const replay = traceVerdict(path, traceMappingOf(scenario.doc, w, volumeBlocks)).problem;
  if (replay) report(at, replay);
}

interface Names {
  readonly pairs: Set<string>;
  readonly groups: Set<string>;
  readonly hosts: Set<string>;
  readonly drives: Set<string>;
  readonly volumes: Set<string>;
  readonly directors: Set<string>;
}

/** What each timeline action names, and how the error should call it. */
function targetsOf(action: (typeof ACTION_KEYS)[number], names: Names): { known: Set<string>; kind: string } | null {
  switch (action) {
    case 'start':
    case 'stop':
      return { known: names.hosts, kind: 'host' };
    case 'query':
      return { known: names.pairs, kind: 'pair' };
    case 'establish':
    case 'split':
    case 'restore':
      return { known: commandTargets(names), kind: 'pair or group' };
    case 'failDrive':
    case 'slowDrive':
      return { known: names.drives, kind: 'drive' };
    case 'mediaError':
      return { known: names.volumes, kind: 'volume' };
    case 'failDirector':
    case 'restartDirector':
      return { known: names.directors, kind: 'front-end director' };
    case 'powerLoss':
      return null;
  }
}

function checkTimeline(doc: ScenarioDoc, names: Names, report: Report): void {
  const ids = new Map<string, number>();
  doc.timeline.forEach((step, i) => {
    if (step.id === undefined) return;
    if (ids.has(step.id)) report(['timeline', i, 'id'], `step id ${step.id} is used twice`);
    ids.set(step.id, i);
  });
  const waitsFor = new Map<string, string[]>();
  doc.timeline.forEach((step, i) => {
    const action = ACTION_KEYS.find((key) => step[key] !== undefined)!;
    const targets = targetsOf(action, names);
    const target = String(step[action]);
    if (targets && !targets.known.has(target)) report(['timeline', i, action], `no ${targets.kind} named ${target}; known: ${list(targets.known)}`);
    if (step.host !== undefined && !names.hosts.has(step.host)) report(['timeline', i, 'host'], `no host named ${step.host} to send the command; hosts: ${list(names.hosts)}`);
    if (step.at !== undefined && step.at > doc.duration) report(['timeline', i, 'at'], 'this is after the end of the run (see duration)');
    if (step.when === undefined) return;
    const parsed = parseCondition(step.when);
    if (!parsed.ok) return report(['timeline', i, 'when'], parsed.message);
    const self = step.id ?? `#${i}`;
    for (const clause of parsed.clauses) {
      if (clause.kind === 'pair-state' && !names.pairs.has(clause.pair)) report(['timeline', i, 'when'], `no pair named ${clause.pair}`);
      if (clause.kind === 'group-state' && !names.groups.has(clause.group)) report(['timeline', i, 'when'], `no group named ${clause.group}`);
      if (clause.kind === 'pair-restored' && !names.pairs.has(clause.pair)) report(['timeline', i, 'when'], `no pair named ${clause.pair}`);
      if (clause.kind === 'step-done') {
        if (!ids.has(clause.step)) report(['timeline', i, 'when'], `no step with id ${clause.step}`);
        else if (waitsFor.has(self)) waitsFor.get(self)!.push(clause.step);
        else waitsFor.set(self, [clause.step]);
      }
    }
  });
  const cycle = findStepCycle(waitsFor);
  if (cycle) {
    const first = ids.get(cycle[0]!) ?? 0;
    report(['timeline', first, 'when'], `steps wait for each other in a cycle: ${cycleText(cycle)}`);
  }
}

/** `a → b → a`; a long cycle by its ends and its length (the message must stay readable). */
function cycleText(cycle: readonly string[]): string {
  if (cycle.length <= 10) return cycle.join(' → ');
  return `${cycle.slice(0, 4).join(' → ')} → … → ${cycle.slice(-3).join(' → ')} (${cycle.length - 1} steps)`;
}

/** Pairs and groups, built once per scenario: a timeline of thousands of steps must not rebuild it per step. */
const commandTargetSets = new WeakMap<Names, Set<string>>();
function commandTargets(names: Names): Set<string> {
  let set = commandTargetSets.get(names);
  if (!set) commandTargetSets.set(names, (set = new Set([...names.pairs, ...names.groups])));
  return set;
}

/** The first dozen names (a message must not cost a copy of thousands). */
function list(items: Iterable<string>): string {
  const first: string[] = [];
  for (const item of items) {
    if (first.length === 12) return `${first.join(', ')}, …`;
    first.push(item);
  }
  return first.length === 0 ? 'none' : first.join(', ');
}

function checkFaults(doc: ScenarioDoc, names: Names, volumeSizes: Map<string, number>, report: Report): void {
  const used = new Set(doc.array.volumes.flatMap((v) => v.drives));
  doc.array.spares.forEach((spare, i) => {
    if (!names.drives.has(spare)) report(['array', 'spares', i], `no drive named ${spare}; drives: ${list(names.drives)}`);
    else if (used.has(spare)) report(['array', 'spares', i], `drive ${spare} holds volumes; a spare must be free`);
  });
  doc.timeline.forEach((step, i) => {
    if (step.mediaError === undefined || step.block === undefined || !volumeSizes.has(step.mediaError)) return;
    const blocks = volumeSizes.get(step.mediaError)! / doc.array.blockSize;
    if (step.block >= blocks) report(['timeline', i, 'block'], `volume ${step.mediaError} has blocks 0..${blocks - 1}`);
  });
  doc.faults.random.forEach((fault, i) => {
    const known = fault.kind === 'media-error' ? names.volumes : names.drives;
    fault.targets.forEach((target, j) => {
      if (!known.has(target)) report(['faults', 'random', i, 'targets', j], `no ${fault.kind === 'media-error' ? 'volume' : 'drive'} named ${target}`);
    });
  });
}
