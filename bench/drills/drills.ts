/**
 * Fault drills against real processes and the real Meilisearch binary, on
 * loopback, in bounded loops. Each drill returns a report (what happened, what
 * went wrong); the vitest files under test/drills run them small in CI, and
 * `npm run drills` (bench/drills/run.ts) runs them at full size.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/domain/paths.js';
import { startEmbeddedMeili, freePort, type EmbeddedMeili } from '../../src/domain/store/server.js';

import { mulberry32, writeCorpus as generateCorpus } from '../corpus.js';
import { meiliEnv, spawnWorker, startApi, type ApiProcess } from './procs.js';
import { adminFor, compareSnapshots, dropPrefix, snapshotIndex } from './snapshot.js';

export interface MeiliTarget {
  url: string;
  masterKey: string;
}

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `protokollsok-drill-${name}-`));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const prefixFor = (name: string, seed: number) => `drill${name}${seed}${Math.floor(Math.random() * 1e6).toString(36)}`;

/* ------------------------------------------------------------------ kill -9 */

export interface KillDrillOptions {
  meili: MeiliTarget;
  /** Generated protocols in the corpus. */
  protocols: number;
  kills: number;
  seed: number;
  log?: (line: string) => void;
}

export interface KillDrillReport {
  protocols: number;
  kills: { afterFiles: number; progressAtKill: number; signal: string | null }[];
  restartsToFinish: number;
  cleanSeconds: number;
  problems: string[];
}

/**
 * kill -9 the worker at random points (after a random number of files, plus a
 * random delay so kills land inside Meilisearch writes too), restart it, and
 * finally compare the index with a clean run's: same ids, same content
 * hashes, no duplicates, nothing missing.
 */
export async function killDrill(options: KillDrillOptions): Promise<KillDrillReport> {
  const log = options.log ?? (() => {});
  const rng = mulberry32(options.seed);
  const corpus = tmp('kill');
  const admin = adminFor(options.meili.url, options.meili.masterKey);
  const clean = prefixFor('clean', options.seed);
  const crashed = prefixFor('crash', options.seed);
  const problems: string[] = [];
  try {
    // A mixed corpus; some .txt so files are fast and kills land between writes too.
    await generateCorpus({ count: Math.ceil(options.protocols * 0.8), seed: options.seed, out: corpus, format: 'pdf' });
    await generateCorpus({ count: options.protocols - Math.ceil(options.protocols * 0.8), seed: options.seed, out: corpus, format: 'txt', from: options.protocols });
    const env = (prefix: string) => meiliEnv(options.meili.url, options.meili.masterKey, prefix, { CORPUS_DIR: corpus, DATA_DIR: path.join(corpus, '.data') });

    const started = performance.now();
    const cleanRun = spawnWorker([], env(clean));
    const cleanExit = await cleanRun.exited;
    const cleanSeconds = (performance.now() - started) / 1000;
    if (cleanExit.code !== 0) throw new Error(`the clean run exited with ${cleanExit.code}: ${cleanRun.lines.slice(-5).join(' | ')}`);
    log(`clean run: ${options.protocols} protocols in ${cleanSeconds.toFixed(1)} s`);

    const kills: KillDrillReport['kills'] = [];
    for (let k = 0; k < options.kills; k++) {
      // Every run resumes where the last stopped: aim within what is left of this run.
      const afterFiles = Math.floor(rng() * options.protocols * 0.9);
      const delayMs = Math.floor(rng() * 400);
      const run = spawnWorker([], env(crashed));
      let seen = 0;
      const killed = new Promise<void>((resolve) => {
        const fire = () => {
          setTimeout(() => {
            run.child.kill('SIGKILL');
            resolve();
          }, delayMs);
        };
        if (afterFiles === 0) fire();
        else
          run.onLine((line) => {
            if (/^(inläst|oförändrad|MISSLYCKADES):/.test(line) && ++seen === afterFiles) fire();
          });
        void run.exited.then(() => resolve());
      });
      await killed;
      const exit = await run.exited;
      kills.push({ afterFiles, progressAtKill: seen, signal: exit.signal });
      log(`kill ${k + 1}/${options.kills}: after ${seen} progress lines (+${delayMs} ms) → ${exit.signal ?? `exit ${exit.code}`}`);
      // Mid-crash the index may lack files, but must never hold duplicates or half a protocol's old items.
      const mid = await snapshotIndex(admin, crashed);
      if (mid.duplicateItems.length > 0) problems.push(`after kill ${k + 1}: duplicate items ${mid.duplicateItems.slice(0, 3).join(', ')}`);
    }

    let restarts = 0;
    for (;;) {
      restarts++;
      const finish = spawnWorker([], env(crashed));
      const exit = await finish.exited;
      if (exit.code === 0) break;
      if (restarts >= 3) {
        problems.push(`the worker did not finish after ${restarts} restarts: ${finish.lines.slice(-5).join(' | ')}`);
        break;
      }
    }
    const expected = await snapshotIndex(admin, clean);
    const actual = await snapshotIndex(admin, crashed);
    if (expected.protocols.size !== options.protocols) problems.push(`the clean run indexed ${expected.protocols.size} of ${options.protocols} protocols`);
    problems.push(...compareSnapshots(expected, actual));
    return { protocols: options.protocols, kills, restartsToFinish: restarts, cleanSeconds, problems };
  } finally {
    await dropPrefix(admin, clean);
    await dropPrefix(admin, crashed);
    rmSync(corpus, { recursive: true, force: true });
  }
}

