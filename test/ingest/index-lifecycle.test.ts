/**
 * Re-ingest semantics against the real server: stable ids, incremental skips,
 * a changed file replacing all its old items, a deleted file leaving the index,
 * and a Meilisearch that goes away mid-run.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument, ProtocolDocument } from '../../domain/schemas.js';
import { createAdminClient } from '../../domain/store/client.js';
import { indexNames } from '../../domain/store/index-settings.js';
import { projectRoot } from '../../domain/paths.js';
import { Indexer, IndexUnavailableError } from '../../ingest/indexer.js';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import type { Runtime } from '../../src/runtime.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

const SEED = path.join(projectRoot, 'test/fixtures/seed');
const options = { maxFileBytes: 10 * 1024 * 1024, removeMissing: true };

async function allItems(runtime: Runtime): Promise<ItemDocument[]> {
  const res = await runtime.admin.index<ItemDocument>(runtime.names.items).getDocuments({ limit: 10_000 });
  return res.results;
}
async function allProtocols(runtime: Runtime): Promise<ProtocolDocument[]> {
  const res = await runtime.admin.index<ProtocolDocument>(runtime.names.protocols).getDocuments({ limit: 10_000 });
  return res.results;
}

describe('ingesting a corpus folder again', () => {
  let runtime: Runtime;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-lifecycle-'));
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    for (const name of ['000_fba7a9fba055a2c4.txt', '002_dd3eb397fa6549bb.txt'])
      copyFileSync(path.join(SEED, name), path.join(dir, name));
  });
  afterAll(async () => {
    await dropIndexes(runtime);
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes every item once, with ids derived from the source file', async () => {
    const summary = await ingestFiles(runtime.indexer, await listCorpus(dir), options);
    expect(summary).toMatchObject({ ingested: 2, unchanged: 0, failed: [] });
    const items = await allItems(runtime);
    expect(items.length).toBe(summary.items);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const ids = items.map((i) => i.id).sort();
    // A forced re-ingest replaces, it does not duplicate.
    await ingestFiles(runtime.indexer, await listCorpus(dir), { ...options, force: true });
    expect((await allItems(runtime)).map((i) => i.id).sort()).toEqual(ids);
  });

  it('skips unchanged files', async () => {
    const summary = await ingestFiles(runtime.indexer, await listCorpus(dir), options);
    expect(summary).toMatchObject({ ingested: 0, unchanged: 2 });
  });

  it('replaces all old items of a changed file, including items that no longer exist', async () => {
    const file = path.join(dir, '000_fba7a9fba055a2c4.txt');
    const original = readFileSync(file, 'utf8');
    const before = (await allItems(runtime)).filter((i) => i.sourceFile === '000_fba7a9fba055a2c4.txt');
    // Cut the protocol before item 10: items 10-14 must leave the index.
    writeFileSync(file, original.slice(0, original.indexOf('10. Ledarskapsutbildning')));
    const summary = await ingestFiles(runtime.indexer, await listCorpus(dir), options);
    expect(summary).toMatchObject({ ingested: 1, unchanged: 1 });
    const after = (await allItems(runtime)).filter((i) => i.sourceFile === '000_fba7a9fba055a2c4.txt');
    expect(after.length).toBeLessThan(before.length);
    expect(after.map((i) => i.title)).not.toContain('Ledarskapsutbildning');
    const protocol = (await allProtocols(runtime)).find((p) => p.sourceFile === '000_fba7a9fba055a2c4.txt')!;
    expect(new Set(after.map((i) => i.contentHash))).toEqual(new Set([protocol.contentHash]));
  });

  it('removes a deleted file and all its items', async () => {
    unlinkSync(path.join(dir, '002_dd3eb397fa6549bb.txt'));
    const summary = await ingestFiles(runtime.indexer, await listCorpus(dir), options);
    expect(summary.removed).toBe(1);
    expect((await allItems(runtime)).some((i) => i.sourceFile === '002_dd3eb397fa6549bb.txt')).toBe(false);
    expect((await allProtocols(runtime)).map((p) => p.sourceFile)).toEqual(['000_fba7a9fba055a2c4.txt']);
  });

  it('sets a broken file aside with its reason and ingests the rest', async () => {
    writeFileSync(path.join(dir, 'trasig.pdf'), '%PDF-1.7\nthis is not really a pdf');
    copyFileSync(path.join(SEED, '004_1652b9c4fdf6c7f8.txt'), path.join(dir, '004_1652b9c4fdf6c7f8.txt'));
    const summary = await ingestFiles(runtime.indexer, await listCorpus(dir), options);
    expect(summary.ingested).toBe(1);
    expect(summary.failed.map((f) => [f.sourceFile, f.kind])).toEqual([['trasig.pdf', 'corrupt']]);
    expect((await runtime.indexer.listFailures()).map((f) => f.sourceFile)).toEqual(['trasig.pdf']);
    // Fixed or removed: the failure record goes away.
    unlinkSync(path.join(dir, 'trasig.pdf'));
    await ingestFiles(runtime.indexer, await listCorpus(dir), options);
    expect(await runtime.indexer.listFailures()).toEqual([]);
  });
});

describe('when Meilisearch is unreachable', () => {
  it('retries with backoff, then stops with a clear error instead of losing files', async () => {
    const admin = createAdminClient({ url: 'http://127.0.0.1:9', masterKey: 'x'.repeat(32) });
    const retries: number[] = [];
    const indexer = new Indexer(admin, indexNames('down'), {
      attempts: 3,
      baseDelayMs: 10,
      onRetry: (n) => retries.push(n),
    });
    const files = await listCorpus(SEED);
    await expect(ingestFiles(indexer, files, options)).rejects.toThrow(IndexUnavailableError);
    expect(retries).toEqual([1, 2]);
  });
});

describe('when Meilisearch refuses a write', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    // An items index whose primary key is not `id`: Meilisearch fails every item write, as it would a corrupt one.
    await runtime.admin.deleteIndex(runtime.names.items).waitTask();
    await runtime.admin.createIndex(runtime.names.items, { primaryKey: 'uid' }).waitTask();
  });
  afterAll(() => dropIndexes(runtime));

  it('sets the protocols aside as index-error with Meilisearch’s reason and finishes the run', async () => {
    const files = (await listCorpus(SEED)).slice(0, 2);
    const summary = await ingestFiles(runtime.indexer, files, options);
    expect(summary.ingested).toBe(0);
    expect(summary.failed.map((f) => f.kind)).toEqual(['index-error', 'index-error']);
    expect(summary.failed[0]!.reason).toMatch(/^Sökindexet tog inte emot protokollet \(.*primary key.*\)/i);
    expect((await runtime.indexer.listFailures()).map((f) => f.sourceFile).sort()).toEqual(
      files.map((f) => f.sourceFile).sort(),
    );
    // Nothing marks them done: no protocol document was written.
    expect(await allProtocols(runtime)).toEqual([]);
  });
});
