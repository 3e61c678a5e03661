/**
 * The benchmark's two floors answer from the same recorded Meilisearch calls as the API: the bare
 * one with Meilisearch's own bytes, the work floor with the very hits the API returns (fields,
 * Swedish snippets, PDF links). Were they to drift apart, the work floor's figure would no longer
 * say what the API's shaping costs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFloor, type Floor } from '../../bench/floors.js';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '../../bench/record-proxy.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';

const SEARCH = `/api/search?q=${encodeURIComponent('psykisk hälsa')}`;

describe('the benchmark floors', () => {
  let runtime: Runtime;
  let proxy: RecordingProxy;
  let api: RunningApp;
  let recorded: RecordedRequest[];
  let answer: { hits: Record<string, unknown>[]; total: number };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-floors-'));
  const floors: Floor[] = [];

  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    await ingestBundledCorpus(runtime);
    // The API's calls pass through the recording proxy, as in the benchmark (answer cache off).
    proxy = await startRecordingProxy(runtime.meiliUrl);
    const { runtime: recording } = await testRuntime({
      MEILI_URL: proxy.url,
      INDEX_PREFIX: runtime.names.prefix,
      SEARCH_CACHE_ENTRIES: '0',
    });
    api = await startAppOver(recording, { MEILI_URL: proxy.url, SEARCH_CACHE_ENTRIES: '0' });
    proxy.take();
    const res = await api.get(SEARCH);
    answer = (await res.json()) as typeof answer;
    recorded = proxy.take();
    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify({ [SEARCH]: recorded }));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(floors.map((f) => f.stop()));
    await api?.close();
    await proxy?.close();
    if (runtime) await dropIndexes(runtime);
    rmSync(dir, { recursive: true, force: true });
  });

  it('records one Meilisearch search for a search page that has hits', () => {
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.path).toMatch(/\/indexes\/[^/]+\/search$/);
    expect(answer.hits.length).toBeGreaterThan(0);
  });

  it("the work floor answers with the API's hits, snippets marked alike", async () => {
    const floor = await startFloor(path.join(dir, 'calls.json'), runtime.meiliUrl, true);
    floors.push(floor);
    const page = (await (await fetch(`${floor.url}${SEARCH}`)).json()) as typeof answer;
    expect(page.hits).toEqual(answer.hits);
    expect(page.total).toBe(answer.total);
    expect(page.hits.some((h) => String(h.snippet).includes('<mark>'))).toBe(true);
  }, 60_000);

  it("the bare floor passes Meilisearch's answer through untouched", async () => {
    const floor = await startFloor(path.join(dir, 'calls.json'), runtime.meiliUrl, false);
    floors.push(floor);
    const raw = (await (await fetch(`${floor.url}${SEARCH}`)).json()) as Record<string, unknown>;
    expect(raw).toHaveProperty('processingTimeMs');
    expect((raw.hits as unknown[]).length).toBe(answer.hits.length);
    expect(await fetch(`${floor.url}/api/trends`).then((r) => r.status)).toBe(404);
  }, 60_000);
});
