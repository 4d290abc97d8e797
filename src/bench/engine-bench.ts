import { Simulator } from '../engine/simulator.js';

/**
 * The bare engine: `actors` self-rescheduling events with pseudo-random
 * delays, so the queue holds `actors` entries throughout. Returns the number
 * of events fired (the caller times it).
 */
export function runEngineBench(actors: number, events: number): { events: number; traceHash: string } {
  const sim = new Simulator({ seed: 1 });
  const kind = sim.kind('bench.tick');
  let left = events - actors;
  const tick = (actor: number) => {
    if (left-- > 0) sim.after(1 + ((actor * 7919 + left) % 1000), kind, tick, actor);
  };
  for (let actor = 0; actor < actors; actor++) sim.at(actor, kind, tick, actor);
  const outcome = sim.run();
  return { events: outcome.events, traceHash: sim.trace.hash() };
}
