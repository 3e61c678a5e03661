/**
 * Parsing is bounded from outside the parser: a flate-bomb PDF inflates in a
 * child process that is killed past its memory cap (ArrayBuffers included) and
 * reported with a Swedish reason, while the caller's memory stays flat; and one
 * queue bounds how many files are parsed at once.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPool } from '../../ingest/pool.js';
import { createIngestService, type IngestService } from '../../ingest/service.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { makeFlateBomb } from '../helpers/pdfs.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';
import { seedTextPath } from '../helpers/seed.js';

let bomb: Buffer;
beforeAll(async () => {
  // ~400 KB on disk, 400 MB once inflated.
  bomb = await makeFlateBomb(400);
});

describe('IngestPool memory cap', () => {
  it('kills a flate bomb past the cap and sets it aside as too complex, the caller\'s memory untouched', async () => {
    const pool = new IngestPool({ size: 1, memoryMb: 300, timeoutMs: 60_000 });
    try {
      const before = process.memoryUsage().rss;
      const result = await pool.ingest(new Uint8Array(bomb), 'bomb.pdf');
      expect(result.ok ? null : result.failure).toMatchObject({ kind: 'too-complex', reason: expect.stringMatching(/krävde mer än 300 MB minne/) });
      expect(pool.memoryKills).toBe(1);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('parses no more files at once than its size, whoever asks', async () => {
    const pool = new IngestPool({ size: 1, timeoutMs: 30_000 });
    try {
      const text = new Uint8Array(readFileSync(seedTextPath('001_50d6c6026012b732')));
      let most = 0;
      const sampler = setInterval(() => (most = Math.max(most, pool.processes)), 5);
      const results = await Promise.all([0, 1, 2, 3].map((i) => pool.ingest(text, `kö/${i}.txt`)));
      clearInterval(sampler);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(most).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('POST /api/ingest with a flate bomb', () => {
  let runtime: Runtime;
  let api: RunningApp;
  let service: IngestService;
  let corpus: string;
  let dataDir: string;
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bomb-corpus-'));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bomb-data-'));
    const config = testConfig({ INDEX_PREFIX: runtime.names.items.replace(/-items$/, ''), ADMIN_API_KEY: 'test-admin-key-0123456789', CORPUS_DIR: corpus, DATA_DIR: dataDir, INGEST_MEMORY_MB: '300' });
    service = createIngestService({ config, indexer: runtime.indexer });
    api = await startApp({ config, search: runtime.search, indexer: runtime.indexer, ingest: service });
  });
  afterAll(async () => {
    await api?.close();
    await service?.close();
    await dropIndexes(runtime);
    rmSync(corpus, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 422 with a Swedish reason and stores nothing', async () => {
    const res = await api.get('/api/ingest?filename=bomb.pdf', { method: 'POST', body: new Uint8Array(bomb), headers: { Authorization: 'Bearer test-admin-key-0123456789', 'Content-Type': 'application/pdf' } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: string; failureKind: string };
    expect(body.failureKind).toBe('too-complex');
    expect(body.detail).toMatch(/komprimeringsbomb/);
    expect(readdirSync(path.join(corpus, 'uploads'))).toEqual([]);
  }, 60_000);
});
