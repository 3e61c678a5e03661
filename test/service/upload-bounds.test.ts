/**
 * The bounds on writes: a disk below its free-space floor answers 507
 * storage-full at once and writes nothing; past UPLOAD_QUEUE an upload answers
 * 503 with Retry-After at once; a failed index write keeps the bytes aside with
 * their reason. And the clean start: temp files a killed upload left are
 * removed and the index is checked, both reported in /health. Real service,
 * real app, real Meilisearch.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames, protocolSettings } from '../../domain/store/index-settings.js';
import { startEmbeddedMeili } from '../../domain/store/server.js';
import { Indexer } from '../../ingest/indexer.js';
import { createIngestService } from '../../ingest/service.js';
import { connect, type Runtime } from '../../src/runtime.js';
import { startApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';
import { SEED_FILES, seedTextPath } from '../helpers/seed.js';

const ADMIN = 'test-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };
const seed = (n: number) => readFileSync(seedTextPath(SEED_FILES[n]!));

let runtime: Runtime;
const roots: string[] = [];
beforeAll(async () => {
  ({ runtime } = await testRuntime());
});
afterAll(async () => {
  await dropIndexes(runtime);
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A service and app over a fresh corpus folder, with config overrides. */
async function serviceWith(overrides: Record<string, string>, indexer = runtime.indexer, over: Runtime = runtime) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bounds-'));
  roots.push(root);
  const config = testConfig({
    MEILI_URL: over.meiliUrl,
    INDEX_PREFIX: over.names.prefix,
    ADMIN_API_KEY: ADMIN,
    CORPUS_DIR: path.join(root, 'corpus'),
    DATA_DIR: path.join(root, 'data'),
    INGEST_WORKERS: '1',
    ...overrides,
  });
  const service = createIngestService({ config, indexer });
  const api = await startApp({ config, search: over.search, indexer, ingest: service });
  const upload = (bytes: Uint8Array, name: string) =>
    api.get(`/api/ingest?filename=${encodeURIComponent(name)}`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { ...auth, 'Content-Type': 'text/plain' },
    });
  return {
    root,
    config,
    service,
    api,
    upload,
    close: async () => {
      await api.close();
      await service.close();
    },
  };
}

