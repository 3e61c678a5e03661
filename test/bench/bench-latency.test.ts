import { describe, expect, it } from 'vitest';
import { Durations, percentile } from '../../bench/latency.js';

describe('benchmark latency percentiles', () => {
  it("keeps fractions of a millisecond, where autocannon's histogram keeps whole ones", () => {
    const d = new Durations();
    for (const ms of [1.9, 1.4, 2.6, 1.6, 1.45]) d.add(ms);
    expect(d.summary()).toEqual({ p50: 1.6, p99: 2.6 });
  });

  it('takes the nearest rank, and grows past its first buffer', () => {
    const d = new Durations();
    for (let i = 10_000; i >= 1; i--) d.add(i / 1000);
    expect(d.size).toBe(10_000);
    expect(d.summary()).toEqual({ p50: 5, p99: 9.9 });
    expect(percentile([], 50)).toBe(0);
    expect(percentile([3], 99)).toBe(3);
  });
});
