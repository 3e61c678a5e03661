/**
 * Contract: the facet counts behind search facets and trends equal brute-force
 * counts over all documents, on a corpus with more distinct values than
 * Meilisearch's default facet limit (100 values per facet) would keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument, ItemId, ProtocolDocument, ProtocolId } from '../../domain/schemas.js';
import { MUNICIPALITIES } from '../../domain/schemas.js';
import { itemTerms } from '../../domain/swedish/item-terms.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';
import { rng, syntheticCorpus, TOPICS } from './synthetic.js';

const PROTOCOLS = 600;
const BODIES = 180;

function _syntheticItems(): ItemDocument[] {
  const random = rng(42);
  const docs: ItemDocument[] = [];
  for (let p = 0; p < PROTOCOLS; p++) {
    const year = 2015 + Math.floor(random() * 12);
    const body = `Organ ${p % BODIES}`;
    const protocolId = `p${p}` as ProtocolId;
    const day = Math.round(Date.UTC(year, Math.floor(random() * 12), 1 + Math.floor(random() * 27)) / 86_400_000);
    const meetingDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
    const count = 2 + Math.floor(random() * 8);
    // The meeting's attendance list: the municipalities present, on every item of the meeting.
    const present = MUNICIPALITIES.filter(() => random() < 0.4);
    for (let i = 0; i < count; i++) {
      const topics = TOPICS.filter(() => random() < 0.25);
      const municipalities = MUNICIPALITIES.filter(() => random() < 0.1);
      const wordCount = 20 + Math.floor(random() * 400);
      docs.push({
        id: `${protocolId}_${i}` as ItemId,
        protocolId,
        sourceFile: `${protocolId}.pdf`,
        body,
        organisation: null,
        docType: 'protokoll',
        meetingDate,
        meetingDay: day,
        year,
        itemOrdinal: i,
        itemNumber: String(i + 1),
        title: `Punkt ${i + 1}`,
        text: topics.length ? `Om ${topics.join(' och ')}.` : 'Övrigt.',
        page: 1,
        pages: [1],
        presenters: [],
        municipalities: [...municipalities],
        municipalitiesPresent: [...present],
        topics,
        topicEvidence: [],
        decisions: [],
        decisionText: '',
        hasDecision: random() < 0.3,
        hasRoutineDecision: false,
        ...itemTerms('', topics.length ? `Om ${topics.join(' och ')}.` : 'Övrigt.', []),
        wordCount,
        ocr: false,
        ocrConfidence: null,
        contentHash: 'h',
      });
    }
  }
  return docs;
}

const countBy = <T>(values: T[]) =>
  values.reduce<Record<string, number>>((acc, v) => {
    acc[String(v)] = (acc[String(v)] ?? 0) + 1;
    return acc;
  }, {});

let runtime: Runtime;
let api: RunningApp;
let docs: ItemDocument[];

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  docs = syntheticCorpus(PROTOCOLS, BODIES);
  await runtime.admin.index(runtime.names.items).addDocuments(docs).waitTask({ timeout: 120_000 });
  // The protocol documents the ingest writes beside the items: body, year and the union of topics.
  const protocols = new Map<
    string,
    Pick<ProtocolDocument, 'id' | 'body' | 'year' | 'topics' | 'meetingDay' | 'municipalitiesPresent'>
  >();
  for (const d of docs) {
    const p = protocols.get(d.protocolId) ?? {
      id: d.protocolId,
      body: d.body,
      year: d.year,
      meetingDay: d.meetingDay,
      topics: [],
      municipalitiesPresent: d.municipalitiesPresent,
    };
    p.topics = [...new Set([...p.topics, ...d.topics])];
    protocols.set(d.protocolId, p);
  }
  await runtime.admin
    .index(runtime.names.protocols)
    .addDocuments([...protocols.values()])
    .waitTask({ timeout: 120_000 });
  api = await startApp({ config: testConfig(), search: runtime.search, indexer: runtime.indexer });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await dropIndexes(runtime);
});

describe('facet counts (contract)', () => {
  it(`uses a corpus with more distinct values than the default facet limit (${PROTOCOLS} protocols, ${BODIES} bodies)`, () => {
    expect(docs.length).toBeGreaterThan(2500);
    expect(new Set(docs.map((d) => d.body)).size).toBeGreaterThan(100);
    expect(new Set(docs.map((d) => d.protocolId)).size).toBeGreaterThan(100);
  });

  it('search facets equal brute-force counts', async () => {
    const { body } = await api.json<{ total: number; facets: Record<string, Record<string, number>> }>(
      '/api/search?limit=1',
    );
    expect(body.total).toBe(docs.length);
    expect(body.facets.body).toEqual(countBy(docs.map((d) => d.body)));
    expect(body.facets.year).toEqual(countBy(docs.map((d) => d.year)));
    expect(body.facets.topics).toEqual(countBy(docs.flatMap((d) => d.topics)));
    expect(body.facets.municipality).toEqual(countBy(docs.flatMap((d) => d.municipalities)));
  });

  it('trends equal brute-force counts of items, meetings and words per year', async () => {
    const { body } = await api.json<{
      series: {
        label: string;
        points: {
          year: number;
          items: number;
          meetings: number;
          totalItems: number;
          totalMeetings: number;
          totalWords: number;
        }[];
      }[];
    }>(`/api/trends?topics=${encodeURIComponent(TOPICS.join(','))}&unit=per10k`);
    for (const series of body.series) {
      for (const p of series.points) {
        const inYear = docs.filter((d) => d.year === p.year);
        const matching = inYear.filter((d) => d.topics.includes(series.label));
        expect({
          label: series.label,
          year: p.year,
          items: p.items,
          meetings: p.meetings,
          totalItems: p.totalItems,
          totalMeetings: p.totalMeetings,
          totalWords: p.totalWords,
        }).toEqual({
          label: series.label,
          year: p.year,
          items: matching.length,
          meetings: new Set(matching.map((d) => d.protocolId)).size,
          totalItems: inYear.length,
          totalMeetings: new Set(inYear.map((d) => d.protocolId)).size,
          totalWords: inYear.reduce((n, d) => n + d.wordCount, 0),
        });
      }
    }
  });

  it('trends under a municipality filter count the meetings it attended, equal to brute-force counts', async () => {
    const { body } = await api.json<{
      series: {
        points: { year: number; items: number; meetings: number; totalItems: number; totalMeetings: number }[];
      }[];
    }>(`/api/trends?topics=${encodeURIComponent('psykisk hälsa')}&municipality=Karlskoga`);
    for (const p of body.series[0]!.points) {
      const inYear = docs.filter((d) => d.year === p.year && d.municipalitiesPresent.includes('Karlskoga'));
      const matching = inYear.filter((d) => d.topics.includes('psykisk hälsa'));
      // A year Karlskoga attended no meeting is a gap (null), not a zero.
      const gap = inYear.length === 0;
      expect([p.year, p.items, p.meetings, p.totalItems, p.totalMeetings]).toEqual([
        p.year,
        gap ? null : matching.length,
        gap ? null : new Set(matching.map((d) => d.protocolId)).size,
        inYear.length,
        new Set(inYear.map((d) => d.protocolId)).size,
      ]);
    }
  });

  it("counts free-text series' meetings per year exactly too", async () => {
    const { body } = await api.json<{ series: { points: { year: number; items: number; meetings: number }[] }[] }>(
      `/api/trends?terms=${encodeURIComponent('äldre')}`,
    );
    for (const p of body.series[0]!.points) {
      const matching = docs.filter((d) => d.year === p.year && d.topics.includes('äldre'));
      expect([p.year, p.items, p.meetings]).toEqual([
        p.year,
        matching.length,
        new Set(matching.map((d) => d.protocolId)).size,
      ]);
    }
  });
});

describe('one hit set over a large corpus (contract)', () => {
  interface Page {
    total: number;
    hits: { id: string; meetingDate: string; itemOrdinal: number }[];
    facets: Record<string, Record<string, number>>;
  }
  /** Every hit of a query, page by page (100 per page). */
  async function everyHit(query: string): Promise<{ total: number; hits: Page['hits'] }> {
    const hits: Page['hits'] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const { status, body } = await api.json<Page>(`/api/search?${query}&limit=100&page=${page}`);
      expect(status).toBe(200);
      total = body.total;
      hits.push(...body.hits);
      if (body.hits.length < 100) break;
    }
    return { total, hits };
  }
  // "vård" occurs only in the items about "nära vård"; "hälsa" in "psykisk hälsa" and (as a compound part) "folkhälsa".
  const aboutCare = () => docs.filter((d) => d.topics.includes('nära vård'));
  const aboutHealth = () => docs.filter((d) => d.topics.includes('psykisk hälsa') || d.topics.includes('folkhälsa'));

  it('reports an exact total: the number of distinct hits when paging through them all', async () => {
    const expected = aboutCare().length;
    expect(expected).toBeGreaterThan(500);
    const { total, hits } = await everyHit('q=v%C3%A5rd');
    expect(total).toBe(expected);
    expect(new Set(hits.map((h) => h.id)).size).toBe(expected);
  });

  it('returns the same hits and total in date order across pages as by relevance', async () => {
    for (const sort of ['date-asc', 'date-desc'] as const) {
      const { total, hits } = await everyHit(`q=h%C3%A4lsa&sort=${sort}`);
      expect(total).toBe(aboutHealth().length);
      expect(new Set(hits.map((h) => h.id))).toEqual(new Set(aboutHealth().map((d) => d.id)));
      const keys = hits.map((h) => h.meetingDate);
      expect(keys).toEqual([...keys].sort((a, b) => (sort === 'date-asc' ? a.localeCompare(b) : b.localeCompare(a))));
    }
  });

  it('counts facets of a folded query ("nara vard") exactly', async () => {
    const { body } = await api.json<Page>('/api/search?q=nara%20vard&limit=1');
    expect(body.total).toBe(aboutCare().length);
    expect(body.facets.year).toEqual(countBy(aboutCare().map((d) => d.year)));
    expect(body.facets.body).toEqual(countBy(aboutCare().map((d) => d.body)));
  });

  it('counts a two-word free-text trend series as items with both words, like its click-through search', async () => {
    const { body } = await api.json<{
      series: { points: { year: number; items: number; meetings: number; searchParams: string }[] }[];
    }>(`/api/trends?terms=${encodeURIComponent('psykisk hälsa')}`);
    for (const p of body.series[0]!.points) {
      const matching = docs.filter((d) => d.year === p.year && d.topics.includes('psykisk hälsa'));
      expect([p.year, p.items, p.meetings]).toEqual([
        p.year,
        matching.length,
        new Set(matching.map((d) => d.protocolId)).size,
      ]);
      if (p.items > 0) expect((await api.json<Page>(`/api/search?${p.searchParams}&limit=1`)).body.total).toBe(p.items);
    }
  });
});
