/**
 * How the ingest groups protocols into Meilisearch writes: by count, by the
 * bytes their item documents take (spooled to disk) and by time, so a write can be as large
 * as Meilisearch indexes best while the worker's main process holds none of it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import { projectRoot } from '../../domain/paths.js';
import { Indexer, type ProtocolWrite } from '../../ingest/indexer.js';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import type { SpooledGroup } from '../../ingest/spool.js';
import type { Runtime } from '../../src/runtime.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

const SEED = path.join(projectRoot, 'test/fixtures/seed');
const options = { maxFileBytes: 10 * 1024 * 1024, force: true };

/** The real indexer, noting how many protocols each write carried. */
class CountingIndexer extends Indexer {
  writes: number[] = [];
  /** Protocols written one at a time (writeProtocols). */
  single = 0;
  override async writeProtocols(batch: ProtocolWrite[], known?: Parameters<Indexer['writeProtocols']>[1]) {
    this.single += batch.length;
    return super.writeProtocols(batch, known);
  }
  override async writeGroup(group: SpooledGroup, known?: Parameters<Indexer['writeGroup']>[1]): Promise<void> {
    // An empty write is a no-op (the final flush after a full batch).
    if (group.length > 0) this.writes.push(group.length);
    return super.writeGroup(group, known);
  }
}

describe('ingest writes', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
  });
  afterAll(async () => {
    await dropIndexes(runtime);
  });

  it('writes the seed protocols in one write when they fit the text budget', async () => {
    const indexer = new CountingIndexer(runtime.admin, runtime.names);
    const files = await listCorpus(SEED);
    const summary = await ingestFiles(indexer, files, options);
    expect(summary.ingested).toBe(files.length);
    expect(indexer.writes).toEqual([files.length]);
  });

  it('flushes a write as soon as its protocols carry more text than the budget, every protocol still indexed once', async () => {
    const indexer = new CountingIndexer(runtime.admin, runtime.names);
    const files = await listCorpus(SEED);
    const summary = await ingestFiles(indexer, files, { ...options, batchChars: 1 });
    expect(indexer.writes).toEqual(files.map(() => 1));
    const items = await runtime.admin
      .index<ItemDocument>(runtime.names.items)
      .getDocuments({ limit: 10_000, fields: ['id'] });
    expect(items.results.length).toBe(summary.items);
  });

  it('still caps a write at batchSize protocols when the text is short', async () => {
    const indexer = new CountingIndexer(runtime.admin, runtime.names);
    const files = await listCorpus(SEED);
    await ingestFiles(indexer, files, { ...options, batchSize: 2 });
    expect(indexer.writes).toEqual(
      Array.from({ length: Math.ceil(files.length / 2) }, (_, i) => Math.min(2, files.length - 2 * i)),
    );
  });

  it('writes a group once its first protocol has waited batchWaitMs, so a long run is searchable as it goes', async () => {
    const indexer = new CountingIndexer(runtime.admin, runtime.names);
    const files = await listCorpus(SEED);
    await ingestFiles(indexer, files, { ...options, batchWaitMs: 0 });
    expect(indexer.writes).toEqual(files.map(() => 1));
  });

  it('writes a group protocol by protocol, each tagged anew, when the taxonomy in use changed after it was spooled', async () => {
    const indexer = new CountingIndexer(runtime.admin, runtime.names);
    const files = await listCorpus(SEED);
    const apply = indexer.taxonomy.apply.bind(indexer.taxonomy);
    let spooled = 0;
    // The protocols are tagged as they are spooled (the first calls) with a version no longer in use,
    // as when a taxonomy is saved while the group fills.
    indexer.taxonomy.apply = (async (batch: ProtocolWrite[]) =>
      (await apply(batch)).map((b) =>
        spooled++ < files.length ? { ...b, protocol: { ...b.protocol, taxonomyDigest: 'sparad-sedan' } } : b,
      )) as typeof indexer.taxonomy.apply;
    const summary = await ingestFiles(indexer, files, options);
    expect(summary.ingested).toBe(files.length);
    expect(indexer.writes).toEqual([]);
    expect(indexer.single).toBe(files.length);
    const { version } = await indexer.taxonomy.active();
    const stored = await runtime.admin
      .index(runtime.names.protocols)
      .getDocuments<{ taxonomyDigest: string }>({ limit: 100, fields: ['taxonomyDigest'] });
    expect(new Set(stored.results.map((p) => p.taxonomyDigest))).toEqual(new Set([version.digest]));
  });
});
