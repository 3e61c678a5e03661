/**
 * Latency percentiles from each request's own duration. autocannon's histogram
 * keeps whole milliseconds (hdr-histogram with a lowest discernible value of 1
 * records 1.9 ms as 1), which at one connection, where Meilisearch answers a
 * search in 1–3 ms, made a p50 ratio a ratio of truncated integers. The
 * durations come from autocannon's `response` events, in fractional ms.
 */

/** The p-th percentile (0 < p ≤ 100) by nearest rank, of durations sorted ascending; 0 for none. */
export function percentile(sorted: Float64Array | readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Collects durations in a growable typed array: a 10 s load at 32 connections answers ~10^4–10^5 requests. */
export class Durations {
  private values = new Float64Array(4096);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  /** p50 and p99 of what was added. */
  summary(): { p50: number; p99: number } {
    const sorted = this.values.slice(0, this.count).sort();
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  }
}