describe('an upload on a disk below MIN_FREE_DISK_MB', () => {
  it('answers 507 storage-full at once and writes nothing', async () => {
    // A floor no disk here has free: every upload would leave less than it.
    const s = await serviceWith({ MIN_FREE_DISK_MB: '10000000' });
    try {
      const started = performance.now();
      const res = await s.upload(seed(0), 'golv.txt');
      const ms = performance.now() - started;
      expect(res.status).toBe(507);
      const body = (await res.json()) as { type: string; detail: string };
      expect(body.type).toMatch(/\/storage-full$/);
      expect(body.detail).toMatch(/MIN_FREE_DISK_MB/);
      expect(ms).toBeLessThan(5000);
      expect(existsSync(path.join(s.config.CORPUS_DIR, 'uploads', 'golv.txt'))).toBe(false);
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('uploads past UPLOAD_QUEUE', () => {
  it('answer 503 with Retry-After at once; the admitted ones are ingested', async () => {
    const s = await serviceWith({ UPLOAD_QUEUE: '2' });
    try {
      const answers = await Promise.all([0, 1, 2, 3].map((n) => s.upload(seed(n), `ko-${n}.txt`)));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 503, 503]);
      const refused = answers.find((r) => r.status === 503)!;
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/UPLOAD_QUEUE/);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('an upload whose index write Meilisearch refuses', () => {
  it('answers 422, leaves nothing indexed, and keeps the bytes aside with the reason', async () => {
    // An indexer writing to an items index whose primary key is not `id`: Meilisearch fails the write.
    const prefix = `${runtime.names.prefix}x`;
    await runtime.admin.createIndex(`${prefix}-items`, { primaryKey: 'uid' }).waitTask();
    await runtime.admin.createIndex(`${prefix}-protocols`, { primaryKey: 'id' }).waitTask();
    // The protocols index as ensureIndexes leaves it (the upload files its body by the body facet).
    await runtime.admin.index(`${prefix}-protocols`).updateSettings(protocolSettings()).waitTask();
    await runtime.admin.createIndex(`${prefix}-failures`, { primaryKey: 'id' }).waitTask();
    const names = indexNames(prefix);
    const s = await serviceWith({}, new Indexer(runtime.admin, names));
    try {
      const res = await s.upload(seed(1), 'vägrad.txt');
      expect(res.status).toBe(422);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/Sökindexet tog inte emot/);
      expect(readdirSync(path.join(s.config.CORPUS_DIR, 'uploads')).filter((f) => !f.startsWith('.'))).toEqual([]);
      const kept = readdirSync(path.join(s.config.DATA_DIR, 'rejected'));
      expect(kept.filter((f) => f.endsWith('.reason.txt'))).toHaveLength(1);
      const reason = readFileSync(
        path.join(s.config.DATA_DIR, 'rejected', kept.find((f) => f.endsWith('.reason.txt'))!),
        'utf8',
      );
      expect(reason).toMatch(/Sökindexet tog inte emot/);
      expect((await runtime.admin.index(names.protocols).getStats()).numberOfDocuments).toBe(0);
    } finally {
      await s.close();
      await Promise.all(
        [names.items, names.protocols, names.failures].map((uid) => runtime.admin.deleteIndex(uid).waitTask()),
      );
    }
  }, 60_000);
});

describe('the clean start', () => {
  it('removes temp files a killed upload left (uploads/ and the stored copies) and reports them and the check in /health', async () => {
    const s = await serviceWith({});
    try {
      const uploads = path.join(s.config.CORPUS_DIR, 'uploads');
      const sources = path.join(s.config.DATA_DIR, 'sources');
      mkdirSync(uploads, { recursive: true });
      mkdirSync(sources, { recursive: true });
      // pid 2^22 + 1 is above Linux's pid_max: no process has it.
      writeFileSync(path.join(uploads, '.incoming-4194305-0a1b2c3d4e5f.tmp'), 'halvfärdig uppladdning');
      writeFileSync(path.join(sources, '.incoming-4194305-abcdef012345.tmp'), 'halvfärdig kopia');
      writeFileSync(path.join(uploads, 'riktig.txt'), seed(2));
      const before = (await (await s.api.get('/health')).json()) as { integrity: { status: string } };
      expect(before.integrity.status).toBe('pending');
      const state = await s.service.start();
      expect(state.leftoverTempsRemoved).toBe(2);
      expect(readdirSync(uploads)).toEqual(['riktig.txt']);
      expect(readdirSync(sources)).toEqual([]);
      const health = (await (await s.api.get('/health')).json()) as {
        integrity: { status: string; leftoverTempsRemoved: number; checkedAt: string };
      };
      expect(health.integrity.leftoverTempsRemoved).toBe(2);
      expect(health.integrity.checkedAt).toBeTruthy();
      const full = (await (await s.api.get('/api/ingest/integrity', { headers: auth })).json()) as {
        check: { protocols: number };
      };
      expect(full.check.protocols).toBeGreaterThanOrEqual(0);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('an index write that outruns WRITE_TIMEOUT_MS', () => {
  it('is canceled and rolled back: 503 with Retry-After, no item and no protocol left', async () => {
    // A Meilisearch of this test's own, kept busy by a long write so the upload's tasks wait in its queue.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-slow-meili-'));
    roots.push(dataDir);
    const meili = await startEmbeddedMeili({ dataDir });
    const own = await connect(
      testConfig({
        MEILI_URL: meili.url,
        MEILI_MASTER_KEY: meili.masterKey,
        INDEX_PREFIX: 'slow',
        WRITE_TIMEOUT_MS: '1500',
      }),
    );
    try {
      const words = 'nämnd beslut vård omsorg region kommun samverkan hälsa '.repeat(40);
      const docs = Array.from({ length: 15_000 }, (_, i) => ({ id: i, text: `${words} ${i}` }));
      const s = await serviceWith({ WRITE_TIMEOUT_MS: '1500' }, own.indexer, own);
      try {
        const t0 = performance.now();
        const blocker = await own.admin.index('blocker').addDocuments(docs, { primaryKey: 'id' });
        const t1 = performance.now();
        const res = await s.upload(seed(3), 'långsam.txt');
        const ms = performance.now() - t1;
        console.log(
          `blocking write enqueued in ${(t1 - t0).toFixed(0)} ms; the upload answered in ${ms.toFixed(0)} ms`,
        );
        const blockerTask = await own.admin.tasks.getTask(blocker.taskUid);
        console.log(`slow write: ${res.status}; the blocking write was ${blockerTask.status}`);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBeTruthy();
        // Parsing, then at most the write deadline, the cancelation's and the rollback's grace (1 s each here).
        expect(ms).toBeLessThan(60_000);
        await own.admin.tasks.waitForTask(blocker.taskUid, { timeout: 170_000 });
        await own.indexer.quiet(30_000);
        expect((await own.admin.index(own.names.items).getStats()).numberOfDocuments).toBe(0);
        expect((await own.admin.index(own.names.protocols).getStats()).numberOfDocuments).toBe(0);
        expect(readdirSync(path.join(s.config.CORPUS_DIR, 'uploads')).filter((f) => !f.startsWith('.'))).toEqual([]);
      } finally {
        await s.close();
      }
    } finally {
      await own.close();
      await meili.stop();
    }
  }, 240_000);
});
