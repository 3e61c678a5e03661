/**
 * Drill: a flate-bomb PDF (~0.5 MB inflating to 500 MB, past an ingest memory cap
 * of 400 MB) uploaded to a real API process: 422 with a Swedish reason, the API's resident set under 600 MB, and
 * the API healthy afterwards. `npm run drills`: 2 GB inflated, three at once.
 */
import { describe, expect, inject, it } from 'vitest';
import { flateBombDrill } from '../../bench/drills/flate-bomb.js';

describe('a flate-bomb upload', () => {
  it('is answered 422 with a Swedish reason while the API stays under 600 MB', async () => {
    const report = await flateBombDrill({
      meili: { url: inject('meiliUrl'), masterKey: inject('meiliKey') },
      inflatedMb: 500,
      memoryMb: 400,
    });
    console.log(
      `flate bomb: ${report.bombBytes} bytes → ${report.inflatedMb} MB: ${report.status} in ${report.seconds.toFixed(1)} s, API RSS ${report.apiRssBeforeMb} → peak ${report.apiRssPeakMb} MB`,
    );
    expect(report.status).toBe(422);
    expect(report.apiRssPeakMb).toBeLessThan(600);
    expect(report.problems).toEqual([]);
  }, 120_000);
});
