/**
 * A ranked question read from the posting lists the API holds (src/search/held-postings.ts) answers
 * exactly as when every list is read from Meilisearch, in one round trip, and never from a copy the
 * index has moved past. On the bundled corpus and the judged questions of the relevance bench.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import type { SearchContext } from '../../src/search/context.js';
import { indexChangedHere } from '../../src/search/changed.js';
import { HeldPostings, heldPostingsOf } from '../../src/search/held-postings.js';
import { queryItems } from '../../src/search/search.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';
import { itemDoc } from './synthetic.js';

const questions = (
  JSON.parse(readFileSync(path.join(projectRoot, 'bench/relevance-queries.json'), 'utf8')) as {
    queries: { kind: string; q: string }[];
  }
).queries
  .filter((q) => q.kind === 'question')
  .map((q) => q.q);

let runtime: Runtime;
/** The runtime's search client, counting the requests each question sends to Meilisearch. */
let ctx: SearchContext;
const requests: string[] = [];

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  expect((await ingestBundledCorpus(runtime)).ingested).toBe(5);
  const client = runtime.search.client;
  const counting = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'multiSearch' && typeof value === 'function')
        return (...args: unknown[]) => {
          requests.push('multiSearch');
          return value.apply(target, args);
        };
      if (prop === 'index' && typeof value === 'function')
        return (...args: unknown[]) => {
          const index = value.apply(target, args);
          return new Proxy(index, {
            get(i, p, r) {
              const v = Reflect.get(i, p, r);
              if (typeof v !== 'function') return v;
              return (...a: unknown[]) => {
                requests.push(String(p));
                return v.apply(i, a);
              };
            },
          });
        };
      return value;
    },
  }) as Meilisearch;
  ctx = { client: counting, names: runtime.names };
}, 120_000);

afterAll(async () => {
  await dropIndexes(runtime);
});

/** An item written straight to the index. */
async function writeItem(fields: Parameters<typeof itemDoc>[0]) {
  const doc = itemDoc(fields);
  await runtime.admin.index(runtime.names.items).addDocuments([doc]).waitTask({ timeout: 60_000 });
  return doc;
}

const ask = (q: string) => queryItems(ctx, { q, filter: [], sort: 'relevance', offset: 0, limit: 20 });
const shape = (r: Awaited<ReturnType<typeof ask>>) => ({
  total: r.total,
  ids: r.hits.map((h) => h.id),
  facets: r.facets,
  terms: r.terms,
  plan: r.plan,
});

