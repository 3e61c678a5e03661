/**
 * Drill: a flate-bomb PDF (small on disk, hundreds of MB once inflated)
 * uploaded to a real API process (`src/main.ts`). The parse runs in a
 * memory-capped ingest process that is killed past its cap: the API's own
 * resident set stays under 600 MB, the answer is 422 with a Swedish reason,
 * nothing is stored, and the API goes on serving.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeFlateBomb } from '../lib/pdf.js';
import { prefixFor, rssOf, tmp, type MeiliTarget } from './common.js';
import { meiliEnv, startApi, type ApiProcess } from './procs.js';
import { adminFor, dropPrefix } from './snapshot.js';

export interface FlateBombReport {
  bombBytes: number;
  inflatedMb: number;
  status: number;
  failureKind: string | null;
  detail: string;
  seconds: number;
  apiRssBeforeMb: number;
  apiRssPeakMb: number;
  healthyAfter: boolean;
  problems: string[];
}

const ADMIN = 'drill-admin-key-0123456789abcdef';

/** `memoryMb` is the API's INGEST_MEMORY_MB: the bomb must inflate past it (default: the service's own default). */
export async function flateBombDrill(options: {
  meili: MeiliTarget;
  inflatedMb: number;
  uploads?: number;
  memoryMb?: number;
}): Promise<FlateBombReport> {
  const corpus = tmp('bomb');
  const prefix = prefixFor('bomb', 1);
  let api: ApiProcess | null = null;
  const problems: string[] = [];
  try {
    const bomb = await makeFlateBomb(options.inflatedMb);
    api = await startApi(
      meiliEnv(options.meili.url, options.meili.masterKey, prefix, {
        CORPUS_DIR: corpus,
        DATA_DIR: path.join(corpus, '.data'),
        ADMIN_API_KEY: ADMIN,
        MAX_UPLOAD_MB: '50',
        ...(options.memoryMb ? { INGEST_MEMORY_MB: String(options.memoryMb) } : {}),
      }),
    );
    const pid = api.child.pid!;
    const apiRssBefore = rssOf(pid);
    let peak = apiRssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
    const started = performance.now();
    // Several at once: each waits for its turn in the one ingest queue.
    const answers = await Promise.all(
      Array.from({ length: options.uploads ?? 1 }, (_, i) =>
        fetch(`${api!.url}/api/ingest?filename=bomb-${i}.pdf`, {
          method: 'POST',
          body: new Uint8Array(bomb),
          headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/pdf' },
          signal: AbortSignal.timeout(120_000),
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { detail?: string; failureKind?: string },
        })),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const first = answers[0]!;
    const healthyAfter =
      (await fetch(`${api.url}/health`).then(
        (r) => r.status,
        () => 0,
      )) === 200;
    const stored = readdirSync(path.join(corpus, 'uploads')).filter((f) => !f.startsWith('.'));
    for (const a of answers) {
      if (a.status !== 422) problems.push(`the upload answered ${a.status}, expected 422`);
      if (a.body.failureKind !== 'too-complex')
        problems.push(`failure kind ${a.body.failureKind}, expected too-complex`);
      if (!/minne/.test(a.body.detail ?? '')) problems.push(`the reason does not say why in Swedish: ${a.body.detail}`);
    }
    if (peak > 600 * 1024 * 1024)
      problems.push(`the API's resident set peaked at ${Math.round(peak / 1e6)} MB (limit 600 MB)`);
    if (!healthyAfter) problems.push('the API was not healthy afterwards');
    if (stored.length > 0) problems.push(`files were stored: ${stored.join(', ')}`);
    return {
      bombBytes: bomb.length,
      inflatedMb: options.inflatedMb,
      status: first.status,
      failureKind: first.body.failureKind ?? null,
      detail: first.body.detail ?? '',
      seconds,
      apiRssBeforeMb: Math.round(apiRssBefore / 1e6),
      apiRssPeakMb: Math.round(peak / 1e6),
      healthyAfter,
      problems,
    };
  } finally {
    await api?.stop();
    await dropPrefix(adminFor(options.meili.url, options.meili.masterKey), prefix);
    rmSync(corpus, { recursive: true, force: true });
  }
}
