import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isInputError } from './errors.js';
import { runCommand } from './run-command.js';
import { sweepCommand } from './sweep-command.js';

/**
 * `npm run reports`: runs every shipped experiment (scenarios/experiments/NAME/experiment.yaml)
 * and writes its outputs and report to reports/experiments/NAME/, replacing what was there
 * (so that no chart of an earlier version is left behind), then every fault scenario
 * (scenarios/faults/NAME.yaml) with its report into reports/faults/NAME/.
 * `npm run reports -- NAME…` runs some experiments only.
 */
async function main(names: readonly string[]): Promise<number> {
  const code = await experiments(names);
  if (code !== 0 || names.length > 0) return code;
  return faultReports();
}

async function faultReports(): Promise<number> {
  const root = join('scenarios', 'faults');
  for (const file of readdirSync(root).filter((f) => f.endsWith('.yaml')).sort()) {
    const name = file.replace(/\.yaml$/, '');
    const out = join('reports', 'faults', name);
    rmSync(out, { recursive: true, force: true });
    process.stdout.write(`faults/${name}: `);
    const code = await runCommand(join(root, file), { out, report: true, quiet: true });
    if (code !== 0) return code;
    process.stdout.write(`→ ${out}/report.md\n`);
  }
  return 0;
}

async function experiments(names: readonly string[]): Promise<number> {
  const root = join('scenarios', 'experiments');
  const all = readdirSync(root).filter((name) => existsSync(join(root, name, 'experiment.yaml'))).sort();
  const unknown = names.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`no experiment named ${unknown.join(', ')}; experiments: ${all.join(', ')}\n`);
    return 2;
  }
  for (const name of names.length > 0 ? names : all) {
    const out = join('reports', 'experiments', name);
    rmSync(out, { recursive: true, force: true });
    const startNs = process.hrtime.bigint();
    process.stdout.write(`${name}: `);
    const code = await sweepCommand(join(root, name, 'experiment.yaml'), { out, quiet: true });
    if (code !== 0) return code;
    process.stdout.write(`${(Number(process.hrtime.bigint() - startNs) / 1e9).toFixed(1)} s → ${out}/report.md\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${isInputError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = isInputError(error) ? 2 : 1;
  },
);
