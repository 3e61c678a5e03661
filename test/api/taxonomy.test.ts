/**
 * The living taxonomy against the real server on the bundled corpus: read it,
 * save a term through PUT /api/taxonomy and find the items it tags at once,
 * see the change in the history, count a change before saving it (dry run),
 * restore an older version, and keep the store's version through a re-ingest and
 * a restart. Errors are Swedish and name the topic and the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument, ProtocolDocument } from '../../domain/schemas.js';
import { compileTaxonomy, tagItem } from '../../domain/tagging.js';
import type { Taxonomy } from '../../domain/taxonomy.js';
import { connect, type Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { CORPUS_DIR, dropIndexes, ingestBundledCorpus, testConfig, testRuntime } from '../helpers/runtime.js';
import { ingestFiles, listCorpus } from '../../ingest/run.js';

const KEY = 'test-admin-key-0123456789';
const admin = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

let runtime: Runtime;
let api: RunningApp;

interface Current {
  version: number;
  source: string;
  taxonomy: Taxonomy;
}

const current = async () => (await api.json<Current>('/api/taxonomy')).body;
const put = (taxonomy: unknown, headers: Record<string, string> = {}, query = '') =>
  api.get(`/api/taxonomy${query}`, {
    method: 'PUT',
    headers: { ...admin, ...headers },
    body: JSON.stringify(taxonomy),
  });
/** The items the search finds under a topic, as "file#item". */
async function tagged(label: string): Promise<string[]> {
  const { body } = await api.json<{ hits: { protocolId: string; itemNumber: string }[] }>(
    `/api/search?topics=${encodeURIComponent(label)}&limit=100`,
  );
  return body.hits.map((h) => `${h.protocolId.slice(0, 3)}#${h.itemNumber}`).sort();
}
/** The taxonomy with one more term on a topic. */
const withTerm = (t: Taxonomy, label: string, term: string): Taxonomy => ({
  ...t,
  topics: t.topics.map((topic) => (topic.label === label ? { ...topic, terms: [...topic.terms, term] } : topic)),
});

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  await ingestBundledCorpus(runtime);
  api = await startApp({
    config: testConfig({ INDEX_PREFIX: runtime.names.prefix, ADMIN_API_KEY: KEY }),
    search: runtime.search,
    indexer: runtime.indexer,
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await dropIndexes(runtime);
});

