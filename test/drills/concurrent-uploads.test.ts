/**
 * Drill: uploads at the same moment. Eight uploads of the same bytes give one
 * 201 and seven 409s linking to the winner; six different protocols at once all
 * give 201; afterwards every agenda item belongs to a protocol that exists and
 * no protocol repeats another's bytes. A Meilisearch killed while uploads are
 * written makes them answer 503 (never 500) and leaves no orphan items.
 */
import { describe, expect, inject, it } from 'vitest';
import { concurrentUploadsDrill } from '../../bench/drills/concurrent-uploads.js';

describe('uploads at the same moment', () => {
  const meili = () => ({ url: inject('meiliUrl'), masterKey: inject('meiliKey') });

  it('admit one ingest per content: 8 identical → one 201 and seven 409; 6 distinct → six 201; no orphans', async () => {
    const report = await concurrentUploadsDrill({ meili: meili(), identical: 8, distinct: 6 });
    console.log(`concurrent uploads: ${JSON.stringify(report)}`);
    expect(report.identical.filter((s) => s === 201)).toHaveLength(1);
    expect(report.identical.filter((s) => s === 409)).toHaveLength(7);
    expect(report.distinct).toEqual([201, 201, 201, 201, 201, 201]);
    expect(report.orphanItems).toBe(0);
    expect(report.problems).toEqual([]);
  }, 120_000);

  it('answer 503, never 500, when Meilisearch is killed during the writes, and leave no orphan items', async () => {
    const report = await concurrentUploadsDrill({ meili: meili(), identical: 2, distinct: 4, crash: true });
    console.log(`uploads during a Meilisearch crash: ${JSON.stringify(report)}`);
    expect(report.duringCrash.every((s) => s === 201 || s === 503)).toBe(true);
    expect(report.orphanItems).toBe(0);
    expect(report.problems).toEqual([]);
  }, 120_000);
});
