/**
 * Drill: kill -9 the embedded Meilisearch of a real API process (`src/main.ts`
 * with no MEILI_URL) while clients search. The API's supervisor restarts it
 * by itself; meanwhile every request is answered (503 problem+json); within 5 s
 * of Meilisearch answering again every endpoint answers 200; and the index
 * holds exactly what it held before (nothing lost).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../domain/store/server.js';
import { writeCorpus as generateCorpus } from '../lib/corpus.js';
import { childrenNamed, sleep, timedGet, tmp, type Sample } from './common.js';
import { LOAD_PATHS } from './outage.js';
import { startApi, type ApiProcess } from './procs.js';
import { adminFor, compareSnapshots, snapshotIndex } from './snapshot.js';

export interface MeiliCrashOptions {
  protocols: number;
  concurrency: number;
  /** Load before the kill, and after the API is back. */
  healthyMs: number;
  afterMs: number;
  /** kill -9 rounds. */
  kills?: number;
  log?: (line: string) => void;
}

export interface MeiliCrashReport {
  requests: number;
  kills: {
    restartMs: number;
    recoveryMs: number | null;
    during: number;
    during503: number;
    slowestDuringMs: number;
    laterNon200: number;
  }[];
  /** Before the first kill: requests and non-200 answers (the machine's own load). */
  baseline: { requests: number; non200: number };
  restartsReported: number;
  unanswered: number;
  indexUnchanged: boolean;
  problems: string[];
}

