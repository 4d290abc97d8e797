import { Simulator } from '../../engine/simulator.js';
import { NS_PER_MS, usToNs } from '../../engine/time.js';
import { Hdd } from '../hdd/hdd.js';
import type { HddParams } from '../hdd/params.js';
import type { ValidationRecord } from './trace.js';

/**
 * The replay rule: one request outstanding; the first issued at time 0,
 * each next one the *previous* line's think time after the previous
 * completes. Returns each request's simulated response time in ms.
 */
export function replayValidationTrace(params: HddParams, records: readonly ValidationRecord[], seed = 0): number[] {
  const sim = new Simulator({ seed });
  const drive = new Hdd(sim, params);
  const issueKind = sim.kind('drive-check.issue');
  const responsesMs = new Array<number>(records.length);
  let issuedAtNs = 0;
  const issue = (index: number): void => {
    const record = records[index]!;
    issuedAtNs = sim.now;
    drive.submit({
      sector: record.sector,
      sectors: record.sectors,
      write: record.write,
      done: () => {
        responsesMs[index] = (sim.now - issuedAtNs) / NS_PER_MS;
        if (index + 1 < records.length) sim.after(usToNs(record.thinkUs), issueKind, issue, index + 1);
      },
    });
  };
  sim.at(0, issueKind, issue, 0);
  sim.run({ maxEvents: 4 * records.length + 16 });
  return responsesMs;
}