/* ------------------------------------------------------------ bad files */

export interface BadFilesReport {
  seconds: number;
  exitCode: number | null;
  /** file → kind reported by the worker (from its summary lines) */
  reported: Record<string, string>;
  /** file → kind in the failures index */
  indexed: Record<string, string>;
  expected: Record<string, string>;
  goodIngested: number;
  problems: string[];
}

/**
 * The whole worker on the malformed fixtures (test/fixtures/bad), an over-size
 * file and two good protocols: each bad file reported with its kind, the good
 * ones ingested, nothing crashes or hangs (per-file time limit).
 */
export async function badFilesDrill(options: { meili: MeiliTarget; timeoutMs: number; copies?: number }): Promise<BadFilesReport> {
  const badDir = path.join(projectRoot, 'test/fixtures/bad');
  const fixtures = JSON.parse(readFileSync(path.join(badDir, 'expected.json'), 'utf8')) as Record<string, string>;
  const corpus = tmp('bad');
  const admin = adminFor(options.meili.url, options.meili.masterKey);
  const prefix = prefixFor('bad', 1);
  const expected: Record<string, string> = {};
  try {
    const copies = options.copies ?? 1;
    for (let c = 0; c < copies; c++) {
      for (const [name, kind] of Object.entries(fixtures)) {
        const target = copies === 1 ? name : `${c}-${name}`;
        copyFileSync(path.join(badDir, name), path.join(corpus, target));
        expected[target] = kind;
      }
    }
    // Over-size: a sparse 3 MB file against MAX_UPLOAD_MB=2.
    writeFileSync(path.join(corpus, 'over-size.pdf'), '%PDF-1.7\n');
    truncateSync(path.join(corpus, 'over-size.pdf'), 3 * 1024 * 1024);
    expected['over-size.pdf'] = 'too-large';
    await generateCorpus({ count: 2, seed: 3, out: path.join(corpus, 'good'), format: 'pdf' });

    const started = performance.now();
    const run = spawnWorker([], meiliEnv(options.meili.url, options.meili.masterKey, prefix, {
      CORPUS_DIR: corpus,
      DATA_DIR: path.join(corpus, '.data'),
      MAX_UPLOAD_MB: '2',
      INGEST_FILE_TIMEOUT_MS: String(options.timeoutMs),
    }));
    const exit = await run.exited;
    const seconds = (performance.now() - started) / 1000;
    const reported: Record<string, string> = {};
    for (const line of run.lines) {
      const m = line.match(/^\s+(\S+) \[([a-z-]+)\]:/);
      if (m) reported[m[1]!] = m[2]!;
    }
    const snapshot = await snapshotIndex(admin, prefix);
    const indexed = Object.fromEntries(snapshot.failures);
    const problems: string[] = [];
    if (exit.code !== 1) problems.push(`worker exit code ${exit.code} (signal ${exit.signal}), expected 1: ${run.lines.slice(-3).join(' | ')}`);
    for (const [file, kind] of Object.entries(expected)) {
      if (reported[file] !== kind) problems.push(`${file}: reported ${reported[file] ?? 'nothing'}, expected ${kind}`);
      if (indexed[file] !== kind) problems.push(`${file}: failures index has ${indexed[file] ?? 'nothing'}, expected ${kind}`);
    }
    if (Object.keys(reported).length === 0) problems.push(`the worker printed no failure summary: ${run.lines.slice(-6).join(' | ')}`);
    const goodIngested = snapshot.protocols.size;
    if (goodIngested !== 2) problems.push(`${goodIngested} good protocols indexed, expected 2`);
    return { seconds, exitCode: exit.code, reported, indexed, expected, goodIngested, problems };
  } finally {
    await dropPrefix(admin, prefix);
    rmSync(corpus, { recursive: true, force: true });
  }
}