describe('a question answered from the held posting lists', () => {
  it('ranks, counts and facets every judged question as from Meilisearch, in one round trip', async () => {
    expect(questions.length).toBeGreaterThanOrEqual(10);
    // Every posting list read from Meilisearch, twice: the first answer (no word's count known yet,
    // each written form searched both ways) is the answer once the counts are known.
    const fromMeilisearch = [];
    const meilisearchOnly: SearchContext = { ...ctx, heldPostings: false };
    for (const q of questions) {
      const first = shape(
        await queryItems(meilisearchOnly, { q, filter: [], sort: 'relevance', offset: 0, limit: 20 }),
      );
      const again = shape(
        await queryItems(meilisearchOnly, { q, filter: [], sort: 'relevance', offset: 0, limit: 20 }),
      );
      expect(first, q).toEqual(again);
      fromMeilisearch.push(again);
    }
    // Read as the API reads it after a start (main.ts), before any question.
    const items = (await runtime.admin.index(runtime.names.items).getStats()).numberOfDocuments;
    expect(await heldPostingsOf(ctx).warm(ctx)).toMatchObject({ held: true, items });
    expect(heldPostingsOf(ctx).view(ctx)).toBeDefined();
    let ranked = 0;
    for (const [k, q] of questions.entries()) {
      // A question of one content word is a keyword search: one search, no posting lists.
      if (fromMeilisearch[k]!.plan.mode !== 'ranked') continue;
      ranked++;
      requests.length = 0;
      // Not confirmed within the last second: the corpus stamp is read with the page.
      heldPostingsOf(ctx).distrust();
      const held = shape(await ask(q));
      expect(held, q).toEqual(fromMeilisearch[k]);
      expect(held.total, q).toBeGreaterThan(0);
      // The checks, once or (when a written form's typo search, asked with the page, found items) twice,
      // and the page's documents an earlier question's page did not read (held-documents.ts).
      expect([1, 2], q).toContain(requests.filter((r) => r === 'multiSearch').length);
      expect(requests.filter((r) => r === 'getDocuments').length, q).toBeLessThanOrEqual(2);
      expect(
        requests.filter((r) => r !== 'multiSearch' && r !== 'getDocuments'),
        q,
      ).toEqual([]);
      requests.length = 0;
      heldPostingsOf(ctx).distrust();
      expect(shape(await ask(q)), q).toEqual(held);
      // Then (the typo searches' answers remembered for this corpus, the page's documents held): the
      // corpus stamp alone, in one multi-search.
      expect(requests, q).toEqual(['multiSearch']);
      // Confirmed a moment ago: answered in the API process, no request at all.
      requests.length = 0;
      expect(shape(await ask(q)), q).toEqual(held);
      expect(requests, q).toEqual([]);
    }
    expect(ranked).toBeGreaterThanOrEqual(8);
  });

  it('finds an item another process added after the copy was read within a second, and once the copy has caught up', async () => {
    const q = 'vem bakar kanelbullarna och mazarinerna?';
    await ask(q);
    await heldPostingsOf(ctx).settled();
    expect((await ask(q)).hits.map((h) => h.protocolId)).not.toContain('held-new');
    // Written by another process (as the ingest worker writes): this one learns of it from the corpus
    // stamp, which a question reads once the copy's last confirmation is a second old.
    const doc = await writeItem({
      protocolId: 'held-new',
      meetingDate: '2024-02-01',
      title: 'Fikat',
      text: 'Kanelbullarna till fikat bakas av kansliet.',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // The stamp read with the page shows the index moved: the answer is asked of Meilisearch again.
    expect((await ask(q)).hits[0]?.id).toBe(doc.id);
    await heldPostingsOf(ctx).settled();
    expect((await ask(q)).hits[0]?.id).toBe(doc.id);
    requests.length = 0;
    heldPostingsOf(ctx).distrust();
    expect((await ask(q)).hits[0]?.id).toBe(doc.id);
    // The stamp; the page's documents were read (and held) by the question before.
    expect(requests).toEqual(['multiSearch']);
  });

  it('finds an item this process wrote at once: its own change makes the next question read the stamp', async () => {
    const q = 'vem bakar kanelbullarna och mazarinerna?';
    await ask(q);
    expect(heldPostingsOf(ctx).trusted()).toBe(true);
    const doc = await writeItem({
      protocolId: 'held-own',
      meetingDate: '2024-02-02',
      title: 'Mazarinerna',
      text: 'Mazarinerna och kanelbullarna bakas av kansliet varje fredag.',
    });
    indexChangedHere(ctx);
    expect(heldPostingsOf(ctx).trusted()).toBe(false);
    expect((await ask(q)).hits.map((h) => h.protocolId)).toContain('held-own');
    // Removed again (the next test ranks the items above), and again this process's own change.
    await runtime.admin.index(runtime.names.items).deleteDocument(doc.id).waitTask({ timeout: 60_000 });
    indexChangedHere(ctx);
    expect((await ask(q)).hits.map((h) => h.protocolId)).not.toContain('held-own');
    await heldPostingsOf(ctx).settled();
  });

  it('ranks again, from the copy, when a misspelt word found items by its typo search asked with the page', async () => {
    // "kanelbulllarna": its stem is in no item; as written, within one typo of "kanelbullarna" (the item above).
    const q = 'vem bakar kanelbulllarna och mazarinerna?';
    // The copy confirmed a moment ago: no stamp is read, only the typo search with the page.
    await ask('vem bakar kanelbullarna och mazarinerna?');
    expect(heldPostingsOf(ctx).trusted()).toBe(true);
    requests.length = 0;
    const first = await ask(q);
    expect(first.hits[0]?.protocolId).toBe('held-new');
    // The typo search, asked with the page, found items: ranked again with its answer. Both pages'
    // documents were held from the question before, so the typo search is the one request.
    expect(requests).toEqual(['multiSearch']);
    requests.length = 0;
    expect(shape(await ask(q))).toEqual(shape(first));
    expect(requests).toEqual([]);
    const meilisearchOnly: SearchContext = { ...ctx, heldPostings: false };
    const again = { q, filter: [], sort: 'relevance' as const, offset: 0, limit: 20 };
    await queryItems(meilisearchOnly, again);
    expect(shape(await queryItems(meilisearchOnly, again))).toEqual(shape(first));
  });

  it('holds nothing when the postings would pass its limit, and then never reads them again', async () => {
    const small = new HeldPostings({ maxPostings: 100 });
    expect(await small.warm(ctx)).toMatchObject({ held: false, items: 0 });
    expect(small.view(ctx)).toBeUndefined();
    requests.length = 0;
    await small.warm(ctx);
    expect(requests).toEqual([]);
  });
});
