import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { Simulator } from '../engine/simulator.js';
import { Stage, StageLedger } from '../metrics/stage-ledger.js';
import type { DriveRequest, DriveWork } from './drive.js';
import { FixedServiceDrive } from './fixed-drive.js';
import { CHEETAH_15K5 } from './hdd/defaults.js';
import { Hdd } from './hdd/hdd.js';

const MS = 1_000_000;
const COPY: DriveWork = { copy: true, ledger: null };
const OTHER: DriveWork = { copy: false, ledger: null };

describe('a drive queue split by what the drive serves meanwhile', () => {
  it('a host request waiting behind two copy requests and a host one: the copy’s service time is behind the copy, the rest the drive queue', () => {
    const sim = new Simulator({ seed: 1 });
    const drive = new FixedServiceDrive(sim, { name: 'f', serviceNs: 1 * MS });
    const kind = sim.kind('test.submit');
    const submit = (atNs: number, work: DriveWork, done: () => void = () => undefined) =>
      sim.at(atNs, kind, () => drive.submit({ sector: 0, sectors: 8, write: false, work, done }));
    let ledger: StageLedger | null = null;
    submit(0, COPY); // served 0–1 ms
    submit(0.1 * MS, OTHER); // 1–2 ms
    submit(0.2 * MS, COPY); // 2–3 ms
    sim.at(0.3 * MS, kind, () => {
      ledger = new StageLedger(sim, sim.now, Stage.backEnd);
      drive.submit({ sector: 0, sectors: 8, write: false, work: { copy: false, ledger }, done: () => ledger!.enter(Stage.port) }); // 3–4 ms
    });
    sim.run();
    expect(ledger!.finish()).toBe(3.7 * MS);
    expect(ledger!.ns[Stage.behindCopy]).toBe(1.7 * MS); // the rest of the first copy request, and the second
    expect(ledger!.ns[Stage.driveQueue]).toBe(1 * MS);
    expect(ledger!.ns[Stage.driveService]).toBe(1 * MS);
  });

  it('a request that finds the drive idle waits nowhere', () => {
    const sim = new Simulator({ seed: 1 });
    const drive = new FixedServiceDrive(sim, { name: 'f', serviceNs: 2 * MS });
    const ledger = new StageLedger(sim, 0, Stage.backEnd);
    drive.submit({ sector: 0, sectors: 8, write: false, work: { copy: false, ledger }, done: () => undefined });
    sim.run();
    ledger.finish();
    expect([ledger.ns[Stage.driveQueue], ledger.ns[Stage.behindCopy], ledger.ns[Stage.driveService]]).toEqual([0, 0, 2 * MS]);
  });
});

describe('an HDD’s service split into overhead, seek, rotation and transfer', () => {
  /** Random 8 KiB reads over the whole disk, one at a time; each read's ledger and service time. */
  function randomReads(count: number, write = false): { ledger: StageLedger; serviceNs: number }[] {
    const sim = new Simulator({ seed: 3 });
    const drive = new Hdd(sim, CHEETAH_15K5);
    const rng = new Rng('reads');
    const kind = sim.kind('test.issue');
    const out: { ledger: StageLedger; serviceNs: number }[] = [];
    const issue = (): void => {
      const ledger = new StageLedger(sim, sim.now, Stage.backEnd);
      const startNs = sim.now;
      const request: DriveRequest = {
        sector: rng.int(drive.capacitySectors - 16) & ~15,
        sectors: 16,
        write,
        work: { copy: false, ledger },
        done: () => {
          ledger.enter(Stage.port);
          ledger.finish();
          out.push({ ledger, serviceNs: sim.now - startNs });
          if (out.length < count) sim.after(1 * MS, kind, issue);
        },
      };
      drive.submit(request);
    };
    sim.at(0, kind, issue);
    sim.run();
    return out;
  }

  it.each([false, true])('write %s: the parts add up to the service time, and average what the datasheet says (3.5/4.0 ms seek, half a 4 ms turn)', (write) => {
    const reads = randomReads(400, write);
    const mean = (stage: number) => reads.reduce((sum, r) => sum + r.ledger.ns[stage]!, 0) / reads.length / MS;
    for (const { ledger, serviceNs } of reads) {
      const parts = [Stage.driveOverhead, Stage.seek, Stage.rotation, Stage.transfer].map((stage) => ledger.ns[stage]!);
      expect(parts.reduce((a, b) => a + b)).toBe(serviceNs);
      expect(ledger.ns[Stage.rotation]).toBeLessThan(4 * MS);
      expect(ledger.ns[Stage.transfer]).toBeGreaterThan(0);
    }
    // Random positions over the whole disk: the average seek of random pairs (a write adds its settle time), and on average half a turn.
    expect(mean(Stage.seek)).toBeGreaterThan(write ? 3.7 : 3.2);
    expect(mean(Stage.seek)).toBeLessThan(write ? 4.3 : 3.8);
    expect(mean(Stage.rotation)).toBeGreaterThan(1.8);
    expect(mean(Stage.rotation)).toBeLessThan(2.25);
  });
});
