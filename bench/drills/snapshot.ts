/**
 * A fingerprint of what an index prefix holds, to compare a crashed-and-resumed
 * ingest with a clean one, or an index before and after a storm of bad requests.
 */
import { createHash } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import { createAdminClient } from '../../domain/store/client.js';
import { indexNames } from '../../domain/store/index-settings.js';

export interface IndexSnapshot {
  /** protocol id → content hash */
  protocols: Map<string, string>;
  /** item id → sha256 of (protocolId, contentHash, title, text) */
  items: Map<string, string>;
  /** item ids returned more than once while paging (must be none) */
  duplicateItems: string[];
  /** items whose protocol is not indexed or has another content hash (must be none) */
  orphanItems: string[];
  /** failure source files → kind */
  failures: Map<string, string>;
  /** One hash over all of the above. */
  digest: string;
}

interface ItemRow {
  id: string;
  protocolId: string;
  contentHash: string;
  title: string;
  text: string;
}

async function allDocuments<T extends Record<string, unknown>>(
  admin: Meilisearch,
  uid: string,
  fields: string[],
): Promise<T[]> {
  const out: T[] = [];
  const exists = await admin.getIndex(uid).then(
    () => true,
    () => false,
  );
  if (!exists) return out;
  for (let offset = 0; ; offset += 1000) {
    const page = await admin.index(uid).getDocuments({ fields, limit: 1000, offset });
    out.push(...(page.results as T[]));
    if (page.results.length < 1000) return out;
  }
}

export function adminFor(meiliUrl: string, masterKey: string): Meilisearch {
  return createAdminClient({ url: meiliUrl, masterKey, timeoutMs: 30_000 });
}

export async function snapshotIndex(admin: Meilisearch, prefix: string): Promise<IndexSnapshot> {
  const names = indexNames(prefix);
  const protocols = new Map<string, string>();
  for (const p of await allDocuments<{ id: string; contentHash: string }>(admin, names.protocols, [
    'id',
    'contentHash',
  ]))
    protocols.set(p.id, p.contentHash);
  const items = new Map<string, string>();
  const duplicateItems: string[] = [];
  const orphanItems: string[] = [];
  for (const item of await allDocuments<ItemRow & Record<string, unknown>>(admin, names.items, [
    'id',
    'protocolId',
    'contentHash',
    'title',
    'text',
  ])) {
    if (items.has(item.id)) duplicateItems.push(item.id);
    items.set(
      item.id,
      createHash('sha256').update(`${item.protocolId}\0${item.contentHash}\0${item.title}\0${item.text}`).digest('hex'),
    );
    if (protocols.get(item.protocolId) !== item.contentHash) orphanItems.push(item.id);
  }
  const failures = new Map<string, string>();
  for (const f of await allDocuments<{ sourceFile: string; kind: string }>(admin, names.failures, [
    'sourceFile',
    'kind',
  ]))
    failures.set(f.sourceFile, f.kind);
  const digest = createHash('sha256');
  for (const [k, v] of [...protocols].sort()) digest.update(`p ${k} ${v}\n`);
  for (const [k, v] of [...items].sort()) digest.update(`i ${k} ${v}\n`);
  for (const [k, v] of [...failures].sort()) digest.update(`f ${k} ${v}\n`);
  return { protocols, items, duplicateItems, orphanItems, failures, digest: digest.digest('hex') };
}

/** Differences between two snapshots, as readable lines (empty when equal). */
export function compareSnapshots(expected: IndexSnapshot, actual: IndexSnapshot): string[] {
  const out: string[] = [];
  const diffMap = (what: string, a: Map<string, string>, b: Map<string, string>) => {
    const missing = [...a.keys()].filter((k) => !b.has(k));
    const extra = [...b.keys()].filter((k) => !a.has(k));
    const changed = [...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k));
    if (missing.length) out.push(`${what}: ${missing.length} missing (${missing.slice(0, 3).join(', ')})`);
    if (extra.length) out.push(`${what}: ${extra.length} extra (${extra.slice(0, 3).join(', ')})`);
    if (changed.length) out.push(`${what}: ${changed.length} differ (${changed.slice(0, 3).join(', ')})`);
  };
  diffMap('protocols', expected.protocols, actual.protocols);
  diffMap('items', expected.items, actual.items);
  diffMap('failures', expected.failures, actual.failures);
  if (actual.duplicateItems.length) out.push(`duplicate items: ${actual.duplicateItems.slice(0, 3).join(', ')}`);
  if (actual.orphanItems.length)
    out.push(
      `items of a missing or older protocol version: ${actual.orphanItems.length} (${actual.orphanItems.slice(0, 3).join(', ')})`,
    );
  return out;
}

export async function dropPrefix(admin: Meilisearch, prefix: string): Promise<void> {
  await Promise.all(
    Object.values(indexNames(prefix)).map((uid) =>
      admin
        .deleteIndex(uid)
        .waitTask()
        .catch(() => undefined),
    ),
  );
}
