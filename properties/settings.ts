/**
 * The pinned settings of the property suite: test names and results are
 * stable from run to run. Fresh seeds and longer runs are one command away:
 * `npx mirrorsim check --time 10min` (a fresh seed, printed) or
 * `npx mirrorsim check --runs 20000 --seed <n>`.
 */
export const SUITE_SEED = 4;
/** Scripts per property in `npm test` (the default size). */
export const SUITE_RUNS = 400;
