/**
 * A verification script: a small array, a few pairs, and timed actions —
 * host reads and writes on standards and BCVs, pair commands (legal or
 * not) — plus the simulator's seed and the list of choices that decide the
 * order of events due at the same instant. Scripts are plain data, generated
 * and shrunk by fast-check, printed in counterexamples and stored in the
 * regression corpus.
 */

/** The fixed cast of volumes and pairs every script plays on. */
export const VOLUMES = ['std0', 'std1', 'bcv0a', 'bcv0b', 'bcv1'] as const;
export type VolumeName = (typeof VOLUMES)[number];

/** std0 has two BCVs (so pairs of one standard interact), std1 one; `g` groups p0a and p1. */
export const PAIRS = [
  { name: 'p0a', std: 'std0', bcv: 'bcv0a' },
  { name: 'p0b', std: 'std0', bcv: 'bcv0b' },
  { name: 'p1', std: 'std1', bcv: 'bcv1' },
] as const;
export type PairName = (typeof PAIRS)[number]['name'];
export const GROUP = { name: 'g', pairs: ['p0a', 'p1'] } as const;
export type TargetName = PairName | typeof GROUP.name;

export interface ScriptConfig {
  /** Tracks per volume. */
  readonly tracks: number;
  readonly blocksPerTrack: number;
  readonly cacheSlots: number;
  readonly writePendingSlots: number;
  /** Service time of every drive. */
  readonly driveServiceUs: number;
  readonly copyConcurrency: number;
  /** 0: no limit. */
  readonly copyRateMBps: number;
  readonly copyPriority: 'low' | 'equal';
  readonly copyOrder: 'track' | 'touched-first';
  readonly copyOnRead: boolean;
  readonly bcvWriteDuringRestore: 'refuse' | 'copy-before-write';
  /** Every pair is established at time 0 (the script's first actions). */
  readonly startEstablished: boolean;
  /** Volumes on mirrored drives (with one spare), so that drive failures and media errors are survivable. */
  readonly raid1: boolean;
}

export type Action =
  | { readonly atUs: number; readonly kind: 'io'; readonly host: number; readonly volume: VolumeName; readonly block: number; readonly blocks: number; readonly write: boolean }
  | { readonly atUs: number; readonly kind: 'establish'; readonly target: TargetName; readonly incremental: boolean }
  | { readonly atUs: number; readonly kind: 'split'; readonly target: TargetName; readonly consistent: boolean; readonly instant: boolean; readonly force: boolean }
  | { readonly atUs: number; readonly kind: 'restore'; readonly target: TargetName; readonly incremental: boolean; readonly protected: boolean }
  | FaultAction;

/** Faults a script may inject (only with `faults` scripts); drive faults only on RAID-1 arrays. */
export type FaultAction =
  | { readonly atUs: number; readonly kind: 'fail-drive'; readonly drive: number }
  | { readonly atUs: number; readonly kind: 'media-error'; readonly volume: VolumeName; readonly block: number; readonly mirror: number }
  | { readonly atUs: number; readonly kind: 'fail-director'; readonly director: number; readonly downUs: number }
  | { readonly atUs: number; readonly kind: 'power-loss'; readonly downUs: number };

export interface Script {
  readonly seed: number;
  readonly config: ScriptConfig;
  readonly actions: readonly Action[];
  /** Indices that pick among events due at the same instant, in order (each modulo the number of candidates). */
  readonly choices: readonly number[];
}

/** One line per action, as a person reads a counterexample. */
export function formatAction(action: Action): string {
  const at = `${(action.atUs / 1000).toFixed(3)} ms`;
  switch (action.kind) {
    case 'io':
      return `${at}  host h${action.host} ${action.write ? 'writes' : 'reads'} ${action.volume} blocks ${action.block}..${action.block + action.blocks - 1}`;
    case 'establish':
      return `${at}  establish ${action.target}${action.incremental ? ' --incremental' : ''}`;
    case 'split':
      return `${at}  split ${action.target}${action.consistent ? ' --consistent' : ''}${action.instant ? ' --instant' : ''}${action.force ? ' --force' : ''}`;
    case 'restore':
      return `${at}  restore ${action.target}${action.incremental ? ' --incremental' : ''}${action.protected ? ' --protected' : ' --unprotected'}`;
    case 'fail-drive':
      return `${at}  FAULT drive d${action.drive} fails`;
    case 'media-error':
      return `${at}  FAULT media error under ${action.volume} block ${action.block} (mirror ${action.mirror})`;
    case 'fail-director':
      return `${at}  FAULT director fa${action.director} fails for ${(action.downUs / 1000).toFixed(3)} ms`;
    case 'power-loss':
      return `${at}  FAULT power lost for ${(action.downUs / 1000).toFixed(3)} ms`;
  }
}

export function formatScript(script: Script): string {
  const c = script.config;
  const lines = [
    `seed ${script.seed}; ${c.tracks} tracks of ${c.blocksPerTrack} blocks per volume${c.raid1 ? ' (RAID-1, one spare)' : ''}; cache ${c.cacheSlots} slots (${c.writePendingSlots} write-pending); drives ${c.driveServiceUs} µs`,
    `copy: ${c.copyConcurrency} at once, ${c.copyRateMBps > 0 ? `${c.copyRateMBps} MB/s` : 'no rate limit'}, priority ${c.copyPriority}, order ${c.copyOrder}; copy-on-read ${c.copyOnRead ? 'on' : 'off'}; BCV writes during a protected restore: ${c.bcvWriteDuringRestore}`,
    ...script.actions.map(formatAction),
  ];
  if (script.choices.length > 0) lines.push(`tie-breaking choices: [${script.choices.join(', ')}]`);
  return lines.join('\n');
}