describe('the living taxonomy', () => {
  it('starts from the repository file as version 1, with its version as ETag', async () => {
    const res = await api.get('/api/taxonomy');
    const body = (await res.json()) as Current;
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(body).toMatchObject({ version: 1, source: 'file' });
    expect(body.taxonomy.topics.map((t) => t.label)).toContain('hälso- och sjukvård i hemmet');
  });

  it('refuses a save without the admin key, and a broken taxonomy in Swedish naming the topic and the field', async () => {
    const { taxonomy } = await current();
    expect((await api.get('/api/taxonomy', { method: 'PUT', body: '{}' })).status).toBe(401);
    const broken = { ...taxonomy, topics: taxonomy.topics.map((t) => (t.label === 'äldre' ? { ...t, terms: [] } : t)) };
    const res = await put(broken);
    const problem = (await res.json()) as { detail: string; param: string };
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(problem.detail).toMatch(
      /^Taxonomin sparades inte\. Ämne \d+ \("äldre"\), fältet "terms": ett ämne behöver minst en term/,
    );
    expect(problem.param).toMatch(/^topics\.\d+\.terms$/);
    const duplicate = { ...taxonomy, topics: [...taxonomy.topics, { ...taxonomy.topics[0]!, id: 'kopia' }] };
    expect(((await (await put(duplicate)).json()) as { detail: string }).detail).toMatch(
      /etiketten "nära vård" finns redan/,
    );
    expect((await current()).version).toBe(1);
  });

  it('counts before saving how many items each topic would gain and lose, and saves nothing', async () => {
    const { taxonomy } = await current();
    const res = await api.get('/api/taxonomy/dry-run', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify(withTerm(taxonomy, 'nära vård', 'kunskapsstyrning')),
    });
    const body = (await res.json()) as {
      version: number;
      changes: string[];
      topics: { label: string; before: number; after: number; gained: number; lost: number }[];
    };
    expect(res.status).toBe(200);
    expect(body.changes).toEqual(['nära vård: +term "kunskapsstyrning"']);
    const nara = body.topics.find((t) => t.label === 'nära vård')!;
    const before = await tagged('nära vård');
    expect(nara.before).toBe(before.length);
    expect(nara.gained).toBeGreaterThan(0);
    expect(nara.lost).toBe(0);
    expect(nara.after).toBe(nara.before + nara.gained);
    expect(body.topics.find((t) => t.label === 'äldre')).toMatchObject({ gained: 0, lost: 0 });
    expect(await tagged('nära vård')).toEqual(before);
    expect((await current()).version).toBe(1);
  });

  it('tags the matching items within 10 s of a term saved through PUT, and shows the change in the history', async () => {
    const { taxonomy } = await current();
    const before = await tagged('nära vård');
    expect(before).not.toContain('000#8');
    const started = performance.now();
    const res = await put(
      withTerm(taxonomy, 'nära vård', 'kunskapsstyrning'),
      { 'if-match': '"1"' },
      '?note=kunskapsstyrning',
    );
    const body = (await res.json()) as { version: number; changes: string[]; retag: { changed: number } };
    const after = await tagged('nära vård');
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `PUT /api/taxonomy → version ${body.version}, ${body.retag.changed} items re-tagged, searchable after ${seconds.toFixed(2)} s`,
    );
    expect(res.status).toBe(200);
    expect(body.version).toBe(2);
    expect(after).toContain('000#8');
    expect(after).toEqual(expect.arrayContaining(before));
    expect(seconds).toBeLessThan(10);

    const history = (
      await api.json<{ versions: { version: number; source: string; note: string | null; changes: string[] }[] }>(
        '/api/taxonomy/history',
      )
    ).body.versions;
    expect(history.map((v) => [v.version, v.source])).toEqual([
      [2, 'api'],
      [1, 'file'],
    ]);
    expect(history[0]).toMatchObject({ note: 'kunskapsstyrning', changes: ['nära vård: +term "kunskapsstyrning"'] });

    // The item shows why: the term as written, and where it stood.
    const item = (
      await runtime.admin
        .index<ItemDocument>(runtime.names.items)
        .getDocuments({ filter: 'itemNumber = "8"', limit: 20 })
    ).results.find((i) => i.protocolId.startsWith('000'))!;
    expect(item.topicEvidence.find((t) => t.label === 'nära vård')!.mentions).toContainEqual({
      text: 'kunskapsstyrning',
      where: 'title',
    });
    const protocol = await runtime.admin.index<ProtocolDocument>(runtime.names.protocols).getDocument(item.protocolId);
    expect(protocol).toMatchObject({ taxonomyVersion: 2 });
    expect(protocol.topics).toContain('nära vård');
  });

  it("is seen by another API process's cached answers once the corpus is re-tagged", async () => {
    // A second API over the same indexes, with its own answer cache (as a replica or the compose setup has).
    const other = await connect(testConfig({ INDEX_PREFIX: runtime.names.prefix }));
    const b = await startApp({
      config: testConfig({ INDEX_PREFIX: runtime.names.prefix }),
      search: other.search,
      indexer: other.indexer,
    });
    const total = async () =>
      (await b.json<{ total: number }>(`/api/search?topics=${encodeURIComponent('psykisk hälsa')}&limit=1`)).body.total;
    try {
      const before = await total();
      const { taxonomy, version } = await current();
      const res = await put(withTerm(taxonomy, 'psykisk hälsa', 'kunskapsstyrning'), { 'if-match': `"${version}"` });
      expect(res.status).toBe(200);
      // The other process reads the corpus stamp at most once a second.
      await new Promise((r) => setTimeout(r, 1100));
      expect(await total()).toBeGreaterThan(before);
      const undo = await api.get(`/api/taxonomy/restore/${version}`, { method: 'POST', headers: admin });
      expect(undo.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await total()).toBe(before);
    } finally {
      await b.close();
    }
  });

  it('refuses a save made from an older version than the one in use (409)', async () => {
    const { taxonomy } = await current();
    const res = await put(withTerm(taxonomy, 'äldre', 'seniorboende'), { 'if-match': '"1"' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toMatch(
      /sparats av någon annan sedan version 1 \(nu version 4\)/,
    );
  });

  it('restores an older version as a new one, and the items lose the tag again', async () => {
    const res = await api.get('/api/taxonomy/restore/1', { method: 'POST', headers: admin });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: number }).version).toBe(5);
    expect(await tagged('nära vård')).not.toContain('000#8');
    const history = (
      await api.json<{ versions: { version: number; restoredFrom: number | null; changes: string[] }[] }>(
        '/api/taxonomy/history',
      )
    ).body.versions;
    expect(history[0]).toMatchObject({ version: 5, restoredFrom: 1, changes: ['nära vård: −term "kunskapsstyrning"'] });
    expect((await api.json('/api/taxonomy/versions/2')).body).toMatchObject({ version: 2 });
    expect((await api.get('/api/taxonomy/versions/99')).status).toBe(404);
  });

  it('leaves every stored item with exactly the tags a full re-tag gives, whatever the change', async () => {
    // Re-tagging looks only at items a change can alter: check that against tagging everything.
    const consistent = async () => {
      const { taxonomy } = await current();
      const compiled = compileTaxonomy(taxonomy);
      const items = (await runtime.admin.index<ItemDocument>(runtime.names.items).getDocuments({ limit: 10_000 }))
        .results;
      const wrong = items.filter((i) => JSON.stringify(tagItem(i, compiled)) !== JSON.stringify(i.topicEvidence));
      expect(wrong.map((i) => `${i.protocolId.slice(0, 3)}#${i.itemNumber}`)).toEqual([]);
    };
    const edits: ((t: Taxonomy) => Taxonomy)[] = [
      // Exclusions removed: any item with the topic's words may gain it ("barn och unga, vuxna och äldre").
      (t) => ({ ...t, topics: t.topics.map((x) => (x.id === 'barn-och-unga' ? { ...x, exclusions: [] } : x)) }),
      // A weak term added, a term removed.
      (t) => ({
        ...t,
        topics: t.topics.map((x) =>
          x.id === 'aldre'
            ? { ...x, weakTerms: [...x.weakTerms, 'boende'], terms: x.terms.filter((w) => w !== 'hemtjänst') }
            : x,
        ),
      }),
      // A new topic, and a threshold lowered on another.
      (t) => ({
        ...t,
        topics: [
          ...t.topics.map((x) => (x.id === 'folkhalsa' ? { ...x, threshold: 0.3 } : x)),
          {
            id: 'ledarskap',
            label: 'ledarskap',
            description: 'Ledarskap och chefer.',
            terms: ['ledarskapsutbildning'],
            weakTerms: ['chefer'],
            nounTerms: [],
            abbreviations: [],
            exclusions: [],
          },
        ],
      }),
      // The weights: every item.
      (t) => ({ ...t, defaults: { ...t.defaults, weakWeight: 0.5 } }),
    ];
    for (const edit of edits) {
      const res = await put(edit((await current()).taxonomy));
      expect(res.status).toBe(200);
      await consistent();
    }
    expect((await api.get('/api/taxonomy/restore/1', { method: 'POST', headers: admin })).status).toBe(200);
    await consistent();
  });

  it("keeps the saved version through a forced re-ingest and a restart, never the file's", async () => {
    const { taxonomy } = await current();
    expect((await put(withTerm(taxonomy, 'nära vård', 'kunskapsstyrning'))).status).toBe(200);
    await ingestFiles(runtime.indexer, await listCorpus(CORPUS_DIR), { maxFileBytes: 50e6, force: true });
    expect(await tagged('nära vård')).toContain('000#8');

    // A new process on the same indexes: the store, not the repository file, says what is in use.
    const again = await connect(testConfig({ INDEX_PREFIX: runtime.names.prefix, ADMIN_API_KEY: KEY }));
    const restarted = await startApp({
      config: testConfig({ INDEX_PREFIX: runtime.names.prefix, ADMIN_API_KEY: KEY }),
      search: again.search,
      indexer: again.indexer,
    });
    try {
      const body = (await restarted.json<Current>('/api/taxonomy')).body;
      expect(body.version).toBe(11);
      expect(body.taxonomy.topics.find((t) => t.label === 'nära vård')!.terms).toContain('kunskapsstyrning');
    } finally {
      await restarted.close();
    }
  });
});
