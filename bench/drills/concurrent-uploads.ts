/**
 * Drill: uploads at the same moment, against the real app and ingest service
 * (in this process) over a real Meilisearch:
 *  1. `identical` uploads of the same bytes at once → exactly one 201, the
 *     others 409 with a link to the one that won; no 5xx;
 *  2. `distinct` uploads of different protocols at once → all 201 (or 503 with
 *     Retry-After when the upload queue is full); no 5xx;
 *  3. after both: every agenda item in the index belongs to a protocol that
 *     exists (same content hash), no two protocols share the same source bytes.
 * With `crash`, the drill also runs its own embedded Meilisearch and kills it
 * (SIGKILL) the moment the first of `distinct` more uploads starts its index
 * write, restarted by the supervisor only 3 s later: each upload answers 201
 * or 503, never another 5xx, and once Meilisearch is back (and the rollbacks it
 * could not take meanwhile are done) the index holds no orphan item.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadConfig } from '../../domain/config.js';
import { startEmbeddedMeili, type EmbeddedMeili } from '../../domain/store/server.js';
import { Indexer } from '../../ingest/indexer.js';
import { createIngestService } from '../../ingest/service.js';
import { createApp } from '../../src/api/app.js';
import { serve } from '../../src/api/serve.js';
import { connect } from '../../src/runtime.js';
import { generateProtocol, renderText } from '../lib/corpus.js';
import { prefixFor, sleep, tmp, type MeiliTarget } from './common.js';
import { dropPrefix, snapshotIndex } from './snapshot.js';

export interface ConcurrentUploadsReport {
  identical: number[];
  distinct: number[];
  /** Statuses of the uploads during which Meilisearch was killed (with `crash`). */
  duringCrash: number[];
  /** 409 answers that linked to the protocol that won. */
  conflictsLinked: number;
  protocols: number;
  orphanItems: number;
  duplicateSources: number;
  /** Temp upload files left in uploads/ afterwards. */
  leftovers: number;
  /** The API's error log lines (5xx causes). */
  errors: string[];
  problems: string[];
}

const ADMIN = 'drill-admin-key-0123456789abcdef';

/** A protocol of a few kB; `i` picks which one. Long enough that its ingest and write take a moment. */
const protocolBytes = (seed: number, i: number) =>
  new TextEncoder().encode(
    Array.from({ length: 3 }, (_, k) => renderText(generateProtocol(seed, i * 3 + k))).join('\n\n'),
  );

