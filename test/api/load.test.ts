/**
 * Past capacity the API sheds load at once (503 problem+json with Retry-After,
 * in Swedish) instead of queueing into Meilisearch's timeout; the heavy views
 * are computed once per question and corpus version.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionGate, OVERLOADED_DETAIL } from '../../domain/store/admission.js';
import { AppError } from '../../domain/errors.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { CORPUS_DIR, dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';
import { ingestFiles, listCorpus } from '../../ingest/index.js';

const enc = encodeURIComponent;

describe('AdmissionGate', () => {
  it('runs up to its concurrency, queues up to its queue, and turns the rest away at once', async () => {
    const gate = new AdmissionGate({ concurrency: 1, maxQueue: 1, maxWaitMs: 5_000 });
    let release!: () => void;
    const first = gate.run(() => new Promise<string>((r) => (release = () => r('first'))));
    const second = gate.run(async () => 'second');
    const started = Date.now();
    await expect(gate.run(async () => 'third')).rejects.toMatchObject({
      kind: 'overloaded',
      detail: OVERLOADED_DETAIL,
    });
    expect(Date.now() - started).toBeLessThan(100);
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(gate.load).toEqual({ running: 0, waiting: 0, shed: 1 });
  });

  it('gives up on a wait longer than maxWaitMs', async () => {
    const gate = new AdmissionGate({ concurrency: 1, maxQueue: 10, maxWaitMs: 50 });
    let release!: () => void;
    const blocker = gate.run(() => new Promise<void>((r) => (release = r)));
    const waited = gate.run(async () => 'never');
    await expect(waited).rejects.toBeInstanceOf(AppError);
    release();
    await blocker;
    expect(await gate.run(async () => 'after')).toBe('after');
  });
});

describe('load shedding through the API', () => {
  let runtime: Runtime;
  let api: RunningApp;
  beforeAll(async () => {
    ({ runtime } = await testRuntime({ SEARCH_CONCURRENCY: '1', SEARCH_QUEUE: '0' }));
    await ingestBundledCorpus(runtime);
    api = await startAppOver(runtime);
  });
  afterAll(async () => {
    await api?.close();
    await dropIndexes(runtime);
  });

  it('answers a burst beyond capacity with quick 503s that say when to come back, and serves the rest', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.get(`/api/search?q=${enc(['vård', 'samverkan', 'psykisk hälsa'][i % 3]!)}&page=${1 + (i % 4)}`),
      ),
    );
    const elapsed = Date.now() - started;
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    const shed = answers.filter((r) => r.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    for (const r of shed) {
      expect(r.headers.get('retry-after')).toBe('2');
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await r.json()).toMatchObject({ status: 503, detail: OVERLOADED_DETAIL });
    }
    expect(elapsed).toBeLessThan(3_000);
  });
});

describe('answer cache', () => {
  let runtime: Runtime;
  let api: RunningApp;
  const corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-cache-'));
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    for (const f of ['000_fba7a9fba055a2c4.pdf', '001_50d6c6026012b732.pdf'])
      copyFileSync(path.join(CORPUS_DIR, f), path.join(corpus, f));
    await ingestBundledCorpus(runtime, corpus);
    api = await startAppOver(runtime);
  });
  afterAll(async () => {
    await api?.close();
    await dropIndexes(runtime);
    rmSync(corpus, { recursive: true, force: true });
  });

  it('computes a timeline and a search page once per corpus version and again, unprompted, after an ingest adds a meeting', async () => {
    const cache = runtime.search.cache!;
    const url = `/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}`;
    const searchUrl = `/api/search?q=${enc('hälso- och sjukvård i hemmet')}`;
    const before = await api.json<{ meetings: { meetingDate: string }[] }>(url);
    const searchBefore = await api.json<{ total: number }>(searchUrl);
    const misses = cache.misses;
    const hits = cache.hits;
    const again = await api.json<{ meetings: { meetingDate: string }[] }>(url);
    const searchAgain = await api.json<{ total: number }>(searchUrl);
    expect(again.body).toEqual(before.body);
    expect(searchAgain.body).toEqual(searchBefore.body);
    expect(cache.misses).toBe(misses);
    expect(cache.hits).toBe(hits + 2);

    copyFileSync(path.join(CORPUS_DIR, '003_5f027efdf8c98c30.pdf'), path.join(corpus, '003_5f027efdf8c98c30.pdf'));
    await ingestFiles(runtime.indexer, await listCorpus(corpus), { maxFileBytes: 50 * 1024 * 1024 });
    // No invalidate(): another process's ingest is seen once the corpus stamp is read again (at most a second
    // later); polled, so the test neither waits out a fixed timer nor depends on how long the stamp lives.
    await expect
      .poll(async () => (await api.json<{ meetings: unknown[] }>(url)).body.meetings.length, {
        timeout: 5_000,
        interval: 100,
      })
      .toBeGreaterThan(before.body.meetings.length);
    expect((await api.json<{ total: number }>(searchUrl)).body.total).toBeGreaterThan(searchBefore.body.total);
  });
});
