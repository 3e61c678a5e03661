/**
 * The reference the question benches compare against: Meilisearch with default settings over the
 * same agenda items the pipeline indexed (id, protocolId, title, text), in an index of its own.
 */
import type { Meilisearch } from 'meilisearch';
import type { ItemDocument } from '../../domain/schemas.js';

/** Creates `plain` holding the items of `items` with no settings; resolves with the items read. */
export async function plainCopy(admin: Meilisearch, items: string, plain: string): Promise<ItemDocument[]> {
  const docs = (await admin.index<ItemDocument>(items).getDocuments({ limit: 100_000 })).results;
  await admin.createIndex(plain, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
  await admin
    .index(plain)
    .addDocuments(docs.map((i) => ({ id: i.id, protocolId: i.protocolId, title: i.title, text: i.text })))
    .waitTask({ timeout: 120_000 });
  return docs;
}
