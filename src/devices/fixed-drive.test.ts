import { describe, expect, it } from 'vitest';
import { Simulator } from '../engine/simulator.js';
import type { DriveError } from './drive.js';
import { FixedServiceDrive } from './fixed-drive.js';

const SERVICE_NS = 10_000;
const REQUESTS = 500_000;

/** Poisson arrivals into an M/D/1 station; returns the mean response time (queueing + service). */
function md1MeanResponseNs(seed: number, load: number): number {
  const sim = new Simulator({ seed });
  const drive = new FixedServiceDrive(sim, { name: 'md1', serviceNs: SERVICE_NS });
  const rng = sim.rng.stream('arrivals');
  const kind = sim.kind('arrival');
  let issued = 0;
  let responseTotalNs = 0;
  const arrive = (): void => {
    const submittedNs = sim.now;
    drive.submit({ sector: 0, sectors: 8, write: false, done: () => (responseTotalNs += sim.now - submittedNs) });
    if (++issued < REQUESTS) sim.after(rng.exponential(SERVICE_NS / load), kind, arrive);
  };
  sim.at(0, kind, arrive);
  sim.run();
  return responseTotalNs / REQUESTS;
}

describe('FixedServiceDrive', () => {
  // Pollaczek–Khinchine for deterministic service: W = ρS / (2(1−ρ)), response = S + W.
  it.each([0.5, 0.8])('M/D/1 at load %s: mean response time within 5 per cent of Pollaczek–Khinchine', (load) => {
    const formulaNs = SERVICE_NS + (load * SERVICE_NS) / (2 * (1 - load));
    expect(Math.abs(md1MeanResponseNs(13, load) / formulaNs - 1)).toBeLessThan(0.05);
  });

  it('serves FIFO, one at a time, and keeps outstanding and busy time', () => {
    const sim = new Simulator({ seed: 1 });
    const drive = new FixedServiceDrive(sim, { name: 'f', serviceNs: 100 });
    const finished: [number, number][] = [];
    const submit = (id: number): void =>
      drive.submit({ sector: id, sectors: 1, write: id % 2 === 1, done: (error: DriveError | null) => {
        expect(error).toBeNull();
        finished.push([id, sim.now]);
      } });
    const kind = sim.kind('submit');
    sim.at(0, kind, () => [0, 1, 2].forEach(submit));
    sim.at(50, kind, () => expect(drive.outstanding).toBe(3));
    sim.at(1_000, kind, () => submit(3));
    sim.run();
    expect(finished).toEqual([[0, 100], [1, 200], [2, 300], [3, 1_100]]);
    expect(drive.outstanding).toBe(0);
    expect(drive.busyNs()).toBe(400);
  });

  it('a caller may submit again from done', () => {
    const sim = new Simulator({ seed: 1 });
    const drive = new FixedServiceDrive(sim, { name: 'f', serviceNs: 7 });
    let left = 1_000;
    const again = (): void => {
      if (--left > 0) drive.submit({ sector: 0, sectors: 1, write: false, done: again });
    };
    drive.submit({ sector: 0, sectors: 1, write: false, done: again });
    sim.run();
    expect(sim.now).toBe(7_000);
    expect(drive.busyNs()).toBe(7_000);
  });

  it('refuses requests outside the drive and beyond its bound', () => {
    const sim = new Simulator({ seed: 1 });
    const drive = new FixedServiceDrive(sim, { name: 'f', serviceNs: 1, capacitySectors: 100, outstandingMax: 2 });
    const done = (): void => undefined;
    expect(() => drive.submit({ sector: 99, sectors: 2, write: false, done })).toThrow(/outside/);
    expect(() => drive.submit({ sector: -1, sectors: 1, write: false, done })).toThrow(/outside/);
    expect(() => drive.submit({ sector: 0, sectors: 0, write: false, done })).toThrow(/outside/);
    drive.submit({ sector: 0, sectors: 1, write: false, done });
    drive.submit({ sector: 0, sectors: 1, write: false, done });
    expect(() => drive.submit({ sector: 0, sectors: 1, write: false, done })).toThrow(/more than 2/);
  });
});
