import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import { Fifo } from './fifo.js';

/** Host work is served before background work (copy tasks, destage) when both wait. */
export type Priority = 'host' | 'background';

export interface DirectorConfig {
  readonly name: string;
  /** Processors serving the per-operation overhead in parallel. */
  readonly processors: number;
  /** Operations in progress at once (task slots); more wait in line. */
  readonly maxTasks: number;
  /** Processor time each operation costs when it starts. */
  readonly overheadNs: TimeNs;
}

/** An operation on a director: started once it has its task slot and its processor time; it must call `director.end()` once done. */
export interface Task {
  start(): void;
}

/**
 * A director (front-end host port controller) or a back-end adapter: a
 * bounded number of task slots, and processors that charge a fixed overhead
 * per operation. Waiting work is served host-first, FIFO within a priority.
 */
export class Director {
  private tasksInUse = 0;
  private processorsInUse = 0;
  private readonly waitingForTask = [new Fifo<Task>(), new Fifo<Task>()] as const;
  private readonly waitingForProcessor = new Fifo<Task>();
  private readonly overheadDone: (a: number, b: number) => void;
  private readonly kindOverhead: number;
  private readonly started: Task[] = [];
  private busySinceNs = 0;
  private busyTotalNs = 0;
  /** Operations started, for metrics. */
  operations = 0;
  /** False while failed: the front end refuses its work. */
  online = true;
  /** Bumped by each failure: work begun before it ends without effect on the counts. */
  epoch = 0;

  constructor(
    private readonly sim: Simulator,
    readonly config: DirectorConfig,
  ) {
    if (!(config.processors >= 1 && config.maxTasks >= 1 && config.overheadNs >= 0)) {
      throw new AssertionError(`director ${config.name}: bad configuration ${JSON.stringify(config)}`);
    }
    this.kindOverhead = sim.kind('director.overhead');
    this.overheadDone = (epoch) => {
      if (epoch === this.epoch) this.finishOverhead();
    };
  }

  get tasks(): number {
    return this.tasksInUse;
  }

  get queued(): number {
    return this.waitingForTask[0].size + this.waitingForTask[1].size;
  }

  /** Starts `task` once a task slot and a processor are free. */
  begin(priority: Priority, task: Task): void {
    if (this.tasksInUse < this.config.maxTasks && this.queued === 0) {
      this.takeTask(task);
    } else {
      this.waitingForTask[priority === 'host' ? 0 : 1].push(task);
    }
  }

  /** Releases a task slot taken by `begin` (in `epoch`: a task from before a failure releases nothing). */
  end(epoch: number = this.epoch): void {
    if (epoch !== this.epoch) return;
    if (this.tasksInUse <= 0) throw new AssertionError(`director ${this.config.name}: end() without a task`);
    this.tasksInUse--;
    if (this.tasksInUse === 0) this.busyTotalNs += this.sim.now - this.busySinceNs;
    const next = this.waitingForTask[0].shift() ?? this.waitingForTask[1].shift();
    if (next) this.takeTask(next);
  }

  /**
   * The director fails: everything queued or in progress on it is dropped
   * (whoever gave it the work must fail that work) and it takes none until
   * restarted.
   */
  fail(): void {
    if (this.tasksInUse > 0) this.busyTotalNs += this.sim.now - this.busySinceNs;
    this.online = false;
    this.epoch++;
    this.tasksInUse = 0;
    this.processorsInUse = 0;
    this.started.length = 0;
    for (const queue of [...this.waitingForTask, this.waitingForProcessor]) while (queue.shift()) continue;
  }

  restart(): void {
    this.online = true;
  }

  /** Time with at least one task in progress. */
  busyNs(): TimeNs {
    return this.busyTotalNs + (this.tasksInUse > 0 ? this.sim.now - this.busySinceNs : 0);
  }

  private takeTask(task: Task): void {
    if (this.tasksInUse === 0) this.busySinceNs = this.sim.now;
    this.tasksInUse++;
    this.operations++;
    if (this.config.overheadNs === 0) {
      task.start();
    } else if (this.processorsInUse < this.config.processors) {
      this.processorsInUse++;
      this.started.push(task);
      this.sim.after(this.config.overheadNs, this.kindOverhead, this.overheadDone, this.epoch);
    } else {
      this.waitingForProcessor.push(task);
    }
  }

  private finishOverhead(): void {
    // Overheads are all equal, so they finish in the order they started.
    const task = this.started.shift()!;
    const next = this.waitingForProcessor.shift();
    if (next) {
      this.started.push(next);
      this.sim.after(this.config.overheadNs, this.kindOverhead, this.overheadDone, this.epoch);
    } else {
      this.processorsInUse--;
    }
    task.start();
  }
}