export async function concurrentUploadsDrill(options: {
  meili: MeiliTarget;
  identical?: number;
  distinct?: number;
  /** Also kill an embedded Meilisearch of the drill's own during uploads. */
  crash?: boolean;
  seed?: number;
}): Promise<ConcurrentUploadsReport> {
  const identical = options.identical ?? 8;
  const distinct = options.distinct ?? 6;
  const seed = options.seed ?? 11;
  const root = tmp('concurrent');
  const corpus = path.join(root, 'corpus');
  mkdirSync(corpus, { recursive: true });
  let own: EmbeddedMeili | null = null;
  if (options.crash) own = await startEmbeddedMeili({ dataDir: path.join(root, 'meili'), restartDelayMs: 3000 });
  const meili = own ? { url: own.url, masterKey: own.masterKey } : options.meili;
  const prefix = prefixFor('concurrent', seed);
  const config = loadConfig({
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    INDEX_PREFIX: prefix,
    CORPUS_DIR: corpus,
    DATA_DIR: path.join(root, 'data'),
    ADMIN_API_KEY: ADMIN,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_REQUESTS: 'false',
    INGEST_WORKERS: '1',
  });
  const runtime = await connect(config);
  // Short retries: an upload gives up (503) while Meilisearch is down rather than outlast the restart.
  const indexer = new Indexer(runtime.admin, runtime.names, { attempts: 3, baseDelayMs: 100 });
  const service = createIngestService({ config, indexer });
  const errors: string[] = [];
  const app = createApp({
    config,
    search: runtime.search,
    indexer: runtime.indexer,
    ingest: service,
    log: (line) => {
      if (line.startsWith('[error]')) errors.push(line);
    },
  });
  const server: Server = await serve(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const upload = async (bytes: Uint8Array, name: string) => {
    const res = await fetch(`${url}/api/ingest?filename=${encodeURIComponent(name)}`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'text/plain' },
    }).catch(() => null);
    if (!res) return { status: 0, body: {} as Record<string, unknown> };
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const problems: string[] = [];
  const report: ConcurrentUploadsReport = {
    identical: [],
    distinct: [],
    duringCrash: [],
    conflictsLinked: 0,
    protocols: 0,
    orphanItems: 0,
    duplicateSources: 0,
    leftovers: 0,
    errors,
    problems,
  };
  try {
    // 1. The same bytes, under different names, all at once.
    const same = protocolBytes(seed, 0);
    const first = await Promise.all(Array.from({ length: identical }, (_, i) => upload(same, `samma-${i}.txt`)));
    report.identical = first.map((r) => r.status);
    const won = first.filter((r) => r.status === 201);
    const lost = first.filter((r) => r.status === 409);
    if (won.length !== 1 || lost.length !== identical - 1)
      problems.push(`identical uploads: ${won.length} × 201 and ${lost.length} × 409 (${report.identical.join(' ')})`);
    const winner = won[0]?.body.url;
    report.conflictsLinked = lost.filter((r) => winner !== undefined && r.body.protocolUrl === winner).length;
    if (winner !== undefined && report.conflictsLinked !== lost.length)
      problems.push(`${lost.length - report.conflictsLinked} of the 409s did not link to ${String(winner)}`);

    // 1b. The same bytes again, now indexed: every one 409, every one linking the protocol.
    const again = await Promise.all(Array.from({ length: 3 }, (_, i) => upload(same, `igen-${i}.txt`)));
    if (again.some((r) => r.status !== 409 || (winner !== undefined && r.body.protocolUrl !== winner)))
      problems.push(
        `the same bytes once indexed answered ${again.map((r) => `${r.status} ${String(r.body.protocolUrl)}`).join(', ')}`,
      );

    // 2. Different protocols, all at once.
    const second = await Promise.all(
      Array.from({ length: distinct }, (_, i) => upload(protocolBytes(seed, i + 1), `olika-${i}.txt`)),
    );
    report.distinct = second.map((r) => r.status);
    const ok = second.filter((r) => r.status === 201 || r.status === 503).length;
    if (ok !== distinct || !second.some((r) => r.status === 201))
      problems.push(`distinct uploads answered ${report.distinct.join(' ')}`);

    // 3. Meilisearch killed as the first of more uploads writes to it.
    if (own) {
      // Killed once the first upload's agenda items are in Meilisearch's queue, before its protocol is.
      const last = (await runtime.admin.tasks.getTasks({ limit: 1 })).results[0]?.uid ?? -1;
      const killer = (async () => {
        for (let i = 0; i < 3000; i++) {
          const page = await runtime.admin.tasks.getTasks({
            indexUids: [runtime.names.items],
            types: ['documentAdditionOrUpdate'],
            limit: 1,
          });
          if ((page.results[0]?.uid ?? -1) > last) {
            process.kill(own.pid, 'SIGKILL');
            return;
          }
          await sleep(2);
        }
      })();
      const third = await Promise.all(
        Array.from({ length: distinct }, (_, i) => upload(protocolBytes(seed, i + 100), `krasch-${i}.txt`)),
      );
      await killer;
      report.duringCrash = third.map((r) => r.status);
      if (report.duringCrash.some((s) => s !== 201 && s !== 503))
        problems.push(`uploads during the crash answered ${report.duringCrash.join(' ')}`);
      if (!report.duringCrash.includes(503)) problems.push('no upload met the crash (none answered 503)');
      for (const r of third)
        if (r.status === 503 && !String(r.body.detail ?? '').includes('Försök igen'))
          problems.push(`a 503 did not say what to do: ${String(r.body.detail)}`);
      // Meilisearch back, and the rollbacks it could not take while down done.
      for (let i = 0; i < 200 && (indexer.pendingRollbacks() > 0 || own.restarts < 1); i++) await sleep(100);
      if (own.restarts < 1) problems.push('Meilisearch was not restarted');
      if (indexer.pendingRollbacks() > 0) problems.push(`${indexer.pendingRollbacks()} rollbacks still pending`);
      for (let i = 0; i < 100; i++) {
        if (
          await fetch(`${meili.url}/health`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await sleep(100);
      }
    }

    for (const r of [...first, ...second])
      if (r.status >= 500 && r.status !== 503)
        problems.push(`an upload answered ${r.status}: ${String(r.body.detail)}`);
    const snapshot = await snapshotIndex(runtime.admin, prefix);
    report.protocols = snapshot.protocols.size;
    report.orphanItems = snapshot.orphanItems.length;
    if (report.orphanItems > 0)
      problems.push(
        `${report.orphanItems} agenda items have no protocol (${snapshot.orphanItems.slice(0, 3).join(', ')})`,
      );
    const sources = await runtime.admin
      .index(runtime.names.protocols)
      .getDocuments<{ sourceHash: string }>({ fields: ['sourceHash'], limit: 10_000 });
    const hashes = sources.results.map((d) => d.sourceHash);
    report.duplicateSources = hashes.length - new Set(hashes).size;
    if (report.duplicateSources > 0) problems.push(`${report.duplicateSources} protocols repeat another's bytes`);
    const expected =
      1 + report.distinct.filter((s) => s === 201).length + report.duringCrash.filter((s) => s === 201).length;
    if (report.protocols !== expected) problems.push(`${report.protocols} protocols indexed, ${expected} uploads won`);
    report.leftovers = readdirSync(path.join(corpus, 'uploads')).filter((f) => f.startsWith('.incoming')).length;
    if (report.leftovers > 0) problems.push(`${report.leftovers} temp files left in uploads/`);
    return report;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await service.close();
    await dropPrefix(runtime.admin, prefix).catch(() => undefined);
    await runtime.close();
    await own?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
