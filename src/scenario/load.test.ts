import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from './load.js';
import { scenarioErrorLines } from './testing/error-lines.js';


const minimal = (extra = '') => `name: t
duration: 1s
array:
  drives: [{ name: d0, model: fixed, service: 1ms }]
  volumes: [{ name: v, size: 1MiB, drives: [d0] }]
${extra}`;

describe('loading scenarios', () => {
  it('loads every shipped scenario', () => {
    for (const file of ['baseline', 'protected-restore', 'full-vs-incremental', 'unprotected-restore', 'consistent-group-split', 'bcv-independent-access']) {
      expect(loadScenario(`scenarios/${file}.yaml`).doc.name).toBe(file);
    }
  });

  it('names the file, line, path and expectation of a wrong type', () => {
    const lines = scenarioErrorLines(() => loadScenario('src/scenario/testdata/broken.yaml'));
    expect(lines).toContain('src/scenario/testdata/broken.yaml:15:13: hosts[1].workload.skew: expected a positive number up to 10, got "high"');
  });

  it('reports references that do not resolve, with what exists', () => {
    const scenario = 'src/scenario/testdata/broken.yaml';
    const text = readFileSync(scenario, 'utf8').replace('skew: high', 'skew: 0.9');
    const lines = scenarioErrorLines(() => parseScenario(text, scenario));
    expect(lines).toEqual([`${scenario}:7:47: array.volumes[0].drives[2]: no drive named d9; drives: d0, d1, d2, d3`]);
  });

  it('refuses unknown keys by name, with their position', () => {
    const lines = scenarioErrorLines(() => parseScenario(minimal('hosts:\n  - { name: h, workload: { volumes: [v], iops: 1, skwe: 2 } }'), 'x.yaml'));
    expect(lines).toEqual(['x.yaml:7:51: hosts[0].workload.skwe: unknown key "skwe"']);
  });

  it('explains option combinations that make no sense', () => {
    const lines = scenarioErrorLines(() => parseScenario(minimal('hosts:\n  - { name: h, workload: { volumes: [v], skew: 1, iops: 1 } }'), 'x.yaml'));
    expect(lines[0]).toMatch(/hosts\[0\]\.workload\.skew: skew applies only to distribution: zipf/);
    const both = scenarioErrorLines(() => parseScenario(minimal('hosts:\n  - { name: h, workload: { volumes: [v], iops: 1, queueDepth: 2 } }'), 'x.yaml'));
    expect(both[0]).toMatch(/expected exactly one of iops \(open loop\) or queueDepth \(closed loop\)/);
  });

  it('refuses unknown states and steps waiting for each other in a cycle', () => {
    const pairs = `pairs: [{ name: p, std: v, bcv: w }]`;
    const base = minimal().replace('volumes: [{ name: v, size: 1MiB, drives: [d0] }]', 'volumes: [{ name: v, size: 1MiB, drives: [d0] }, { name: w, size: 1MiB, drives: [d0] }]');
    const cycle = `${base}${pairs}
timeline:
  - { id: a, when: step b done, split: p }
  - { id: b, when: step a done and pair p is Happy, split: p }
  - { id: c, when: step c done, split: p }`;
    const lines = scenarioErrorLines(() => parseScenario(cycle, 'c.yaml'));
    expect(lines.some((l) => /unknown state "Happy"/.test(l))).toBe(true);
    expect(lines.some((l) => /steps wait for each other in a cycle: c → c/.test(l))).toBe(true);
  });

  it('refuses invalid YAML, with the line, and alias bombs', () => {
    expect(scenarioErrorLines(() => parseScenario('name: [unclosed\nduration: 1s', 'y.yaml'))[0]).toMatch(/^y\.yaml:\d+:\d+: not valid YAML/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(scenarioErrorLines(() => parseScenario(bomb, 'bomb.yaml'))[0]).toMatch(/bomb\.yaml: aliases expand to too much data/);
  });

  it('refuses volumes that do not fit on their drives, pairs of unequal volumes', () => {
    const text = minimal().replace('size: 1MiB', 'size: 2TiB') + 'pairs: [{ name: p, std: v, bcv: v }]';
    const lines = scenarioErrorLines(() => parseScenario(text, 'f.yaml'));
    expect(lines.some((l) => /does not fit: drive d0 holds 1 TiB/.test(l))).toBe(true);
    expect(lines.some((l) => /a volume cannot be its own BCV/.test(l))).toBe(true);
  });

  it('refuses named files that are directories or devices, and DiskSim descriptions that do not parse', () => {
    const trace = minimal('hosts: [{ name: h, workload: { trace: /dev/zero, volume: v } }, { name: g, workload: { trace: ., volume: v } }]');
    const lines = scenarioErrorLines(() => parseScenario(trace, 'x.yaml'));
    expect(lines).toContain('x.yaml:6:39: hosts[0].workload.trace: /dev/zero is not a regular file (expected a file, found a device, pipe or socket)');
    expect(lines.some((l) => /hosts\[1\]\.workload\.trace: \S+ is not a regular file \(expected a file, found a directory\)/.test(l))).toBe(true);
    const disksim = minimal().replace('{ name: d0, model: fixed, service: 1ms }', '{ name: d0, model: disksim, description: testdata/broken-disk }');
    expect(scenarioErrorLines(() => parseScenario(disksim, 'src/scenario/x.yaml'))[0]).toMatch(
      /^src\/scenario\/x\.yaml:4:\d+: array\.drives\[0\]\.description: the DiskSim description cannot be used: \S+broken-disk\.model:\d+: /,
    );
  });

  it('takes a DiskSim run file (.parv) as a drive description, and refuses a volume larger than the drive it builds', () => {
    const parv = (size: string): string =>
      minimal()
        .replace('{ name: d0, model: fixed, service: 1ms }', '{ name: d0, model: disksim, description: ../../scenarios/data/disksim-validation/atlas10k.parv }')
        .replace('size: 1MiB', `size: ${size}`);
    // 17 938 986 sectors of 512 bytes: 8.55 GiB.
    expect(parseScenario(parv('8GiB'), 'src/scenario/x.yaml').doc.name).toBe('t');
    expect(scenarioErrorLines(() => parseScenario(parv('9GiB'), 'src/scenario/x.yaml')).some((l) => /does not fit: drive d0 holds/.test(l))).toBe(true);
  });

  it('names a file that cannot be read, and one that is not UTF-8', () => {
    expect(scenarioErrorLines(() => loadScenario('no/such/file.yaml'))).toEqual(['no/such/file.yaml: cannot read the file (ENOENT)']);
  });
});
