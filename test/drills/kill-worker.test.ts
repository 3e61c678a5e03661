/**
 * Drill: kill -9 the ingest worker (the real CLI as a child process) at random
 * points, restart it, and the index equals a clean run's. CI size: 3 kills over
 * 20 protocols; `npm run drills` does 12 over 300.
 */
import { describe, expect, inject, it } from 'vitest';
import { killDrill } from '../../bench/drills/kill-worker.js';

describe('ingest worker killed with SIGKILL mid-run', () => {
  it('resumes to exactly the index of a clean run: same ids and hashes, no duplicates, nothing missing', async () => {
    const report = await killDrill({
      meili: { url: inject('meiliUrl'), masterKey: inject('meiliKey') },
      protocols: 20,
      kills: 3,
      seed: 11,
    });
    // A kill that came too late (the worker had already exited) proves nothing: at least one must land.
    expect(report.kills.filter((k) => k.signal === 'SIGKILL').length).toBeGreaterThanOrEqual(1);
    expect(report.problems).toEqual([]);
  }, 150_000);
});
