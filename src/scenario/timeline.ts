import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { FaultInjector } from '../array/faults.js';
import type { HostDriver } from '../host/host-driver.js';
import { formatCommandError } from '../protocol/errors.js';
import type { CommandRequest, Protocol } from '../protocol/protocol.js';
import type { PairQuery } from '../protocol/query.js';
import { parseCondition, type Clause } from './conditions.js';
import type { HostPort } from './host-port.js';
import { ACTION_KEYS, type StepDoc } from './schema.js';

/** What happened to one timeline step. */
export interface StepRecord {
  readonly index: number;
  readonly id: string | null;
  readonly action: string;
  readonly target: string;
  /** The host that sent the command through its front-end path (absent: the timeline sent it). */
  readonly host?: string;
  /** When the step was carried out (-1: never — its time or condition did not come). */
  firedNs: TimeNs;
  /** When it was acknowledged (commands) or done. */
  doneNs: TimeNs;
  /** Null when it succeeded; otherwise why it was refused. */
  error: string | null;
}

/**
 * Carries out the scenario's timeline: steps at given times, and steps that
 * wait for a condition (`pair p1 is Synchronized`, `step s1 done`), checked
 * whenever a pair changes state or a step completes — no polling.
 */
export class Timeline {
  readonly records: StepRecord[];
  readonly queries: PairQuery[] = [];
  private readonly waiting: { step: StepDoc; record: StepRecord; clauses: readonly Clause[] }[] = [];
  private readonly doneIds = new Set<string>();
  private readonly kind: number;

  constructor(
    private readonly sim: Simulator,
    private readonly protocol: Protocol,
    private readonly hosts: ReadonlyMap<string, HostDriver>,
    private readonly steps: readonly StepDoc[],
    private readonly faults: FaultInjector | null,
    /** Each host's connection to the array, for commands a step has a host send. */
    private readonly ports: ReadonlyMap<string, HostPort> = new Map(),
  ) {
    this.kind = sim.kind('timeline.step');
    this.records = steps.map((step, index) => {
      const action = ACTION_KEYS.find((key) => step[key] !== undefined)!;
      const target = action === 'powerLoss' ? 'array' : String(step[action]);
      return { index, id: step.id ?? null, action, target, ...(step.host !== undefined && { host: step.host }), firedNs: -1, doneNs: -1, error: null };
    });
  }

  start(): void {
    this.steps.forEach((step, i) => {
      const record = this.records[i]!;
      if (step.at !== undefined) {
        this.sim.at(Math.max(step.at, this.sim.now), this.kind, () => this.fire(step, record), i);
      } else {
        const parsed = parseCondition(step.when!);
        // The loader refused unparsable conditions; an empty clause list cannot happen.
        this.waiting.push({ step, record, clauses: parsed.ok ? parsed.clauses : [] });
      }
    });
    this.protocol.onStateChange(() => this.checkConditions());
    // Progress clauses ("pair p1 restored 100 tracks") are looked at as tracks come across, only if some step waits on one.
    if (this.waiting.some((w) => w.clauses.some((c) => c.kind === 'pair-restored'))) this.protocol.onTrackCopied(() => this.checkConditions());
    this.checkConditions();
  }

  private checkConditions(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const entry = this.waiting[i]!;
      if (!entry.clauses.every((clause) => this.holds(clause))) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.sim.after(entry.step.after ?? 0, this.kind, () => this.fire(entry.step, entry.record), entry.record.index);
    }
  }

  private holds(clause: Clause): boolean {
    switch (clause.kind) {
      case 'pair-state':
        return this.protocol.verify(clause.pair, clause.state);
      case 'group-state':
        return (this.protocol.groups.get(clause.group) ?? []).every((pair) => pair.state.name === clause.state);
      case 'step-done':
        return this.doneIds.has(clause.step);
      case 'pair-restored': {
        const query = this.protocol.peek(clause.pair);
        return query.state === 'RestInProg' && query.restoredTracks >= clause.tracks;
      }
    }
  }

  private fire(step: StepDoc, record: StepRecord): void {
    record.firedNs = this.sim.now;
    const request = commandOf(step);
    if (request && step.host !== undefined) return this.sendFromHost(step.host, request, record);
    if (request) {
      this.protocol.command(request, (result) => {
        if (!result.ok) record.error = formatCommandError(result.error);
        this.finish(record);
      });
      return;
    }
    if (step.start !== undefined) this.hosts.get(step.start)!.start();
    if (step.stop !== undefined) this.hosts.get(step.stop)!.stop();
    if (step.query !== undefined) this.queries.push(this.protocol.query(step.query));
    this.injectFault(step);
    this.finish(record);
  }

  /** The command travels through the host's front-end path; the step is done, refused or not, when the host has its answer (or its error). */
  private sendFromHost(host: string, request: CommandRequest, record: StepRecord): void {
    const command = this.protocol.fromHost(host, request);
    this.ports.get(host)!.sendCommand(command, () => {
      record.error = command.hostError();
      this.finish(record);
    });
  }

  private injectFault(step: StepDoc): void {
    const faults = this.faults;
    if (!faults) return;
    if (step.failDrive !== undefined) faults.failDrive(step.failDrive);
    if (step.slowDrive !== undefined) faults.slowDrive(step.slowDrive, step.factor ?? 1);
    if (step.mediaError !== undefined) faults.mediaErrorAt(step.mediaError, step.block ?? 0, step.mirror ?? 0);
    if (step.failDirector !== undefined) faults.failDirector(directorIndex(step.failDirector));
    if (step.restartDirector !== undefined) faults.restartDirector(directorIndex(step.restartDirector));
    if (step.powerLoss !== undefined) faults.powerLoss(step.powerLoss, step.vault ?? true);
  }

  private finish(record: StepRecord): void {
    record.doneNs = this.sim.now;
    if (record.id !== null) this.doneIds.add(record.id);
    this.checkConditions();
  }
}

function directorIndex(name: string): number {
  return Number(name.replace(/^fa/, ''));
}

function commandOf(step: StepDoc): CommandRequest | null {
  if (step.establish !== undefined) return { name: 'establish', target: step.establish, options: { incremental: step.incremental ?? false } };
  if (step.split !== undefined) {
    return { name: 'split', target: step.split, options: { consistent: step.consistent ?? false, instant: step.instant ?? false, force: step.force ?? false } };
  }
  if (step.restore !== undefined) {
    return { name: 'restore', target: step.restore, options: { incremental: step.incremental ?? false, protected: step.protected ?? true } };
  }
  return null;
}
