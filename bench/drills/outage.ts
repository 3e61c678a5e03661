/** Drill: Meilisearch stopped under load: fast 503 problem+json, recovery within 5 s of its return. */
import { rmSync } from 'node:fs';
import { freePort, startEmbeddedMeili, type EmbeddedMeili } from '../../domain/store/server.js';
import { corpusAndApi, prefixFor, sleep, timedGet, tmp, type Sample } from './common.js';
import type { ApiProcess } from './procs.js';

export interface OutageDrillOptions {
  protocols: number;
  /** Concurrent client loops. */
  concurrency: number;
  healthyMs: number;
  outageMs: number;
  /** How long to keep the load after Meilisearch is back. */
  afterMs: number;
  log?: (line: string) => void;
}

export interface OutageDrillReport {
  requests: number;
  duringOutage: {
    requests: number;
    status503: number;
    problemJson: number;
    maxMs: number;
    other: Record<string, number>;
  };
  /** Before the outage: requests, non-200 answers, slowest ms */
  beforeOutage: { requests: number; non200: number; maxMs: number };
  unanswered: number;
  /** ms from Meilisearch answering /health again until every endpoint has answered 200 again */
  recoveryMs: number | null;
  /** The last non-200 answers after Meilisearch was back: [ms after back, status, path, ms taken] */
  lastFailures: [number, number, string, number][];
  apiAlive: boolean;
  problems: string[];
}

export const LOAD_PATHS = [
  '/api/search?q=n%C3%A4ra+v%C3%A5rd',
  '/api/search?q=samsjuklighet&municipality=Karlskoga',
  '/api/trends?terms=suicid,samsjuklighet',
  '/api/timeline?q=psykisk+h%C3%A4lsa',
  '/health',
];

/**
 * Stops Meilisearch while the API is under load: every request must be
 * answered (503 problem+json within a second while it is down, no crash), and
 * the API must serve 200s again within 5 s of Meilisearch being back
 * (restarted on the same data folder and port).
 */
