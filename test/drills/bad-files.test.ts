/**
 * Drill: the whole worker CLI on malformed files (test/fixtures/bad, made by
 * bench/make-bad-fixtures.ts) plus an over-size file: each reported with its
 * kind, the good files ingested, no crash, no hang (per-file time limit).
 */
import { describe, expect, inject, it } from 'vitest';
import { badFilesDrill } from '../../bench/drills/bad-files.js';

describe('ingest worker on malformed files', () => {
  it('reports truncated, encrypted, empty, garbage, bomb, image-only, Latin-1 and over-size files by kind and ingests the rest', async () => {
    const report = await badFilesDrill({
      meili: { url: inject('meiliUrl'), masterKey: inject('meiliKey') },
      timeoutMs: 10_000,
    });
    expect(report.problems).toEqual([]);
    // The page-tree bomb is stopped by the time limit; nothing else may take that long.
    expect(report.seconds).toBeLessThan(40);
  }, 90_000);
});
