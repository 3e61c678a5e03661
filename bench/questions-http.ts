/**
 * Question latency as a client sees it: the SweFAQ development split's 110 questions sent over HTTP
 * to a freshly started API (`src/main.ts`, the frozen build, after its start-up ingest and warm-ups)
 * and, interleaved, the same question to plain Meilisearch's own HTTP search over an index of the same
 * items with no settings. Both over keep-alive node:http, each answer read whole and parsed.
 *
 * Two passes: each question's first call (nothing of it remembered by the API), then every question
 * again with another page size (`limit` 19, so the answer cache does not answer it). Medians per
 * pass, ours and plain, and their ratio; bench/relevance.ts measures the same questions in-process.
 *
 *   node --import tsx bench/questions-http.ts      prints two lines `questions over HTTP, …`
 *
 * `npm run bench` runs it (`--only questions`) and records the ratios beside the in-process ones.
 */
import '../domain/quiet-dotenv.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { projectRoot } from '../domain/paths.js';
import { startEmbeddedMeili } from '../domain/store/server.js';
import { startApi } from './drills/procs.js';
import { plainCopy } from './lib/plain-index.js';

const agent = new http.Agent({ keepAlive: true });

/** One GET, its body read whole: ms taken. */
function timedGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}: ${body.slice(0, 200)}`));
          else {
            JSON.parse(body);
            resolve(performance.now() - started);
          }
        });
      })
      .on('error', reject);
  });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main() {
  const questions = (
    JSON.parse(readFileSync(path.join(projectRoot, 'bench/swefaq-dev/queries.json'), 'utf8')) as {
      queries: { q: string }[];
    }
  ).queries.map((q) => q.q);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-questions-http-'));
  const meili = await startEmbeddedMeili({ dataDir: path.join(dataDir, 'meili') });
  const prefix = 'qhttp';
  const api = await startApi(
    {
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
      INDEX_PREFIX: prefix,
      CORPUS_DIR: path.join(projectRoot, 'bench/swefaq-dev/corpus'),
      DATA_DIR: path.join(dataDir, 'app'),
      INGEST_ON_START: 'true',
    },
    60_000,
  );
  try {
    // After its start-up ingest, the API reads its word counts and posting lists and warms its search.
    const ready = (l: string) => l.startsWith('Search warmed') || l.startsWith('Search not warmed');
    for (let waited = 0; !api.lines.some(ready); waited += 200) {
      if (waited > 120_000) throw new Error(`the API did not warm up: ${api.lines.slice(-5).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const plain = `${prefix}-plain`;
    await plainCopy(new Meilisearch({ host: meili.url, apiKey: meili.masterKey }), `${prefix}-items`, plain);
    const auth = { authorization: `Bearer ${meili.masterKey}` };
    for (const [pass, limit] of [
      ['first call', 20],
      ['asked again', 19],
    ] as const) {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (const q of questions) {
        ours.push(await timedGet(`${api.url}/api/search?q=${encodeURIComponent(q)}&limit=${limit}`));
        theirs.push(await timedGet(`${meili.url}/indexes/${plain}/search?q=${encodeURIComponent(q)}&limit=20`, auth));
      }
      const [a, b] = [median(ours), median(theirs)];
      console.log(
        `questions over HTTP, ${pass}: median ${a.toFixed(1)} / ${b.toFixed(1)} ms, ×${(a / b).toFixed(2)} (${questions.length} questions; load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
      );
    }
  } finally {
    await api.stop();
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
