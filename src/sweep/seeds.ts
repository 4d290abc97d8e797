/**
 * The seed of the k-th run at every grid point, from the experiment's base
 * seed. Every point uses the same seeds (common random numbers): two points
 * then differ by their parameters, not by the luck of their random streams,
 * which narrows the differences a sweep measures. The seeds are spread by a
 * 32-bit mixing function (MurmurHash3's finaliser over a golden-ratio step),
 * so that base seeds 1 and 2 do not share runs.
 */
export function deriveSeed(baseSeed: number, k: number): number {
  let z = (baseSeed + Math.imul(k + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
