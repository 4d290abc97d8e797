import { spawnSync } from 'node:child_process';
import { GATE_EXIT_LINE } from '../bench/mutation-summary.js';
import { MUTATION_CPU_SECONDS, MUTATION_GATE_ARGS, MUTATION_HEAP_MB } from './mutation-gate.js';

/**
 * The command Stryker runs for each mutant (stryker.config.mjs): the gate on
 * the instrumented dist/ of the sandbox, under a CPU-time limit and a heap
 * cap. The active mutant comes from the environment
 * (`__STRYKER_ACTIVE_MUTANT__`, inherited), read by the instrumented modules
 * when they load. Exit 0: the mutant survived; anything else kills it.
 */
const limits = `ulimit -S -c 0 && ulimit -S -t ${MUTATION_CPU_SECONDS}`;
const gate = spawnSync('sh', ['-c', `${limits} && exec node --max-old-space-size=${MUTATION_HEAP_MB} bin/mirrorsim.js "$@"`, 'sh', ...MUTATION_GATE_ARGS], { stdio: 'inherit' });
if (gate.error) throw gate.error;
// Stryker keeps a killed mutant's output: this last line tells the summary how the gate failed
// (its exit code, or the signal that ended it: SIGXCPU over the CPU limit, SIGABRT out of memory).
process.stdout.write(`\n${GATE_EXIT_LINE}${gate.signal ?? gate.status}\n`);
process.exitCode = gate.status ?? 1;