/* ------------------------------------------------------------ load helpers */

interface Sample {
  at: number;
  path: string;
  status: number;
  ms: number;
  problem: boolean;
  error?: string;
}

async function timedGet(url: string, limitMs: number): Promise<Omit<Sample, 'at' | 'path'>> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(limitMs) });
    const type = res.headers.get('content-type') ?? '';
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0, problem: type.startsWith('application/problem+json') };
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return { status: 0, ms: performance.now() - t0, problem: false, error: `${(error as Error).name}: ${cause?.message ?? (error as Error).message}` };
  }
}

/** An ingested small corpus on `meili` under `prefix`, and the API over it. */
async function corpusAndApi(meili: MeiliTarget, prefix: string, protocols: number, seed: number, extraEnv: Record<string, string> = {}) {
  const corpus = tmp('api');
  await generateCorpus({ count: protocols, seed, out: corpus, format: 'txt' });
  const env = meiliEnv(meili.url, meili.masterKey, prefix, { CORPUS_DIR: corpus, DATA_DIR: path.join(corpus, '.data'), ...extraEnv });
  const ingest = spawnWorker([], env);
  const exit = await ingest.exited;
  if (exit.code !== 0) throw new Error(`ingest for the drill failed (${exit.code}): ${ingest.lines.slice(-5).join(' | ')}`);
  const api = await startApi(env);
  return { corpus, api };
}

/* ------------------------------------------------------------ outage */

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
  duringOutage: { requests: number; status503: number; problemJson: number; maxMs: number; other: Record<string, number> };
  /** Before the outage: requests, non-200 answers, slowest ms */
  beforeOutage: { requests: number; non200: number; maxMs: number };
  unanswered: number;
  /** ms from Meilisearch answering /health again until every endpoint answers 200 again */
  recoveryMs: number | null;
  /** The last non-200 answers after Meilisearch was back: [ms after back, status, path, ms taken] */
  lastFailures: [number, number, string, number][];
  apiAlive: boolean;
  problems: string[];
}

const LOAD_PATHS = [
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
    // Cached views (timeline, trends) may still answer from the answer cache until its corpus
    // stamp expires (1 s): that is the cache serving what it knows, not a wrong answer.
    const cachedView = (s: Sample) => /^\/api\/(timeline|trends)\b/.test(s.path) && s.status === 200 && s.at < downAt + 1_100;
    const during = samples.filter((s) => s.at >= downAt + 50 && s.at + s.ms <= downUntil && !cachedView(s));
    const other: Record<string, number> = {};
    for (const s of during) if (s.status !== 503) other[String(s.status || s.error)] = (other[String(s.status || s.error)] ?? 0) + 1;
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
    const beforeOutage = { requests: healthy.length, non200: healthy.filter((s) => s.status !== 200).length, maxMs: Math.round(Math.max(0, ...healthy.map((s) => s.ms))) };
    // Recovery: from Meilisearch being back, the first moment after which every request was 200.
    const after = samples.filter((s) => s.at >= backAt).sort((a, b) => a.at - b.at);
    const lastBad = after.filter((s) => s.status !== 200).at(-1);
    const firstGoodAfter = after.find((s) => s.status === 200 && (!lastBad || s.at > lastBad.at));
    const recoveryMs = firstGoodAfter ? Math.round(firstGoodAfter.at + firstGoodAfter.ms - backAt) : null;
    const apiAlive = api.child.exitCode === null && api.child.signalCode === null;
    const lastFailures = after.filter((s) => s.status !== 200).slice(-8).map((s): [number, number, string, number] => [Math.round(s.at - backAt), s.status, s.path, Math.round(s.ms)]);

    if (duringOutage.requests === 0) problems.push('no request was sent during the outage');
    if (duringOutage.status503 !== duringOutage.requests) problems.push(`during the outage ${duringOutage.requests - duringOutage.status503} requests were not 503: ${JSON.stringify(other)}`);
    if (duringOutage.problemJson !== duringOutage.requests) problems.push(`during the outage ${duringOutage.requests - duringOutage.problemJson} answers were not application/problem+json`);
    if (duringOutage.maxMs > 1000) problems.push(`slowest answer during the outage took ${duringOutage.maxMs} ms (limit 1000)`);
    if (unanswered > 0) problems.push(`${unanswered} requests got no answer: ${samples.find((s) => s.status === 0)?.error}`);
    const fiveHundreds = samples.filter((s) => s.status >= 500 && s.status !== 503);
    if (fiveHundreds.length > 0) problems.push(`${fiveHundreds.length} answers were 5xx other than 503 (${fiveHundreds[0]!.status} on ${fiveHundreds[0]!.path})`);
    if (recoveryMs === null || recoveryMs > 5000) problems.push(`not recovered within 5 s of Meilisearch being back (${recoveryMs} ms); last failures [ms after back, status, path, ms]: ${JSON.stringify(lastFailures)}`);
    if (!apiAlive) problems.push(`the API process died: ${api.lines.slice(-5).join(' | ')}`);
    return { requests: samples.length, duringOutage, beforeOutage, unanswered, recoveryMs, lastFailures, apiAlive, problems };
  } finally {
    await api?.stop();
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  }
}

