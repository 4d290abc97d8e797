import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '../array/faults.js';
import type { HostIo, IoController, IoDone } from '../array/controller.js';
import { smallArrayParts } from '../array/testing/small-array.js';
import { buildWorld } from './build-world.js';
import { DEFAULT_PROTOCOL } from './config.js';
import { Protocol } from './protocol.js';
import { ROUTING } from './routing.js';

/** A probe that notes each host I/O, then hands it to the controller it wraps. */
class Notes implements IoController {
  readonly seen: string[] = [];
  constructor(private readonly inner: IoController) {}
  read(io: HostIo, done: IoDone): void {
    this.seen.push(`read ${io.volume.name}`);
    this.inner.read(io, done);
  }
  write(io: HostIo, done: IoDone): void {
    this.seen.push(`write ${io.volume.name}`);
    this.inner.write(io, done);
  }
}

/** A protocol that records the faults its copy scheduler hears of. */
class Listening extends Protocol {
  readonly heard: string[] = [];
  constructor(...args: ConstructorParameters<typeof Protocol>) {
    super(...args);
    const afterFault = this.copies.afterFault.bind(this.copies);
    this.copies.afterFault = (event: FaultEvent) => {
      this.heard.push(event.kind);
      afterFault(event);
    };
  }
}

const parts = (faults = false) => ({
  ...smallArrayParts({ volumes: ['std', 'bcv'], ...(faults && { faults: { spares: 0 } }) }),
  protocol: DEFAULT_PROTOCOL,
  pairs: [{ name: 'p1', std: 'std', bcv: 'bcv' }],
  groups: [],
});

describe('buildWorld', () => {
  it("connects the front end to the protocol's router: a host I/O to a paired volume is routed by the protocol", () => {
    const given = parts();
    const { sim } = given;
    const { array, protocol, controller, faults } = buildWorld(given);
    expect(controller).toBe(protocol.io);
    expect(array.frontEnd.controller).toBe(protocol.io);
    expect(faults).toBeNull();
    protocol.command({ name: 'establish', target: 'p1', options: { incremental: false } }, () => undefined);
    sim.run();
    const answers: (string | null)[] = [];
    array.frontEnd.submit(0, { host: 'h', volume: array.volume('bcv'), startBlock: 0, blockCount: 1, write: false }, (error) => answers.push(error));
    sim.run();
    // An established BCV does not answer at its address: the protocol, not the array's direct controller, served it.
    expect(answers).toEqual(['not-ready']);
  });

  it('hands the wrapper the router and connects the front end to the wrapper, once', () => {
    const given = parts();
    const { array, protocol, controller } = buildWorld({ ...given, wrapIo: (io) => new Notes(io) });
    expect(array.frontEnd.controller).toBe(controller);
    expect(() => array.frontEnd.connect(protocol.io)).toThrow(/connected once/);
    array.frontEnd.submit(0, { host: 'h', volume: array.volume('std'), startBlock: 0, blockCount: 1, write: true }, () => undefined);
    given.sim.run();
    expect(controller.seen).toEqual(['write std']);
  });

  it('builds the protocol with the factory given, after the fault injector, so that the protocol hears of every fault', () => {
    const { protocol, faults } = buildWorld({ ...parts(true), makeProtocol: (...args) => new Listening(...args) });
    expect(protocol).toBeInstanceOf(Listening);
    faults!.failDirector(0);
    expect((protocol as Listening).heard).toEqual(['director-failed']);
  });

  it('builds the protocol with the parts given, the others its own', () => {
    const { protocol } = buildWorld({ ...parts(), parts: { holdsWrites: () => false } });
    expect(protocol.parts.holdsWrites({ consistent: true, instant: false, force: false })).toBe(false);
    expect(protocol.parts.routing).toBe(ROUTING);
  });
});
