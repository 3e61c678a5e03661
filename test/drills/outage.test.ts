/**
 * Drill: Meilisearch stopped while the API (a real `src/main.ts` process) is
 * under load: every request answered with 503 problem+json within a second,
 * no crash, and full service within 5 s of Meilisearch being back on the same
 * data folder and port.
 */
import { describe, expect, it } from 'vitest';
import { outageDrill } from '../../bench/drills/outage.js';

describe('Meilisearch outage under load', () => {
  it('answers 503 problem+json within a second while it is down and recovers within 5 s', async () => {
    const report = await outageDrill({ protocols: 10, concurrency: 8, healthyMs: 1500, outageMs: 3000, afterMs: 5000 });
    expect(report.duringOutage.requests).toBeGreaterThan(20);
    expect(report.problems).toEqual([]);
  }, 90_000);
});
