/**
 * Contract: the facet counts behind search facets and trends equal brute-force
 * counts over all documents, on a corpus with more distinct values than
 * Meilisearch's default facet limit (100 values per facet) would keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument, ItemId, ProtocolDocument, ProtocolId } from '../../src/domain/schemas.js';
import { analyseForIndex } from '../../src/domain/swedish/analyse.js';
import { MUNICIPALITIES } from '../../src/domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';

const TOPICS = ['nära vård', 'psykisk hälsa', 'samsjuklighet', 'äldre', 'folkhälsa'];
const PROTOCOLS = 600;
const BODIES = 180;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticItems(): ItemDocument[] {
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
        stems: analyseForIndex(topics.length ? `Om ${topics.join(' och ')}.` : 'Övrigt.'),
        folded: '',
        wordCount,
        ocr: false,
        ocrConfidence: null,
        contentHash: 'h',
      });
    }
  }
  return docs;
}

const countBy = <T,>(values: T[]) => values.reduce<Record<string, number>>((acc, v) => ((acc[String(v)] = (acc[String(v)] ?? 0) + 1), acc), {});

let runtime: Runtime;
let api: RunningApp;
let docs: ItemDocument[];

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  docs = syntheticItems();
  await runtime.admin.index(runtime.names.items).addDocuments(docs).waitTask({ timeout: 120_000 });
  // The protocol documents the ingest writes beside the items: body, year and the union of topics.
  const protocols = new Map<string, Pick<ProtocolDocument, 'id' | 'body' | 'year' | 'topics' | 'meetingDay' | 'municipalitiesPresent'>>();
  for (const d of docs) {
    const p = protocols.get(d.protocolId) ?? { id: d.protocolId, body: d.body, year: d.year, meetingDay: d.meetingDay, topics: [], municipalitiesPresent: d.municipalitiesPresent };
    p.topics = [...new Set([...p.topics, ...d.topics])];
    protocols.set(d.protocolId, p);
  }
  await runtime.admin.index(runtime.names.protocols).addDocuments([...protocols.values()]).waitTask({ timeout: 120_000 });
  api = await startApp({ config: testConfig(), search: runtime.search, indexer: runtime.indexer });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await dropIndexes(runtime);
});

describe('facet counts (contract)', () => {
  it(`uses a corpus with more distinct values than the default facet limit (${PROTOCOLS} protocols, ${BODIES} bodies)`, () => {
    expect(new Set(docs.map((d) => d.body)).size).toBeGreaterThan(100);
    expect(new Set(docs.map((d) => d.protocolId)).size).toBeGreaterThan(100);
  });

  it('search facets equal brute-force counts', async () => {
    const { body } = await api.json<{ total: number; facets: Record<string, Record<string, number>> }>('/api/search?limit=1');
    expect(body.total).toBe(docs.length);
    expect(body.facets.body).toEqual(countBy(docs.map((d) => d.body)));
    expect(body.facets.year).toEqual(countBy(docs.map((d) => d.year)));
    expect(body.facets.topics).toEqual(countBy(docs.flatMap((d) => d.topics)));
    expect(body.facets.municipality).toEqual(countBy(docs.flatMap((d) => d.municipalities)));
  });

  it('trends equal brute-force counts of items, meetings and words per year', async () => {
    const { body } = await api.json<{ series: { label: string; points: { year: number; items: number; meetings: number; totalItems: number; totalMeetings: number; totalWords: number }[] }[] }>(
      `/api/trends?topics=${encodeURIComponent(TOPICS.join(','))}&unit=per10k`,
    );
    for (const series of body.series) {
      for (const p of series.points) {
        const inYear = docs.filter((d) => d.year === p.year);
        const matching = inYear.filter((d) => d.topics.includes(series.label));
        expect({ label: series.label, year: p.year, items: p.items, meetings: p.meetings, totalItems: p.totalItems, totalMeetings: p.totalMeetings, totalWords: p.totalWords }).toEqual({
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
    const { body } = await api.json<{ series: { points: { year: number; items: number; meetings: number; totalItems: number; totalMeetings: number }[] }[] }>(
      `/api/trends?topics=${encodeURIComponent('psykisk hälsa')}&municipality=Karlskoga`,
    );
    for (const p of body.series[0]!.points) {
      const inYear = docs.filter((d) => d.year === p.year && d.municipalitiesPresent.includes('Karlskoga'));
      const matching = inYear.filter((d) => d.topics.includes('psykisk hälsa'));
      expect([p.year, p.items, p.meetings, p.totalItems, p.totalMeetings]).toEqual([
        p.year,
        matching.length,
        new Set(matching.map((d) => d.protocolId)).size,
        inYear.length,
        new Set(inYear.map((d) => d.protocolId)).size,
      ]);
    }
  });

  it('counts free-text series\' meetings per year exactly too', async () => {
    const { body } = await api.json<{ series: { points: { year: number; items: number; meetings: number }[] }[] }>(`/api/trends?terms=${encodeURIComponent('äldre')}`);
    for (const p of body.series[0]!.points) {
      const matching = docs.filter((d) => d.year === p.year && d.topics.includes('äldre'));
      expect([p.year, p.items, p.meetings]).toEqual([p.year, matching.length, new Set(matching.map((d) => d.protocolId)).size]);
    }
  });
});
