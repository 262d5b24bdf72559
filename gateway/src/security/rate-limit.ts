/**
 * Per-identity token buckets, per worker process: a caller gets `perMinute` requests a minute
 * with bursts up to the same number. With N workers the cluster-wide ceiling is N× this; the
 * limit is about stopping one caller from starving the rest, not about exact accounting.
 */
export class RateLimiter {
  readonly #perMinute: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  /** Takes one token for `key`; returns the seconds to wait when there is none. */
  take(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const rate = this.#perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: this.#perMinute, at: now };
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(key, bucket);
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / rate / 1000) };
    }
    bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 100_000) this.#evictFull(now);
    return { allowed: true };
  }

  /** Buckets that have refilled are indistinguishable from new ones: drop them. */
  #evictFull(now: number): void {
    const rate = this.#perMinute / 60_000;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * rate >= this.#perMinute) this.#buckets.delete(key);
    }
  }
}
