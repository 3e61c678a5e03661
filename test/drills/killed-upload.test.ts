/**
 * Drill: an API killed with SIGKILL mid-upload leaves its temp file in
 * uploads/; the next start removes it, logs it and reports it in /health.
 */
import { describe, expect, inject, it } from 'vitest';
import { killedUploadDrill } from '../../bench/drills/killed-upload.js';

describe('an API killed in the middle of an upload', () => {
  it('leaves a temp file that the next start removes and reports', async () => {
    const report = await killedUploadDrill({ meili: { url: inject('meiliUrl'), masterKey: inject('meiliKey') } });
    console.log(`killed upload: ${JSON.stringify(report)}`);
    expect(report.leftAfterKill).toBe(true);
    expect(report.goneAfterRestart).toBe(true);
    expect(report.healthReported).toBe(1);
    expect(report.problems).toEqual([]);
  }, 120_000);
});
