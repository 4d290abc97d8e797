import { describe, expect, it } from 'vitest';
import { Simulator } from '../../engine/simulator.js';
import { SECTOR_BYTES } from '../drive.js';
import { resolveSsdConfig, transferNs, type SsdConfig, type SsdOptions } from './ssd-config.js';
import { Ssd } from './ssd.js';

interface NaivePage { readonly unit: number; readonly transferNs: number; readonly write: boolean; readonly request: NaiveRequest }
interface NaiveRequest { pagesLeft: number; readonly done: () => void }

/**
 * The same model written the obvious way, to check the fast one against: an
 * event at every step, explicit FIFO queues for units and channels, nothing
 * computed ahead.
 */
class NaiveSsd {
  private readonly unitQueues: NaivePage[][];
  private readonly unitBusy: boolean[];
  private readonly channelQueues: NaivePage[][];
  private readonly channelBusy: boolean[];
  private readonly kind: number;

  constructor(private readonly sim: Simulator, private readonly config: SsdConfig, private readonly unitOf: (page: number) => number) {
    const units = config.channels * config.diesPerChannel * config.planesPerDie;
    this.unitQueues = Array.from({ length: units }, () => []);
    this.unitBusy = new Array<boolean>(units).fill(false);
    this.channelQueues = Array.from({ length: config.channels }, () => []);
    this.channelBusy = new Array<boolean>(config.channels).fill(false);
    this.kind = sim.kind('naive');
  }

  submit(sector: number, sectors: number, write: boolean, done: () => void): void {
    const byteStart = sector * SECTOR_BYTES;
    const byteEnd = byteStart + sectors * SECTOR_BYTES;
    const pages: NaivePage[] = [];
    const request: NaiveRequest = { pagesLeft: 0, done };
    for (let page = Math.floor(byteStart / this.config.pageBytes); page * this.config.pageBytes < byteEnd; page++) {
      const from = Math.max(byteStart, page * this.config.pageBytes);
      const to = Math.min(byteEnd, (page + 1) * this.config.pageBytes);
      pages.push({ unit: this.unitOf(page), transferNs: transferNs(this.config, to - from), write, request });
    }
    request.pagesLeft = pages.length;
    this.later(this.config.overheadNs, () => pages.forEach((page) => this.arriveAtUnit(page)));
  }

  private later(delayNs: number, action: () => void): void {
    this.sim.after(delayNs, this.kind, action);
  }

  private arriveAtUnit(page: NaivePage): void {
    this.unitQueues[page.unit]!.push(page);
    if (!this.unitBusy[page.unit]) this.startUnit(page.unit);
  }

  private startUnit(unit: number): void {
    const page = this.unitQueues[unit]!.shift()!;
    this.unitBusy[unit] = true;
    if (page.write) this.askChannel(page);
    else this.later(this.config.readNs, () => this.askChannel(page));
  }

  private channelOf(page: NaivePage): number {
    return Math.floor(page.unit / (this.config.diesPerChannel * this.config.planesPerDie));
  }

  private askChannel(page: NaivePage): void {
    const channel = this.channelOf(page);
    this.channelQueues[channel]!.push(page);
    if (!this.channelBusy[channel]) this.startTransfer(channel);
  }

  private startTransfer(channel: number): void {
    const page = this.channelQueues[channel]!.shift()!;
    this.channelBusy[channel] = true;
    this.later(page.transferNs, () => {
      this.channelBusy[channel] = false;
      if (this.channelQueues[channel]!.length > 0) this.startTransfer(channel);
      if (page.write) this.later(this.config.programNs, () => this.pageDone(page));
      else this.pageDone(page);
    });
  }

  private pageDone(page: NaivePage): void {
    this.unitBusy[page.unit] = false;
    if (this.unitQueues[page.unit]!.length > 0) this.startUnit(page.unit);
    if (--page.request.pagesLeft === 0) page.request.done();
  }
}

/** Random sizes, offsets, reads and writes at random instants; returns each request's response time. */
function responses(options: SsdOptions, naive: boolean, seed: number, spreadNs: number): number[] {
  const sim = new Simulator({ seed });
  const ssd = new Ssd(sim, options);
  const reference = new NaiveSsd(sim, resolveSsdConfig(options), (page) => ssd.unitOf(page));
  const rng = sim.rng.stream('workload');
  const kind = sim.kind('arrival');
  const responseNs: number[] = [];
  for (let i = 0; i < 4_000; i++) {
    sim.at(rng.int(spreadNs), kind, () => {
      const sectors = 1 + rng.int(300);
      const sector = rng.int(4_000);
      const write = rng.chance(0.3);
      const submittedNs = sim.now;
      const done = (): void => {
        responseNs[i] = sim.now - submittedNs;
      };
      if (naive) reference.submit(sector, sectors, write, done);
      else ssd.submit({ sector, sectors, write, done });
    });
  }
  sim.run();
  expect(responseNs.filter((ns) => ns > 0)).toHaveLength(4_000);
  return responseNs;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('Ssd against a naive implementation of the same model (4 000 requests of 1–300 sectors, 30 % writes)', () => {
  // With one unit per channel, no two pages ever ask a channel at the same
  // instant, so the two must agree request for request.
  const exact: [string, SsdOptions][] = [
    ['1 channel × 1 die, 16 KiB pages, no overhead', { name: 'a', channels: 1, diesPerChannel: 1, pageBytes: 16_384, readNs: 13_001, programNs: 50_003, channelMBps: 1_200, overheadNs: 0 }],
    ['4 channels × 1 die, 4 KiB pages', { name: 'b', channels: 4, diesPerChannel: 1, pageBytes: 4_096, readNs: 61_007, programNs: 402_011, channelMBps: 401, overheadNs: 7_013 }],
  ];
  it.each(exact)('%s: identical response times, overloaded and at moderate load', (_, options) => {
    for (const spreadNs of [40_000_000, 4_000_000_000]) {
      expect(responses(options, false, 5, spreadNs)).toEqual(responses(options, true, 5, spreadNs));
    }
  });

  // With several units on a channel, two pages can ask it at the same instant
  // (times are sums of the same few constants), and the two implementations
  // may serve such a tie in either order — both FIFO. From there the runs
  // drift apart request by request, but not in distribution.
  const statistical: [string, SsdOptions][] = [
    ['defaults, on a 2 MB span (heavy contention)', { name: 'c' }],
    ['2 channels × 3 dies × 2 planes, 4 KiB pages', { name: 'd', channels: 2, diesPerChannel: 3, planesPerDie: 2, pageBytes: 4_096, readNs: 41_003, programNs: 297_011, channelMBps: 577, overheadNs: 9_001 }],
  ];
  it.each(statistical)('%s: same mean, median and 99th percentile within 1 per cent', (_, options) => {
    const fast = responses(options, false, 5, 40_000_000);
    const slow = responses(options, true, 5, 40_000_000);
    const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(Math.abs(mean(fast) / mean(slow) - 1)).toBeLessThan(0.01);
    for (const q of [0.5, 0.99]) expect(Math.abs(quantile(fast, q) / quantile(slow, q) - 1)).toBeLessThan(0.01);
  });
});
