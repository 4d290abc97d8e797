import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from './load.js';
import { scenarioErrorLines } from './testing/error-lines.js';

describe('reading untrusted YAML', () => {
  // How fast 60 000 keys are refused: `npm run bench` (loaderManyKeys).
  it('refuses duplicate keys with both lines, and 60 000 unknown keys in one line', () => {
    expect(scenarioErrorLines(() => parseScenario('name: a\nduration: 1s\nname: b\n', 'd.yaml'))).toEqual(['d.yaml:3:1: name: duplicate key "name" (first at line 1); expected each key once']);
    expect(scenarioErrorLines(() => parseScenario(Array.from({ length: 60_000 }, (_, i) => `k${i}: ${i}`).join('\n'), 'k.yaml'))).toContain('k.yaml:1:1: k0: unknown key "k0" (and "k1", "k2", "k3", "k4", "k5", … 59994 more)');
  });

  it('refuses tags, non-plain keys, deep nesting and aliases to nothing, each with its place', () => {
    expect(scenarioErrorLines(() => parseScenario('name: !!binary aGk=\n', 't.yaml'))[0]).toMatch(/^t\.yaml:1:\d+: name: the tag !!binary is not accepted: expected plain mappings, lists, strings, numbers and booleans$/);
    expect(scenarioErrorLines(() => parseScenario('? [a]\n: 1\n', 'k.yaml'))[0]).toMatch(/^k\.yaml:1:3: expected a plain key/);
    expect(scenarioErrorLines(() => parseScenario(`name: ${'['.repeat(40)}${']'.repeat(40)}`, 'n.yaml'))[0]).toMatch(/^n\.yaml:1:\d+: name(\[0\])+: nested more than 32 levels deep/);
    expect(scenarioErrorLines(() => parseScenario('name: *nothing\n', 'a.yaml'))[0]).toBe('a.yaml:1:7: name: the alias *nothing names no anchor &nothing set before it; expected an anchor earlier in the file');
    expect(scenarioErrorLines(() => parseScenario('a: 1\n---\nb: 2\n', 'm.yaml'))[0]).toMatch(/the file holds more than one YAML document/);
  });

  it('says .inf and .nan as YAML does, and one problem per place', () => {
    const lines = scenarioErrorLines(() => parseScenario('name: t\nduration: .inf\nseed: .nan\narray: { drives: [], volumes: [] }\n', 'i.yaml'));
    expect(lines).toContain('i.yaml:2:11: duration: expected a duration such as 250ms, 1.5s or 20us (at most about 104 days), got .inf (infinity)');
    expect(lines).toContain('i.yaml:3:7: seed: expected an integer from 0 to 4294967295, got .nan (not a number)');
    expect(lines.filter((l) => l.includes(' seed: '))).toHaveLength(1);
  });

  it('refuses files that are not UTF-8 with the line, directories, and endless devices without reading them whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-yaml-'));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('name: t\nduration: 1s\ndescription: caf\xe9\n', 'latin1'));
    expect(scenarioErrorLines(() => loadScenario(join(dir, 'latin1.yaml')))[0]).toMatch(/latin1\.yaml:3:1: the file is not UTF-8 text \(byte 37 is not valid UTF-8/);
    expect(scenarioErrorLines(() => loadScenario(dir))[0]).toMatch(/cannot read the file \(it is a directory\)|EISDIR/);
    expect(scenarioErrorLines(() => loadScenario('/dev/zero'))[0]).toBe('/dev/zero: the file is larger than 1048576 bytes (1 MiB), the limit for an input file');
  });
});