/* ------------------------------------------------------------ bad requests */

export interface BadRequestsReport {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: { method: string; path: string; status: number; body: string }[];
  unanswered: number;
  indexUnchanged: boolean;
  corpusUnchanged: boolean;
  apiAlive: boolean;
  problems: string[];
}

const ADMIN_KEY = 'drill-admin-key-0123456789abcdef';

/** Hostile and random requests, generated from a seed. */
export function* hostileRequests(seed: number, count: number): Generator<{ method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: Uint8Array }> {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const routes = ['/api/search', '/api/trends', '/api/timeline', '/api/decisions', '/api/protocols', '/api/topics', '/api/facets', '/api/ingest/failures', '/api/reindex'];
  const params = ['q', 'body', 'type', 'topics', 'topicsMode', 'municipality', 'yearFrom', 'yearTo', 'dateFrom', 'dateTo', 'hasDecision', 'sort', 'page', 'limit', 'terms', 'unit', 'format', 'includeRoutine', 'filter', 'attributesToRetrieve', '__proto__', 'constructor', 'q[]', 'q[a][b]'];
  const randomBytes = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(0, 0xffff))).join('');
  const values: (() => string)[] = [
    () => `" OR year > 0 OR body = "`,
    () => `x" OR protocolId EXISTS OR "`,
    () => `') OR 1=1 --`,
    () => `Karlskoga" OR municipalities IS NOT EMPTY`,
    () => `year = 2020 AND _geoRadius(1,2,3)`,
    () => '\\"\\\\"',
    () => 'a'.repeat(int(400, 600)),
    () => 'ö'.repeat(int(1, 100_000)),
    () => String(int(-1e9, 1e9)),
    () => pick(['NaN', 'Infinity', '-0', '1e308', '0x1f', '9'.repeat(400), '1.5', '', ' ']),
    () => pick(['2020-02-30', '0000-00-00', '9999-99-99', '2024-04-19T00:00:00Z', '../../etc/passwd']),
    () => randomBytes(int(1, 50)),
    () => pick(['true', 'false', 'yes', 'null', 'undefined', '[]', '{}', '*', '%', '_']),
    () => Array.from({ length: int(51, 300) }, (_, i) => `v${i}`).join(','),
    () => pick(['<script>alert(1)</script>', '${jndi:ldap://x}', '{{7*7}}', 'sort=year:desc', '_vectors', 'text:asc']),
  ];
  const enc = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ff%fe';
    }
  };
  for (let i = 0; i < count; i++) {
    const kind = rnd();
    if (kind < 0.7) {
      const n = int(0, 6);
      const parts: string[] = [];
      for (let j = 0; j < n; j++) parts.push(`${enc(pick(params))}=${rnd() < 0.05 ? pick(['%ff%fe', '%', '%zz', '%00']) : enc(pick(values)())}`);
      yield { method: 'GET', path: `${pick(routes)}?${parts.join('&')}`, headers: {} };
    } else if (kind < 0.85) {
      const id = pick(['..%2f..%2fetc%2fpasswd', '%2e%2e', 'a'.repeat(5000), enc(pick(values)()), 'x" OR 1', '%00', 'nope-00000000']);
      const tail = pick(['', '/source', '/items/1', `/items/${enc(pick(values)())}`, '/related']);
      const base = tail === '/related' ? '/api/items/' : '/api/protocols/';
      yield { method: 'GET', path: `${base}${id}${tail === '/related' ? tail : tail}`, headers: {} };
    } else {
      // Bad uploads: no key, a wrong key, or the right key with something that must be refused before storing.
      const auth = pick([{}, { authorization: 'Bearer wrong-key-wrong-key-wrong' }, { authorization: `Bearer ${ADMIN_KEY}` }, { authorization: 'Basic YWRtaW46YWRtaW4=' }]);
      const variant = int(0, 4);
      const headers: Record<string, string> = { ...auth };
      let body: Uint8Array = new Uint8Array(0);
      let query = '';
      if (variant === 0) {
        headers['content-type'] = 'application/octet-stream';
        body = Buffer.from('MZ\x90\x00 not a protocol');
      } else if (variant === 1) {
        headers['content-type'] = 'text/plain';
        query = `?filename=${enc(pick(['../../etc/cron.d/x.sh', 'protokoll.exe', 'a.pdf.js', '.htaccess']))}`;
        body = Buffer.from('Protokoll 2020-01-01\n1. Inledning\n');
      } else if (variant === 2) {
        headers['content-type'] = 'multipart/form-data; boundary=----x';
        body = Buffer.from('------x\r\nContent-Disposition: form-data; name="file"; filename="../../evil.sh"\r\nContent-Type: text/plain\r\n\r\necho hi\r\n------x--\r\n');
      } else if (variant === 3) {
        headers['content-type'] = 'multipart/form-data; boundary=----x';
        body = Buffer.from('------x\r\nContent-Disposition: form-data; name="file"; filename="trunk');
      } else {
        headers['content-type'] = 'application/pdf';
        body = new Uint8Array(0);
      }
      yield { method: 'POST', path: `/api/ingest${query}`, headers, body };
    }
  }
}

