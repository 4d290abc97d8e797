/**
 * The gate every mutant of `npm run bench:mutation` must fail to count as
 * killed: `mirrorsim check` with these arguments. The one place to change
 * them (more runs, other seeds, fault scripts); the summary records them.
 * A fixed seed keeps runs comparable: the same mutant meets the same scripts.
 */
export const MUTATION_GATE_ARGS: readonly string[] = ['check', '--runs', '300', '--seed', '1'];