export async function outageDrill(options: OutageDrillOptions): Promise<OutageDrillReport> {
  const log = options.log ?? (() => {});
  const dataDir = tmp('outage-meili');
  const port = await freePort();
  let meili: EmbeddedMeili = await startEmbeddedMeili({ dataDir, port, maxIndexingMemory: '256Mb' });
  const target = { url: meili.url, masterKey: meili.masterKey };
  const prefix = prefixFor('outage', 1);
  let api: ApiProcess | null = null;
  let corpus: string | null = null;
  const problems: string[] = [];
  try {
    ({ api, corpus } = await corpusAndApi(target, prefix, options.protocols, 5));
    const apiUrl = api.url;
    const samples: Sample[] = [];
    let phase: 'healthy' | 'outage' | 'back' | 'done' = 'healthy';
    let downAt = 0;
    let downUntil = 0;
    let backAt = 0;
    const loop = async (n: number) => {
      let i = n;
      while (phase !== 'done') {
        const p = LOAD_PATHS[i++ % LOAD_PATHS.length]!;
        const at = performance.now();
        // A generous client timeout: the 1 s bound is checked on the samples, not enforced here.
        const s = await timedGet(`${apiUrl}${p}`, 5000);
        samples.push({ at, path: p, ...s });
      }
    };
    const loops = Array.from({ length: options.concurrency }, (_, n) => loop(n));
    await sleep(options.healthyMs);
    phase = 'outage';
    downAt = performance.now();
    await meili.stop();
    log(`Meilisearch stopped at +${Math.round(downAt)} ms`);
    await sleep(options.outageMs);
    downUntil = performance.now();
    meili = await startEmbeddedMeili({ dataDir, port, maxIndexingMemory: '256Mb' });
    backAt = performance.now();
    phase = 'back';
    log(`Meilisearch back after ${Math.round(backAt - downUntil)} ms of start-up`);
    await sleep(options.afterMs);
    phase = 'done';
    await Promise.all(loops);

    // Requests sent entirely within the outage (after the stop completed, before the restart began).
    // Cached answers (search, decisions, timeline, trends) may still be served until the cache's corpus
    // stamp expires (1 s): that is the cache serving what it knows, not a wrong answer.
    const cachedView = (s: Sample) =>
      /^\/api\/(search|decisions|timeline|trends)\b/.test(s.path) && s.status === 200 && s.at < downAt + 1_100;
    const during = samples.filter((s) => s.at >= downAt + 50 && s.at + s.ms <= downUntil && !cachedView(s));
    const other: Record<string, number> = {};
    for (const s of during)
      if (s.status !== 503) other[String(s.status || s.error)] = (other[String(s.status || s.error)] ?? 0) + 1;
    const duringOutage = {
      requests: during.length,
      status503: during.filter((s) => s.status === 503).length,
      // /health answers 503 with its own status document; the API's resources answer problem+json.
      problemJson: during.filter((s) => s.problem || !s.path.startsWith('/api/')).length,
      maxMs: Math.round(Math.max(0, ...during.map((s) => s.ms))),
      other,
    };
    const unanswered = samples.filter((s) => s.status === 0).length;
    const healthy = samples.filter((s) => s.at + s.ms < downAt);
    const beforeOutage = {
      requests: healthy.length,
      non200: healthy.filter((s) => s.status !== 200).length,
      maxMs: Math.round(Math.max(0, ...healthy.map((s) => s.ms))),
    };
    const after = samples.filter((s) => s.at >= backAt).sort((a, b) => a.at - b.at);
    // Recovered once every endpoint has answered 200 again. A later 503 on a loaded machine is a
    // search that ran past MEILI_TIMEOUT_MS (as before the outage), listed in lastFailures.
    const firstOk = LOAD_PATHS.map((p) => after.find((s) => s.path === p && s.status === 200));
    const recoveryMs = firstOk.every(Boolean)
      ? Math.round(Math.max(...firstOk.map((s) => s!.at + s!.ms)) - backAt)
      : null;
    const apiAlive = api.child.exitCode === null && api.child.signalCode === null;
    const lastFailures = after
      .filter((s) => s.status !== 200)
      .slice(-8)
      .map((s): [number, number, string, number] => [Math.round(s.at - backAt), s.status, s.path, Math.round(s.ms)]);

    if (duringOutage.requests === 0) problems.push('no request was sent during the outage');
    if (duringOutage.status503 !== duringOutage.requests)
      problems.push(
        `during the outage ${duringOutage.requests - duringOutage.status503} requests were not 503: ${JSON.stringify(other)}`,
      );
    if (duringOutage.problemJson !== duringOutage.requests)
      problems.push(
        `during the outage ${duringOutage.requests - duringOutage.problemJson} answers were not application/problem+json`,
      );
    if (duringOutage.maxMs > 1000)
      problems.push(`slowest answer during the outage took ${duringOutage.maxMs} ms (limit 1000)`);
    if (unanswered > 0)
      problems.push(`${unanswered} requests got no answer: ${samples.find((s) => s.status === 0)?.error}`);
    const fiveHundreds = samples.filter((s) => s.status >= 500 && s.status !== 503);
    if (fiveHundreds.length > 0)
      problems.push(
        `${fiveHundreds.length} answers were 5xx other than 503 (${fiveHundreds[0]!.status} on ${fiveHundreds[0]!.path})`,
      );
    if (recoveryMs === null || recoveryMs > 5000)
      problems.push(
        `not recovered within 5 s of Meilisearch being back (${recoveryMs} ms); last failures [ms after back, status, path, ms]: ${JSON.stringify(lastFailures)}`,
      );
    if (!apiAlive) problems.push(`the API process died: ${api.lines.slice(-5).join(' | ')}`);
    return {
      requests: samples.length,
      duringOutage,
      beforeOutage,
      unanswered,
      recoveryMs,
      lastFailures,
      apiAlive,
      problems,
    };
  } finally {
    await api?.stop();
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  }
}