export async function meiliCrashDrill(options: MeiliCrashOptions): Promise<MeiliCrashReport> {
  const log = options.log ?? (() => {});
  const corpus = tmp('meilicrash');
  const dataDir = path.join(corpus, '.data');
  const meiliPort = await freePort();
  let api: ApiProcess | null = null;
  const problems: string[] = [];
  try {
    await generateCorpus({ count: options.protocols, seed: 21, out: path.join(corpus, 'protokoll'), format: 'txt' });
    api = await startApi(
      {
        CORPUS_DIR: corpus,
        DATA_DIR: dataDir,
        MEILI_PORT: String(meiliPort),
        INGEST_ON_START: 'true',
        MEILI_URL: '',
        MEILI_MASTER_KEY: '',
      },
      60_000,
    );
    const apiUrl = api.url;
    // Start-up ingest runs in the background: wait until every protocol is in.
    for (let i = 0; ; i++) {
      const facets = (await fetch(`${apiUrl}/api/facets`).then(
        (r) => r.json(),
        () => null,
      )) as { corpus?: { protocols: number } } | null;
      if (facets?.corpus?.protocols === options.protocols) break;
      if (i > 1200) throw new Error(`start-up ingest did not finish: ${api.lines.slice(-5).join(' | ')}`);
      await sleep(100);
    }
    const meiliUrl = `http://127.0.0.1:${meiliPort}`;
    const admin = adminFor(meiliUrl, readFileSync(path.join(dataDir, 'meilisearch', 'master.key'), 'utf8').trim());
    const before = await snapshotIndex(admin, 'protokoll');

    const samples: Sample[] = [];
    let running = true;
    const loop = async (n: number) => {
      for (let i = n; running; i++) {
        const p = LOAD_PATHS[i % LOAD_PATHS.length]!;
        const at = performance.now();
        samples.push({ at, path: p, ...(await timedGet(`${apiUrl}${p}`, 5000)) });
      }
    };
    const loops = Array.from({ length: options.concurrency }, (_, n) => loop(n));
    const kills: MeiliCrashReport['kills'] = [];
    for (let k = 0; k < (options.kills ?? 1); k++) {
      await sleep(options.healthyMs);
      const [pid] = childrenNamed(api.child.pid!, 'meilisearch');
      if (pid === undefined) throw new Error('the API has no meilisearch child');
      const killedAt = performance.now();
      process.kill(pid, 'SIGKILL');
      // Meilisearch back: its own /health answers again.
      let backAt = 0;
      for (let i = 0; i < 600; i++) {
        const ok = await fetch(`${meiliUrl}/health`, { signal: AbortSignal.timeout(300) }).then(
          (r) => r.ok,
          () => false,
        );
        if (ok && childrenNamed(api.child.pid!, 'meilisearch')[0] !== pid) {
          backAt = performance.now();
          break;
        }
        await sleep(25);
      }
      if (backAt === 0) {
        problems.push(`kill ${k + 1}: Meilisearch was not restarted within 15 s`);
        break;
      }
      await sleep(options.afterMs);
      const during = samples.filter((s) => s.at > killedAt + 20 && s.at + s.ms < backAt);
      // Recovered once every endpoint has answered 200 again (sent after Meilisearch was back). Later
      // non-200s on a loaded machine are search timeouts (MEILI_TIMEOUT_MS), counted apart.
      const after = samples.filter((s) => s.at >= backAt).sort((a, b) => a.at - b.at);
      const firstOk = LOAD_PATHS.map((p) => after.find((s) => s.path === p && s.status === 200));
      const recoveryMs = firstOk.every(Boolean)
        ? Math.round(Math.max(...firstOk.map((s) => s!.at + s!.ms)) - backAt)
        : null;
      const recoveredAt = backAt + (recoveryMs ?? 0);
      const laterNon200 = after.filter((s) => s.at > recoveredAt && s.status !== 200).length;
      kills.push({
        restartMs: Math.round(backAt - killedAt),
        recoveryMs,
        during: during.length,
        during503: during.filter((s) => s.status === 503 || s.status === 200).length,
        slowestDuringMs: Math.round(Math.max(0, ...during.map((s) => s.ms))),
        laterNon200,
      });
      log(
        `kill ${k + 1}: Meilisearch back after ${Math.round(backAt - killedAt)} ms, API fully recovered ${recoveryMs} ms later`,
      );
    }
    running = false;
    await Promise.all(loops);
    const firstKill = samples.length > 0 ? Math.min(...samples.map((x) => x.at)) + options.healthyMs : 0;
    const pre = samples.filter((x) => x.at + x.ms < firstKill);
    const baseline = { requests: pre.length, non200: pre.filter((x) => x.status !== 200).length };
    const health = (await fetch(`${apiUrl}/health`).then(
      (r) => r.json(),
      () => ({}),
    )) as { meilisearchRestarts?: number };
    const after = await snapshotIndex(admin, 'protokoll');
    const unanswered = samples.filter((s) => s.status === 0).length;
    const otherErrors = samples.filter((s) => s.status >= 500 && s.status !== 503);
    for (const [i, k] of kills.entries()) {
      if (k.recoveryMs === null || k.recoveryMs > 5000)
        problems.push(
          `kill ${i + 1}: not every endpoint answered 200 within 5 s of Meilisearch's restart (${k.recoveryMs} ms)`,
        );
      if (k.during503 !== k.during)
        problems.push(`kill ${i + 1}: ${k.during - k.during503} answers during the restart were neither 200 nor 503`);
    }
    if (unanswered > 0) problems.push(`${unanswered} requests got no answer`);
    if (otherErrors.length > 0)
      problems.push(
        `${otherErrors.length} answers were 5xx other than 503 (${otherErrors[0]!.status} on ${otherErrors[0]!.path})`,
      );
    if (health.meilisearchRestarts !== kills.length)
      problems.push(`/health reports ${health.meilisearchRestarts} restarts, expected ${kills.length}`);
    if (before.digest !== after.digest)
      problems.push(`the index changed: ${compareSnapshots(before, after).join('; ')}`);
    if (before.protocols.size !== options.protocols)
      problems.push(`${before.protocols.size} of ${options.protocols} protocols indexed before the kill`);
    return {
      requests: samples.length,
      kills,
      baseline,
      restartsReported: health.meilisearchRestarts ?? 0,
      unanswered,
      indexUnchanged: before.digest === after.digest,
      problems,
    };
  } finally {
    await api?.stop();
    rmSync(corpus, { recursive: true, force: true });
  }
}
