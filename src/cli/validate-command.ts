import { loadScenario } from '../scenario/load.js';
import { EXIT } from './exit-codes.js';
import { isInputError } from './errors.js';
import { limitOverrides, type LimitFlags } from './limit-options.js';

/** `mirrorsim validate`: loads each scenario; reports every problem; exit 2 if any file is invalid. */
export function validateCommand(files: readonly string[], flags: LimitFlags = {}): number {
  const limits = limitOverrides(flags);
  let code: number = EXIT.ok;
  for (const file of files) {
    try {
      const scenario = loadScenario(file, { limits });
      process.stdout.write(`${file}: ok (${scenario.doc.name})\n`);
    } catch (error) {
      if (!isInputError(error)) throw error;
      process.stderr.write(`${error.message}\n`);
      code = EXIT.usage;
    }
  }
  return code;
}
