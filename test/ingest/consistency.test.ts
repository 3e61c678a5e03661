/**
 * The consistency check (start, after every reindex): items without their
 * protocol or of another version of it are removed, protocols that lost items
 * are taken out so the next ingest reads them again, protocols whose bytes are
 * gone and identical files indexed twice are reported; a write in progress is
 * never taken for orphans. On the real seed protocols, a real Meilisearch.
 */
import { copyFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import { checkConsistency } from '../../ingest/consistency.js';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import { SourceStore } from '../../ingest/storage.js';
import type { Runtime } from '../../src/runtime.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';
import { SEED_FILES, seedTextPath } from '../helpers/seed.js';

let runtime: Runtime;
let corpus: string;
let sources: SourceStore;

const items = () => runtime.admin.index<ItemDocument>(runtime.names.items);
const protocolIds = async () => (await runtime.indexer.protocolRows()).map((p) => p.id).sort();
const ingest = async () =>
  ingestFiles(runtime.indexer, await listCorpus(corpus), {
    maxFileBytes: 10 * 1024 * 1024,
    removeMissing: true,
    sourceStore: sources,
  });

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-consistency-'));
  sources = new SourceStore(path.join(corpus, '.data', 'sources'));
  for (const name of SEED_FILES.slice(0, 4)) copyFileSync(seedTextPath(name), path.join(corpus, `${name}.txt`));
  // The same bytes twice, under two names.
  copyFileSync(seedTextPath(SEED_FILES[0]), path.join(corpus, 'kopia.txt'));
  const summary = await ingest();
  expect(summary.ingested).toBe(5);
}, 60_000);

afterAll(async () => {
  await dropIndexes(runtime);
  rmSync(corpus, { recursive: true, force: true });
});

describe('the consistency check', () => {
  it('finds nothing to repair in a freshly ingested index, and reports identical files', async () => {
    const report = await checkConsistency(runtime.indexer, { corpusRoot: corpus, sources });
    expect(report.orphanItems).toBe(0);
    expect(report.incompleteProtocols).toEqual([]);
    expect(report.withoutSource).toEqual([]);
    expect(report.duplicateSources).toEqual([[`${SEED_FILES[0]}.txt`, 'kopia.txt'].sort()]);
    expect(report.ok).toBe(false);
  });

  it('removes items whose protocol does not exist or is another version, and nothing else', async () => {
    const { results } = await items().getDocuments({ limit: 2, filter: `protocolId = "${(await protocolIds())[1]}"` });
    const [a, b] = results as ItemDocument[];
    const before = (await items().getStats()).numberOfDocuments;
    await items()
      .addDocuments([
        { ...a!, id: 'orphan-1', protocolId: 'finns-inte-1234' } as never,
        { ...b!, id: 'orphan-2', contentHash: 'en-annan-version' } as never,
      ])
      .waitTask();
    const report = await checkConsistency(runtime.indexer, { corpusRoot: corpus, sources, settleMs: 50 });
    expect(report.orphanItems).toBe(2);
    expect(report.removedOrphanItems).toBe(2);
    expect((await items().getStats()).numberOfDocuments).toBe(before);
    const again = await checkConsistency(runtime.indexer, { corpusRoot: corpus, sources, settleMs: 50 });
    expect(again.orphanItems).toBe(0);
  });

  it('takes out a protocol that lost items, and the next ingest reads it again', async () => {
    const [id] = await protocolIds();
    const { results } = await items().getDocuments({ limit: 1, filter: `protocolId = "${id}"` });
    await items().deleteDocuments([results[0]!.id]).waitTask();
    const report = await checkConsistency(runtime.indexer, { corpusRoot: corpus, sources, settleMs: 50 });
    expect(report.incompleteProtocols).toHaveLength(1);
    expect(await protocolIds()).not.toContain(id);
    const summary = await ingest();
    expect(summary.ingested).toBe(1);
    expect(await protocolIds()).toContain(id);
    expect((await checkConsistency(runtime.indexer, { corpusRoot: corpus, sources })).incompleteProtocols).toEqual([]);
  });

  it('reports a protocol whose file and stored copy are both gone', async () => {
    const row = (await runtime.indexer.protocolRows()).find((p) => p.sourceFile === `${SEED_FILES[3]}.txt`)!;
    unlinkSync(path.join(corpus, row.sourceFile));
    await sources.remove(row.contentHash, row.sourceFile);
    const report = await checkConsistency(runtime.indexer, { corpusRoot: corpus, sources });
    expect(report.withoutSource).toEqual([row.sourceFile]);
  });

  it('never takes the items of a write in progress for orphans', async () => {
    // A write and a check at the same moment, many times: whatever the interleaving, the written
    // protocol keeps every item (the check skips protocols being written in this process).
    const { results } = await items().getDocuments({ limit: 3, filter: `protocolId = "${(await protocolIds())[0]}"` });
    const protocol = (await runtime.admin.index(runtime.names.protocols).getDocuments({ limit: 1 }))
      .results[0] as never;
    for (let round = 0; round < 5; round++) {
      const id = `pagaende-${round}`;
      const write = runtime.indexer.writeProtocols([
        {
          protocol: { ...(protocol as object), id, sourceFile: `${id}.txt`, itemCount: 3 } as never,
          items: (results as ItemDocument[]).map((item, k) => ({ ...item, id: `${id}_${k}`, protocolId: id }) as never),
        },
      ]);
      const check = checkConsistency(runtime.indexer, { corpusRoot: corpus, sources, settleMs: 0 });
      await Promise.all([write, check]);
      const { results: written } = await items().getDocuments({ limit: 10, filter: `protocolId = "${id}"` });
      expect(written).toHaveLength(3);
    }
  });
});
