/**
 * Drill: kill -9 the embedded Meilisearch of a real API process under search
 * load: the supervisor restarts it, every request is answered meanwhile, all
 * endpoints answer 200 within 5 s of its restart, and the index is unchanged.
 * CI: 10 protocols, one kill; `npm run drills`: 60 protocols, three kills.
 */
import { describe, expect, it } from 'vitest';
import { meiliCrashDrill } from '../../bench/drills/meili-crash.js';

describe('embedded Meilisearch killed with SIGKILL under load', () => {
  it('is restarted by the API, which answers 200 again within 5 s of the restart with nothing lost', async () => {
    const report = await meiliCrashDrill({ protocols: 10, concurrency: 4, healthyMs: 1000, afterMs: 5000 });
    console.log(`meili kill -9: ${JSON.stringify(report.kills)}; ${report.requests} requests`);
    expect(report.kills).toHaveLength(1);
    expect(report.restartsReported).toBe(1);
    expect(report.problems).toEqual([]);
  }, 120_000);
});