/**
 * Sends `count` hostile requests: no 5xx (Meilisearch is up the whole time),
 * every request answered, the API alive, the index and corpus unchanged.
 */
export async function badRequestsDrill(options: { meili: MeiliTarget; count: number; seed: number; protocols?: number; concurrency?: number }): Promise<BadRequestsReport> {
  const prefix = prefixFor('badreq', options.seed);
  const admin = adminFor(options.meili.url, options.meili.masterKey);
  let api: ApiProcess | null = null;
  let corpus: string | null = null;
  try {
    ({ api, corpus } = await corpusAndApi(options.meili, prefix, options.protocols ?? 12, 9, { ADMIN_API_KEY: ADMIN_KEY, MAX_UPLOAD_MB: '1' }));
    const before = await snapshotIndex(admin, prefix);
    const filesBefore = readdirSync(corpus, { recursive: true }).map(String).sort().join('\n');
    const byStatus: Record<string, number> = {};
    const serverErrors: BadRequestsReport['serverErrors'] = [];
    let unanswered = 0;
    const queue = [...hostileRequests(options.seed, options.count)];
    const apiUrl = api.url;
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          const init: RequestInit = { method: r.method, headers: r.headers, signal: AbortSignal.timeout(10_000) };
          if (r.body) init.body = Buffer.from(r.body);
          const res = await fetch(`${apiUrl}${r.path}`, init);
          const text = await res.text();
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          if (res.status >= 500) serverErrors.push({ method: r.method, path: r.path.slice(0, 200), status: res.status, body: text.slice(0, 300) });
        } catch (error) {
          unanswered++;
          serverErrors.push({ method: r.method, path: r.path.slice(0, 200), status: 0, body: String((error as Error).cause ?? error).slice(0, 200) });
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    const after = await snapshotIndex(admin, prefix);
    const filesAfter = readdirSync(corpus, { recursive: true }).map(String).sort().join('\n');
    const health = await fetch(`${apiUrl}/health`).then((r) => r.status, () => 0);
    const apiAlive = api.child.exitCode === null && api.child.signalCode === null && health === 200;
    const problems: string[] = [];
    if (serverErrors.length > 0) problems.push(`${serverErrors.length} requests got a 5xx or no answer, e.g. ${JSON.stringify(serverErrors[0])}`);
    if (before.digest !== after.digest) problems.push(`the index changed: ${compareSnapshots(before, after).join('; ')}`);
    if (filesBefore !== filesAfter) problems.push('files were added to or removed from the corpus folder');
    if (!apiAlive) problems.push(`the API is not healthy afterwards (health ${health}): ${api.lines.slice(-5).join(' | ')}`);
    return { requests: options.count, byStatus, serverErrors, unanswered, indexUnchanged: before.digest === after.digest, corpusUnchanged: filesBefore === filesAfter, apiAlive, problems };
  } finally {
    await api?.stop();
    await dropPrefix(admin, prefix);
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  }
}


