/** A seeded random number: the same seed gives the same sequence on every platform. */
export type Rng = () => number;

/**
 * mulberry32: a tiny, fast 32-bit PRNG, numbers in [0, 1). The project's one PRNG: the corpus
 * generator draws every choice from it, and the search-quality checks their sample queries.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
