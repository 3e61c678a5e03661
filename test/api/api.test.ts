/**
 * Every endpoint against the real server on the bundled corpus (the five PDFs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';

const enc = encodeURIComponent;

interface SearchBody {
  total: number;
  hits: {
    id: string;
    protocolId: string;
    meetingDate: string;
    itemNumber: string;
    title: string;
    snippet: string;
    page: number;
    pdfUrl: string;
    topics: string[];
  }[];
  facets: Record<string, Record<string, number>>;
}

let runtime: Runtime;
let api: RunningApp;
let items: ItemDocument[];

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  const summary = await ingestBundledCorpus(runtime);
  expect(summary.ingested).toBe(5);
  const config = (await import('../helpers/runtime.js')).testConfig({
    INDEX_PREFIX: runtime.names.prefix,
    ADMIN_API_KEY: 'test-admin-key-0123456789',
  });
  api = await startApp({ config, search: runtime.search, indexer: runtime.indexer });
  items = (await runtime.admin.index<ItemDocument>(runtime.names.items).getDocuments({ limit: 10_000 })).results;
});

afterAll(async () => {
  await api?.close();
  await dropIndexes(runtime);
});

describe('GET /api/search', () => {
  it('finds item 8 of 2022 for samsjuklighet in Karlskoga', async () => {
    const { status, body } = await api.json<SearchBody>('/api/search?q=samsjuklighet&municipality=Karlskoga');
    expect(status).toBe(200);
    expect(body.hits.map((h) => [h.meetingDate, h.itemNumber])).toContainEqual(['2022-10-13', '8']);
    const hit = body.hits.find((h) => h.itemNumber === '8')!;
    expect(hit.snippet).toContain('<mark>');
    expect(hit.pdfUrl).toBe(`/api/protocols/${hit.protocolId}/source#page=${hit.page}`);
  });

  it('counts facets for the current query and filters, and a total that matches them', async () => {
    const { body } = await api.json<SearchBody>(`/api/search?q=${enc('nära vård')}&limit=3`);
    const byYear = Object.values(body.facets.year!).reduce((a, b) => a + b, 0);
    expect(byYear).toBe(body.total);
    expect(body.hits).toHaveLength(3);
    const filtered = await api.json<SearchBody>(`/api/search?q=${enc('nära vård')}&yearFrom=2024&yearTo=2024`);
    expect(Object.keys(filtered.body.facets.year!)).toEqual(['2024']);
    expect(filtered.body.total).toBe(body.facets.year!['2024']);
  });

  it('filters by topics (any or all), type, body and decisions', async () => {
    const all = await api.json<SearchBody>(
      `/api/search?topics=${enc('nära vård,psykisk hälsa')}&topicsMode=all&limit=100`,
    );
    for (const h of all.body.hits) expect(h.topics).toEqual(expect.arrayContaining(['nära vård', 'psykisk hälsa']));
    const any = await api.json<SearchBody>(`/api/search?topics=${enc('nära vård,psykisk hälsa')}&limit=100`);
    expect(any.body.total).toBeGreaterThan(all.body.total);
    const notes = await api.json<SearchBody>('/api/search?type=mötesanteckningar');
    expect(notes.body.total).toBe(items.filter((i) => i.docType === 'mötesanteckningar').length);
    const decided = await api.json<SearchBody>('/api/search?hasDecision=true&limit=100');
    expect(decided.body.total).toBe(items.filter((i) => i.hasDecision).length);
  });

  it('sorts newest first or oldest first', async () => {
    const desc = await api.json<SearchBody>(`/api/search?q=${enc('psykisk hälsa')}&sort=date-desc&limit=100`);
    const dates = desc.body.hits.map((h) => h.meetingDate);
    expect(dates).toEqual([...dates].sort().reverse());
    const asc = await api.json<SearchBody>(`/api/search?q=${enc('psykisk hälsa')}&sort=date-asc&limit=100`);
    expect(asc.body.hits.map((h) => h.meetingDate)).toEqual([...dates].sort());
  });

  it('pages through the results without overlap', async () => {
    const one = await api.json<SearchBody>('/api/search?q=vård&limit=5&page=1');
    const two = await api.json<SearchBody>('/api/search?q=vård&limit=5&page=2');
    expect(two.body.total).toBe(one.body.total);
    const first = one.body.hits.map((h) => h.id);
    const second = two.body.hits.map((h) => h.id);
    expect(first).toHaveLength(5);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
  });

  it('escapes the protocol text in snippets so they are safe to render', async () => {
    const { body } = await api.json<SearchBody>('/api/search?q=Youth&limit=5');
    expect(body.total).toBeGreaterThan(0);
    for (const h of body.hits) expect(h.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/<|>/);
  });
});

describe('Swedish analysis in search', () => {
  const titles = async (q: string) => (await api.json<SearchBody>(`/api/search?q=${enc(q)}&limit=100`)).body.hits;

  it('finds "primärvården" for "vård"', async () => {
    const ids = new Set((await titles('vård')).map((h) => h.id));
    const withPrimary = items.filter((i) => /primärvården/i.test(i.text));
    expect(withPrimary.length).toBeGreaterThan(0);
    for (const i of withPrimary) expect(ids).toContain(i.id);
  });

  it('finds "samsjuklighetsutredningen" for "samsjuklighet" as the first query word', async () => {
    const hits = await titles('samsjuklighet pilot');
    expect(hits.map((h) => `${h.meetingDate} ${h.itemNumber}`)).toContain('2022-10-13 8');
  });

  it('finds "psykiska hälsan" / "psykisk ohälsa" for "psykisk hälsa"', async () => {
    const ids = new Set((await titles('psykisk hälsa')).map((h) => h.id));
    const inflected = items.filter((i) => /psykiska hälsan|psykisk ohälsa|psykiska ohälsan/i.test(i.text));
    expect(inflected.length).toBeGreaterThan(0);
    for (const i of inflected) expect(ids).toContain(i.id);
  });

  it('finds "nära vård" for "nara vard"', async () => {
    const folded = await titles('nara vard');
    const exact = await titles('nära vård');
    expect(folded.length).toBeGreaterThan(0);
    expect(new Set(folded.map((h) => h.id))).toEqual(new Set(exact.map((h) => h.id)));
  });

  it('ranks exact matches above derived ones', async () => {
    const hits = await titles('samsjuklighet');
    const exact = (h: { title: string }) => /\bsamsjuklighet\b/i.test(h.title);
    const firstDerived = hits.findIndex(
      (h) => !exact(h) && !/\bsamsjuklighet\b/i.test(items.find((i) => i.id === h.id)!.text),
    );
    const lastExact = hits.map(exact).lastIndexOf(true);
    // Both kinds are there ("samsjuklighetsutredningen" only through compound parts), exact ones first.
    expect(lastExact).toBeGreaterThanOrEqual(0);
    expect(firstDerived).toBeGreaterThan(lastExact);
  });
});

describe('GET /api/timeline', () => {
  it('lists the 2020, 2022 and 2024 meetings for "hälso- och sjukvård i hemmet" in that order', async () => {
    const { body } = await api.json<{
      meetings: { meetingDate: string; items: { decisions: { kind: string }[] }[] }[];
    }>(`/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}`);
    const dates = body.meetings.map((m) => m.meetingDate);
    expect(dates).toEqual([...dates].sort());
    const years = dates.map((d) => d.slice(0, 4));
    for (const y of ['2020', '2022', '2024']) expect(years).toContain(y);
    expect(years.indexOf('2020')).toBeLessThan(years.indexOf('2022'));
    expect(years.indexOf('2022')).toBeLessThan(years.indexOf('2024'));
  });

  interface TimelineBody {
    total: number;
    meetings: {
      meetingDate: string;
      items: { itemNumber: string; title: string; decisions: { kind: string }[] }[];
      mentions: { itemNumber: string; title: string }[];
    }[];
    facets: Record<string, Record<string, number>>;
  }

  it('puts items with a decision first in each meeting and keeps passing mentions apart', async () => {
    const { body } = await api.json<TimelineBody>(`/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}`);
    expect(body.meetings.reduce((n, m) => n + m.items.length + m.mentions.length, 0)).toBe(body.total);
    for (const m of body.meetings) {
      const decided = m.items.map((i) => i.decisions.some((d) => d.kind === 'substantive'));
      expect(decided).toEqual([...decided].sort((a, b) => Number(b) - Number(a)));
    }
    const y2024 = body.meetings.find((m) => m.meetingDate === '2024-04-19')!;
    // The items whose title names the matter are about it; the others there mention it once.
    expect(y2024.items.map((i) => i.itemNumber)).toEqual(expect.arrayContaining(['9']));
    for (const mention of body.meetings.flatMap((m) => m.mentions))
      expect(mention.title.toLowerCase()).not.toContain('hälso- och sjukvård i hemmet');
  });

  it('shows every item that decides on hälso- och sjukvård i hemmet as a main entry, an approval through its proposal too', async () => {
    const { body } = await api.json<{
      meetings: {
        meetingDate: string;
        items: { itemNumber: string; decisions: { kind: string; text: string; proposal?: { text: string } }[] }[];
        mentions: { itemNumber: string; decisions?: { kind: string; text: string; proposal?: { text: string } }[] }[];
      }[];
    }>(`/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}`);
    const decides = (d: { kind: string; text: string; proposal?: { text: string } }) =>
      d.kind === 'substantive' && /hälso- och sjukvård\s+i\s+hemmet/i.test(`${d.text} ${d.proposal?.text ?? ''}`);
    for (const m of body.meetings) for (const x of m.mentions) expect((x.decisions ?? []).some(decides)).toBe(false);
    // 2022-10-13 § 5: "Chefsgruppen beslutade i enlighet med förslaget", the AU's proposal about the överenskommelse.
    const au = body.meetings.find((m) => m.meetingDate === '2022-10-13')!.items.find((i) => i.itemNumber === '5')!;
    expect(au.decisions.some(decides)).toBe(true);
  });

  it('takes the search filters and gives their facet counts', async () => {
    const organ = 'Specifika samverkansrådet för social välfärd samt vård och omsorg';
    const { body } = await api.json<TimelineBody>(
      `/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}&body=${enc(organ)}`,
    );
    expect(body.meetings.map((m) => m.meetingDate)).toEqual(['2020-11-20']);
    expect(Object.keys(body.facets.body!)).toEqual([organ]);
    const none = await api.json<TimelineBody>(
      `/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}&yearFrom=2023&yearTo=2023`,
    );
    expect(none.body.total).toBe(0);
  });

  it('pages through the meetings one at a time without overlap, with the same totals on every page', async () => {
    const url = `/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}`;
    const whole = (await api.json<TimelineBody & { meetingCount: number; nextPage: number | null }>(url)).body;
    expect(whole.nextPage).toBeNull();
    expect(whole.meetingCount).toBe(whole.meetings.length);
    expect(whole.meetingCount).toBeGreaterThan(2);
    const pages: (TimelineBody & { meetingCount: number; nextPage: number | null; page: number })[] = [];
    for (let page: number | null = 1; page !== null; page = pages[pages.length - 1]!.nextPage) {
      pages.push((await api.json<(typeof pages)[number]>(`${url}&meetings=1&page=${page}`)).body);
      expect(pages.length).toBeLessThanOrEqual(whole.meetingCount);
    }
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
    for (const p of pages) {
      expect(p.meetings).toHaveLength(1);
      expect(p.total).toBe(whole.total);
      expect(p.meetingCount).toBe(whole.meetingCount);
      expect(p.facets).toEqual(whole.facets);
    }
    // The pages put together are the whole timeline: same meetings, same order, same items.
    expect(pages.flatMap((p) => p.meetings)).toEqual(whole.meetings);
    const past = await api.json<TimelineBody & { nextPage: number | null }>(
      `${url}&meetings=1&page=${whole.meetingCount + 1}`,
    );
    expect(past.body.meetings).toEqual([]);
    expect(past.body.total).toBe(whole.total);
  });
});

describe('GET /api/decisions', () => {
  it('answers "what has chefsgruppen decided about suicidsamordning?"', async () => {
    const { body } = await api.json<{
      hits: { meetingDate: string; title: string; decisions: { kind: string; text: string }[] }[];
    }>('/api/decisions?q=suicidsamordning');
    expect(body.hits[0]).toMatchObject({
      meetingDate: '2022-10-13',
      title: 'Suicidsamordning – placering och samordning',
    });
    expect(body.hits[0]!.decisions.every((d) => d.kind === 'substantive')).toBe(true);
    expect(body.hits[0]!.decisions[0]!.text).toMatch(/ställa sig bakom förslaget/);
  });

  it('includes routine decisions only when asked', async () => {
    const substantive = await api.json<{ total: number }>('/api/decisions');
    const all = await api.json<{ total: number }>('/api/decisions?includeRoutine=true');
    expect(substantive.body.total).toBe(items.filter((i) => i.hasDecision).length);
    expect(all.body.total).toBe(items.filter((i) => i.hasDecision || i.hasRoutineDecision).length);
  });
});

describe('GET /api/trends', () => {
  interface TrendsBody {
    years: number[];
    series: {
      label: string;
      points: {
        year: number;
        items: number;
        meetings: number;
        totalItems: number;
        totalMeetings: number;
        share: number;
        searchParams: string;
      }[];
    }[];
  }

  it('counts the three main topics per year exactly as the tagger tagged the items', async () => {
    const { body } = await api.json<TrendsBody>(
      `/api/trends?topics=${enc('nära vård,psykisk hälsa,samsjuklighet')}&unit=items`,
    );
    for (const series of body.series) {
      for (const p of series.points) {
        const inYear = items.filter((i) => i.year === p.year);
        const matching = inYear.filter((i) => i.topics.includes(series.label));
        expect([series.label, p.year, p.items, p.meetings, p.totalItems, p.totalMeetings]).toEqual([
          series.label,
          p.year,
          matching.length,
          new Set(matching.map((i) => i.protocolId)).size,
          inYear.length,
          new Set(inYear.map((i) => i.protocolId)).size,
        ]);
        expect(p.share).toBeCloseTo(inYear.length ? matching.length / inYear.length : 0, 3);
      }
    }
  });

  it('gives every point the search parameters that list its items', async () => {
    const { body } = await api.json<TrendsBody>(`/api/trends?topics=samsjuklighet`);
    const point = body.series[0]!.points.find((p) => p.items > 0)!;
    const listed = await api.json<SearchBody>(`/api/search?${point.searchParams}&limit=100`);
    expect(listed.body.total).toBe(point.items);
  });

  it('charts free-text terms as series', async () => {
    const { body } = await api.json<TrendsBody>(`/api/trends?terms=${enc('samsjuklighet,suicid')}`);
    expect(body.series.map((s) => s.label)).toEqual(['samsjuklighet', 'suicid']);
    expect(body.series[0]!.points.find((p) => p.year === 2022)!.items).toBeGreaterThan(0);
  });
});

describe('GET /api/protocols', () => {
  it('lists protocols newest first with their metadata', async () => {
    const { body } = await api.json<{
      total: number;
      protocols: { meetingDate: string; body: string; itemCount: number }[];
    }>('/api/protocols');
    expect(body.total).toBe(5);
    expect(body.protocols.map((p) => p.meetingDate)).toEqual([
      '2024-04-19',
      '2023-02-07',
      '2022-10-13',
      '2021-11-04',
      '2020-11-20',
    ]);
  });

  it('shows one protocol with attendees, municipalities present and every item with topics, decisions and evidence', async () => {
    const list = await api.json<{ protocols: { id: string; meetingDate: string }[] }>('/api/protocols?yearFrom=2024');
    const id = list.body.protocols[0]!.id;
    const { body } = await api.json<{
      municipalitiesPresent: string[];
      attendees: { name: string; present: boolean }[];
      items: { itemNumber: string; topicEvidence: unknown[]; decisions: unknown[] }[];
      sourceUrl: string;
    }>(`/api/protocols/${id}`);
    expect(body.municipalitiesPresent).not.toContain('Laxå');
    expect(body.attendees.find((a) => a.name === 'Madelene Maxe')?.present).toBe(false);
    expect(body.items.map((i) => i.itemNumber)).toEqual(Array.from({ length: 15 }, (_, i) => String(i + 1)));
    expect(body.items[5]!.topicEvidence.length).toBeGreaterThan(0);
    const source = await api.get(body.sourceUrl);
    expect(source.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await source.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const item = await api.json<{ title: string; protocol: { id: string } }>(`/api/protocols/${id}/items/7`);
    expect(item.body.title).toBe('Psykisk hälsa, uppdragsbeskrivning styrgrupp, Maria Belik');
  });
});

describe('GET /api/items/:id/related', () => {
  interface Related {
    terms: string[];
    earlier: { meetingDate: string; protocolId: string; itemNumber: string; matched: string[]; score: number }[];
    sameDay: { meetingDate: string }[];
    later: { meetingDate: string; protocolId: string; itemNumber: string; matched: string[]; score: number }[];
  }
  const related = async (date: string, number: string) => {
    const item = items.find((i) => i.meetingDate === date && i.itemNumber === number)!;
    const { status, body } = await api.json<Related>(`/api/items/${item.id}/related`);
    expect(status).toBe(200);
    return { item, body, found: [...body.earlier, ...body.later].map((h) => `${h.meetingDate} §${h.itemNumber}`) };
  };

  it('follows the överenskommelse om hälso- och sjukvård i hemmet from 2024 §9 to the reports of 2020 §5 and 2022 §5', async () => {
    const { item, body, found } = await related('2024-04-19', '9');
    expect(found).toEqual(expect.arrayContaining(['2020-11-20 §5', '2022-10-13 §5']));
    expect(body.earlier.every((h) => h.meetingDate < '2024-04-19' && h.protocolId !== item.protocolId)).toBe(true);
    expect(body.later).toEqual([]);
    // In date order: the thread as it happened.
    expect(body.earlier.map((h) => h.meetingDate)).toEqual([...body.earlier.map((h) => h.meetingDate)].sort());
  });

  it('follows a concept the title writes as a phrase as that concept, not as its words one by one', async () => {
    const { body } = await related('2024-04-19', '9');
    expect(body.terms).toContain('hälso- och sjukvård i hemmet');
    for (const word of ['hälso', 'sjukvård', 'hemmet']) expect(body.terms).not.toContain(word);
    const earlier = (date: string, n: string) => body.earlier.find((h) => h.meetingDate === date && h.itemNumber === n);
    for (const [date, n] of [
      ['2020-11-20', '5'],
      ['2022-10-13', '5'],
    ] as const)
      expect(earlier(date, n)?.matched, `${date} §${n}`).toContain('hälso- och sjukvård i hemmet');
    // "Tema Barn och unga" writes "hälso- och sjukvården" and "hemmet" apart: not the concept.
    expect(earlier('2020-11-20', '6')?.matched ?? []).not.toContain('hälso- och sjukvård i hemmet');
  });

  it('finds at least the items Tidslinje finds for the matter in other meetings', async () => {
    const { item, found } = await related('2024-04-19', '9');
    const tl = await api.json<{
      meetings: { protocolId: string; meetingDate: string; items: { itemNumber: string }[] }[];
    }>(`/api/timeline?q=${enc('hälso- och sjukvård i hemmet')}`);
    const timeline = tl.body.meetings
      .filter((m) => m.protocolId !== item.protocolId)
      .flatMap((m) => m.items.map((i) => `${m.meetingDate} §${i.itemNumber}`));
    expect(timeline.length).toBeGreaterThan(0);
    expect(found).toEqual(expect.arrayContaining(timeline));
  });

  it('follows suicidsamordning (2022 §10) back to processtöd suicidprevention and forward to 2024, across bodies', async () => {
    const { body, found } = await related('2022-10-13', '10');
    expect(found).toEqual(expect.arrayContaining(['2021-11-04 §2', '2024-04-19 §7']));
    expect(body.earlier.find((h) => h.itemNumber === '2')!.matched).toContain('suicid');
  });

  it('from the 2022-10-13 suicidsamordning decision shows only items of the same matter, oldest or newest first', async () => {
    const item = items.find((i) => i.meetingDate === '2022-10-13' && i.itemNumber === '10')!;
    for (const order of ['oldest', 'newest'] as const) {
      const { body } = await api.json<Related & { order: string }>(`/api/items/${item.id}/related?order=${order}`);
      expect(body.order).toBe(order);
      const all = [...body.earlier, ...body.later];
      expect(all.length).toBeGreaterThan(0);
      // Each one shares a word of the matter (suicid…), not only "samordning" or "resurs".
      for (const h of all) expect(h.matched.some((w) => /suicid/i.test(w))).toBe(true);
      const dates = body.earlier.map((h) => h.meetingDate);
      expect(dates).toEqual(order === 'oldest' ? [...dates].sort() : [...dates].sort().reverse());
    }
  });

  it("explains a relation with the item's words as written, never stems", async () => {
    const { item, body } = await related('2024-04-19', '9');
    const source = `${item.title} ${item.text}`.toLowerCase();
    const words = [...body.terms, ...body.earlier.flatMap((h) => h.matched)];
    expect(words).toContain('överenskommelse');
    expect(words).not.toContain('overenskomm');
    for (const w of words) expect(source).toContain(w.toLowerCase());
  });
});

describe('GET /api/topics, /api/facets, /health, /openapi.json', () => {
  it('lists the taxonomy with item counts', async () => {
    const { body } = await api.json<{ topics: { label: string; items: number }[] }>('/api/topics');
    expect(body.topics.find((t) => t.label === 'samsjuklighet')!.items).toBe(
      items.filter((i) => i.topics.includes('samsjuklighet')).length,
    );
  });

  it('gives bodies, municipalities, years, presenters and types with counts', async () => {
    const { body } = await api.json<{
      bodies: Record<string, number>;
      years: Record<string, number>;
      presenters: Record<string, number>;
      protocols: number;
      items: number;
    }>('/api/facets');
    expect(body.protocols).toBe(5);
    expect(body.items).toBe(items.length);
    expect(body.bodies['Chefsgrupp för samverkan social välfärd samt vård och omsorg']).toBe(2);
    expect(body.presenters['Malin Duckert Ek']).toBeGreaterThan(0);
  });

  it('reports health', async () => {
    const { status, body } = await api.json('/health');
    expect(status).toBe(200);
    // The integrity check runs at start (main.ts); this app was never started that way.
    expect(body).toEqual({
      status: 'ok',
      meilisearch: 'available',
      integrity: { status: 'pending', leftoverTempsRemoved: 0 },
    });
  });

  it('describes every route in an OpenAPI document generated from the schemas', async () => {
    const { body } = await api.json<{
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string }[] }>>;
    }>('/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/search',
        '/api/trends',
        '/api/timeline',
        '/api/decisions',
        '/api/protocols/{id}',
        '/api/items/{id}/related',
        '/api/ingest',
      ]),
    );
    expect(body.paths['/api/search']!.get!.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'body', 'topics', 'municipality', 'yearFrom', 'sort', 'page', 'limit']),
    );
  });
});
