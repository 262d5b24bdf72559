/**
 * A small seeded PRNG (mulberry32) and helpers. The generator draws every value from it, so a seed
 * always produces the same city, byte for byte, and any record can be rebuilt from its index
 * (`derive(seed, …indices)`) without replaying the stream before it — which is what lets a load
 * resume in the middle.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of integers (FNV-1a over their bytes): seeds for independent sub-streams. */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    let v = value >>> 0;
    for (let i = 0; i < 4; i += 1) {
      h ^= v & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
      v >>>= 8;
    }
  }
  return h >>> 0;
}

/** A generator of its own for one record: the same indices always give the same values. */
export function derive(seed: number, ...indices: number[]): Random {
  return mulberry32(hashInts(seed, ...indices));
}

export function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Distinct items, 1..max of them. */
export function some<T>(random: Random, items: readonly T[], max: number): T[] {
  const count = int(random, 1, Math.min(max, items.length));
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < count; i += 1) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

/** A weighted choice; weights need not sum to 1. */
export function weighted<T>(random: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

/**
 * A heavy-tailed positive number with the given mean (log-normal, sigma ~0.9): most communities
 * are ordinary, a few are much busier — which is what makes a benchmark's slow paths show.
 */
export function skewed(random: Random, mean: number, sigma = 0.9): number {
  // Box–Muller; 1 - random() keeps the log away from 0.
  const u = 1 - random();
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return mean * Math.exp(sigma * normal - (sigma * sigma) / 2);
}

/**
 * Splits `total` into integers proportional to `weights` that add up to exactly `total`
 * (largest remainder; ties to the lower index, so it is deterministic).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return apportion(total, weights.map(() => 1));
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left -= 1) {
    const i = order[k]![1];
    counts[i] = counts[i]! + 1;
  }
  return counts;
}
