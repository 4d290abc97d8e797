import { parseScenario, parseYamlInput, readInputText } from '../scenario/load.js';
import { EXIT } from './exit-codes.js';
import { limitOverrides, type LimitFlags } from './limit-options.js';

/**
 * `mirrorsim validate`: loads each file — a scenario, or an experiment (a
 * file with `scenario` and `grid`), checked with its base scenario and every
 * point's scenario as `sweep` would (against their own limits: sweep takes
 * no limit flags); reports every problem; exit 2 if any file is invalid.
 */
export async function validateCommand(files: readonly string[], flags: LimitFlags = {}): Promise<number> {
  const limits = limitOverrides(flags);
  let code: number = EXIT.ok;
  for (const file of files) {
    try {
      const text = readInputText(file);
      const what = isExperiment(parseYamlInput(text, file).raw) ? await describeExperiment(text, file) : parseScenario(text, file, { limits }).doc.name;
      process.stdout.write(`${file}: ok (${what})\n`);
    } catch (error) {
      // Loaded only now: errors.js imports every kind of input error's module, the sweep's among them.
      const { isInputError } = await import('./errors.js');
      if (!isInputError(error)) throw error;
      process.stderr.write(`${error.message}\n`);
      code = EXIT.usage;
    }
  }
  return code;
}

async function describeExperiment(text: string, file: string): Promise<string> {
  // The sweep's modules load only for an experiment: validating scenarios should start fast (docs/command-line.md, "Starting fast").
  const { parseExperiment } = await import('../sweep/load-experiment.js');
  const { experiment, points } = parseExperiment(text, file);
  const runs = points.length * experiment.seeds;
  return `experiment ${experiment.name}: ${points.length} points × ${experiment.seeds} seeds = ${runs} runs of ${experiment.scenarioName}`;
}

/** An experiment names its base scenario and a grid; anything else is read as a scenario (whose errors then say what is wrong). */
function isExperiment(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'grid' in raw && 'scenario' in raw;
}
