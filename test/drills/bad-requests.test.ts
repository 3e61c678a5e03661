/**
 * Drill: generated hostile requests (filter injection, huge and malformed
 * values, path tricks, bad uploads) against the real API process: no 5xx, no
 * crash, index and corpus unchanged. CI: 300; `npm run drills`: 1,000.
 */
import { describe, expect, inject, it } from 'vitest';
import { badRequestsDrill } from '../../bench/drills/bad-requests.js';

describe('hostile requests', () => {
  it('never answer 5xx, never crash the API and never change the index', async () => {
    const report = await badRequestsDrill({
      meili: { url: inject('meiliUrl'), masterKey: inject('meiliKey') },
      count: 300,
      seed: 2,
    });
    expect(report.problems).toEqual([]);
  }, 120_000);
});
