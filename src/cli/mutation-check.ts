import { GATE_EXIT_LINE } from '../bench/mutation-summary.js';
import { main } from './main.js';
import { MUTATION_GATE_ARGS } from './mutation-gate.js';

/**
 * The command Stryker runs for each mutant (stryker.config.mjs): the gate,
 * in this process, on the instrumented dist/ of the sandbox. The active
 * mutant comes from the environment (`__STRYKER_ACTIVE_MUTANT__`), read by
 * the instrumented modules when they load. Exit 0: the mutant survived.
 */
const code = await main(['node', 'mirrorsim', ...MUTATION_GATE_ARGS]);
// Stryker keeps a killed mutant's output: this last line tells the summary how the gate failed.
process.stdout.write(`\n${GATE_EXIT_LINE}${code}\n`);
process.exitCode = code;
