/**
 * The gate every mutant of `npm run bench:mutation` must fail to count as
 * killed, and its limits: the one place to change them. The summary records
 * the arguments.
 */

/**
 * `mirrorsim check` with these arguments (more runs, other seeds, fault
 * scripts...). A fixed seed keeps runs comparable: every mutant meets the
 * same scripts.
 */
export const MUTATION_GATE_ARGS: readonly string[] = ['check', '--runs', '300', '--seed', '1'];

/**
 * CPU seconds one gate run may use: about 6 times what the unmutated gate
 * takes (8-10 s, instrumented). A mutant past it (a loop that never ends, or
 * a simulation that crawls) is killed by SIGXCPU. CPU time, unlike Stryker's
 * wall-clock timeout, does not grow when other work loads the machine.
 */
export const MUTATION_CPU_SECONDS = 60;

/** Heap cap: a mutant that allocates without end dies (SIGABRT) instead of starving a shared machine. */
export const MUTATION_HEAP_MB = 1024;
