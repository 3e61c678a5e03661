/**
 * Trends that say what they leave out, proven against brute-force counts over
 * every document of a corpus with undated protocols, protocols without a body,
 * föredragningslistor and documents of no known type, a year without meetings
 * and a year with one meeting: the excluded counts per series and per reason,
 * the list their link opens, gaps instead of zeros, small bases, and a 400 for
 * a topic or term that cannot be a series.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENDA_TYPES, isAgendaType } from '../../domain/doc-types.js';
import type { ItemDocument } from '../../domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { type ItemFilters, itemFilter, itemMatcher } from '../../src/search/filters.js';
import type { ExcludedList, Trends } from '../../src/search/trends.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';
import { protocolDocs, syntheticCorpus, TOPICS } from './synthetic.js';

const enc = encodeURIComponent;
/** Every 7th protocol lost its date, every 11th its body (77 both); 2019 has no meetings, 2022 one. */
const UNDATED = (p: number) => p % 7 === 3;
const NO_BODY = (p: number) => p % 11 === 5;
/** Every 13th document is a föredragningslista (some undated or bodiless too), every 17th of no known type. */
const AGENDA = (p: number) => p % 13 === 4;
const UNTYPED = (p: number) => p % 17 === 8;
const isAgenda = (d: ItemDocument) => isAgendaType(d.docType);
const GAP_YEAR = 2019;
const ONE_MEETING_YEAR = 2022;

let runtime: Runtime;
let api: RunningApp;
let docs: ItemDocument[];

function corpus(): ItemDocument[] {
  const all = syntheticCorpus(400, 30, 7);
  const number = (d: ItemDocument) => Number(d.protocolId.slice(1));
  const firstOf2022 = all.find((d) => d.year === ONE_MEETING_YEAR)!.protocolId;
  return all
    .filter((d) => d.year !== GAP_YEAR && (d.year !== ONE_MEETING_YEAR || d.protocolId === firstOf2022))
    .map((d) => ({
      ...d,
      ...(UNDATED(number(d)) ? { meetingDate: null, meetingDay: null, year: null } : {}),
      ...(NO_BODY(number(d)) ? { body: null } : {}),
      ...(AGENDA(number(d)) ? { docType: 'föredragningslista' as const } : {}),
      ...(UNTYPED(number(d)) ? { docType: null } : {}),
    }));
}

/** What trends count: every document but the kallelser and föredragningslistor. */
const minutes = () => docs.filter((d) => !isAgenda(d));

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  docs = corpus();
  await runtime.admin.index(runtime.names.items).addDocuments(docs).waitTask({ timeout: 120_000 });
  await runtime.admin.index(runtime.names.protocols).addDocuments(protocolDocs(docs)).waitTask({ timeout: 120_000 });
  api = await startAppOver(runtime);
}, 180_000);

afterAll(async () => {
  await api?.close();
  if (runtime) await dropIndexes(runtime);
});

const meetingsOf = (items: readonly ItemDocument[]) => new Set(items.map((d) => d.protocolId)).size;

describe('trends that say what they leave out (brute-force proof)', () => {
  it('uses a corpus with undated protocols, protocols without a body, agendas, untyped documents, a year without meetings and a year with one', () => {
    expect(docs.filter((d) => d.year === null).length).toBeGreaterThan(100);
    expect(docs.filter((d) => d.body === null).length).toBeGreaterThan(50);
    expect(meetingsOf(docs.filter(isAgenda))).toBeGreaterThan(20);
    expect(docs.filter((d) => isAgenda(d) && d.year === null).length).toBeGreaterThan(0);
    expect(docs.filter((d) => d.docType === null).length).toBeGreaterThan(50);
    expect(docs.some((d) => d.year === GAP_YEAR)).toBe(false);
    expect(meetingsOf(docs.filter((d) => d.year === ONE_MEETING_YEAR))).toBe(1);
  });

  it('counts each series’ undated items and meetings, and everything undated under the filters, exactly', async () => {
    const { status, body } = await api.json<Trends>(`/api/trends?topics=${enc(TOPICS.join(','))}&unit=items`);
    expect(status).toBe(200);
    const undated = minutes().filter((d) => d.year === null);
    const agendas = docs.filter(isAgenda);
    for (const s of body.series) {
      const mine = undated.filter((d) => d.topics.includes(s.label));
      expect([s.label, s.undated]).toEqual([s.label, { items: mine.length, protocols: meetingsOf(mine) }]);
    }
    expect(body.excluded).toEqual([
      {
        reason: 'undated',
        label: 'utan datum',
        items: undated.length,
        protocols: meetingsOf(undated),
        link: '/api/trends/excluded?reason=undated',
      },
      {
        reason: 'agenda',
        label: 'kallelser och föredragningslistor',
        items: agendas.length,
        protocols: meetingsOf(agendas),
        link: '/api/trends/excluded?reason=agenda',
      },
    ]);
    console.log(
      `excluded: ${undated.length} of ${docs.length} items (${meetingsOf(undated)} of ${meetingsOf(docs)} protocols) undated, ${agendas.length} (${meetingsOf(agendas)}) in agendas`,
    );
  });

  it('counts free-text series’ undated items and meetings too', async () => {
    const { body } = await api.json<Trends>(`/api/trends?terms=${enc('äldre')}`);
    const mine = minutes().filter((d) => d.year === null && d.topics.includes('äldre'));
    expect(body.series[0]!.undated).toEqual({ items: mine.length, protocols: meetingsOf(mine) });
  });

  it('under a body filter also states the protocols without a body, which no body filter reaches', async () => {
    const organ = docs.find((d) => d.body !== null && d.year === null)!.body!;
    const { body } = await api.json<Trends>(`/api/trends?topics=${enc('nära vård')}&body=${enc(organ)}`);
    const undated = minutes().filter((d) => d.year === null && d.body === organ);
    const noBody = minutes().filter((d) => d.body === null);
    const agendas = docs.filter((d) => isAgenda(d) && d.body === organ);
    expect(body.excluded.map((e) => [e.reason, e.items, e.protocols])).toEqual([
      ['undated', undated.length, meetingsOf(undated)],
      ['no-body', noBody.length, meetingsOf(noBody)],
      ...(agendas.length ? [['agenda', agendas.length, meetingsOf(agendas)]] : []),
    ]);
  });

  it('lists the left-out protocols at the link, with their items counted', async () => {
    const { body } = await api.json<Trends>(`/api/trends?topics=${enc('nära vård')}&yearFrom=2016&yearTo=2024`);
    const link = body.excluded.find((e) => e.reason === 'undated')!.link;
    const list = await api.json<ExcludedList>(link);
    const undated = minutes().filter((d) => d.year === null);
    expect(list.status).toBe(200);
    expect([list.body.total, list.body.items]).toEqual([meetingsOf(undated), undated.length]);
    expect(new Set(list.body.protocols.map((p) => p.id))).toEqual(new Set(undated.map((d) => d.protocolId)));
    expect(list.body.protocols[0]!.url).toMatch(/^\/\?view=protokoll&id=p\d+$/);
  });

  it('leaves a year without meetings as a gap in every unit, never a zero', async () => {
    for (const unit of ['items', 'meetings', 'per10k']) {
      const { body } = await api.json<Trends>(`/api/trends?topics=${enc(TOPICS.join(','))}&unit=${unit}`);
      expect(body.years).toContain(GAP_YEAR);
      for (const s of body.series) {
        const p = s.points.find((x) => x.year === GAP_YEAR)!;
        expect([unit, s.label, p.gap, p.items, p.meetings, p.share]).toEqual([unit, s.label, true, null, null, null]);
      }
    }
  });

  it('marks the points whose year has fewer than 5 items or 2 meetings as small bases', async () => {
    const { body } = await api.json<Trends>(`/api/trends?topics=${enc('psykisk hälsa')}&unit=meetings`);
    expect(body.smallBase).toEqual({ items: 5, meetings: 2 });
    for (const p of body.series[0]!.points) {
      const inYear = minutes().filter((d) => d.year === p.year);
      const small = inYear.length > 0 && (inYear.length < 5 || meetingsOf(inYear) < 2);
      expect([p.year, p.smallBase]).toEqual([p.year, small]);
    }
    expect(body.series[0]!.points.find((p) => p.year === ONE_MEETING_YEAR)!.smallBase).toBe(true);
  });

  it('keeps the dated counts per year equal to brute-force counts beside the undated ones', async () => {
    const { body } = await api.json<Trends>(`/api/trends?topics=${enc('samsjuklighet')}&yearFrom=2016&yearTo=2024`);
    for (const p of body.series[0]!.points.filter((x) => !x.gap)) {
      const inYear = minutes().filter((d) => d.year === p.year);
      const matching = inYear.filter((d) => d.topics.includes('samsjuklighet'));
      expect([p.year, p.items, p.meetings, p.totalItems, p.totalMeetings]).toEqual([
        p.year,
        matching.length,
        meetingsOf(matching),
        inYear.length,
        meetingsOf(inYear),
      ]);
    }
    // The undated are left out of a year range too, and said so.
    const undated = minutes().filter((d) => d.year === null && d.topics.includes('samsjuklighet'));
    expect(body.series[0]!.undated.items).toBe(undated.length);
  });

  it('counts a meeting by its minutes: the agendas are left out of every point, said so and listed', async () => {
    const { body } = await api.json<Trends>(
      `/api/trends?topics=${enc('äldre')}&yearFrom=2016&yearTo=2024&unit=meetings`,
    );
    const agendas = docs.filter(isAgenda);
    const inRange = agendas.filter((d) => d.year === null || (d.year >= 2016 && d.year <= 2024));
    const left = body.excluded.find((e) => e.reason === 'agenda')!;
    expect([left.items, left.protocols]).toEqual([inRange.length, meetingsOf(inRange)]);
    expect(left.link).toBe('/api/trends/excluded?reason=agenda&yearFrom=2016&yearTo=2024');
    // Documents of no known type are counted: only a kallelse or föredragningslista is known to be one.
    const untyped = minutes().filter((d) => d.docType === null && d.year !== null && d.year >= 2016 && d.year <= 2024);
    expect(untyped.length).toBeGreaterThan(0);
    for (const p of body.series[0]!.points.filter((x) => !x.gap)) {
      const inYear = minutes().filter((d) => d.year === p.year);
      expect([p.year, p.totalItems, p.totalMeetings]).toEqual([p.year, inYear.length, meetingsOf(inYear)]);
      // A point's list (the search its link opens) holds the point's items, no agenda among them.
      const search = await api.json<{ total: number }>(`/api/search?${p.searchParams}&limit=1`);
      expect([p.year, search.body.total]).toEqual([p.year, p.items]);
    }
    const list = await api.json<ExcludedList>(left.link);
    expect(list.status).toBe(200);
    expect([list.body.label, list.body.total, list.body.items]).toEqual([
      'kallelser och föredragningslistor',
      meetingsOf(inRange),
      inRange.length,
    ]);
    expect(new Set(list.body.protocols.map((p) => p.id))).toEqual(new Set(inRange.map((d) => d.protocolId)));
  });
});

describe('a series that cannot be counted', () => {
  it('answers 400 problem+json with the known topics for an unknown topic', async () => {
    const res = await api.get(`/api/trends?topics=${enc('nära vård,rymdfart')}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { detail: string; param: string; knownTopics: string[] };
    expect(problem.param).toBe('topics');
    expect(problem.detail).toMatch(/^Okänt ämne: "rymdfart"\. Välj bland: .*nära vård/);
    expect(problem.knownTopics).toContain('psykisk hälsa');
  });

  it('reads a topic in any case, or by its id', async () => {
    const { status, body } = await api.json<Trends>(`/api/trends?topics=${enc('Nära Vård,psykisk-halsa')}`);
    expect(status).toBe(200);
    expect(body.series.map((s) => s.label)).toEqual(['nära vård', 'psykisk hälsa']);
  });

  it('answers 400 for a term with no word to search', async () => {
    const res = await api.get(`/api/trends?terms=${enc('och')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/"och" har inga sökbara ord/);
  });
});

describe('filters in Meilisearch and in memory (contract)', () => {
  it('select the same items, undated and bodiless ones included', async () => {
    const organ = docs.find((d) => d.body !== null)!.body!;
    const cases: ItemFilters[] = [
      {},
      { yearFrom: 2016, yearTo: 2020 },
      { yearFrom: 2016, yearTo: 2020, orUndated: true },
      { yearTo: 2018, orUndated: true },
      { undated: true },
      { noBody: true },
      { otherThanBody: [organ] },
      { outsideYears: { from: 2020, to: 2022 } },
      { body: [organ], yearFrom: 2017 },
      { topics: ['nära vård', 'äldre'], topicsMode: 'all' },
      { topics: ['nära vård', 'äldre'] },
      { municipality: ['Karlskoga'], hasDecision: true },
      { dateFrom: '2018-03-01', dateTo: '2021-06-30' },
      { agendas: false },
      { agendas: false, yearFrom: 2016, yearTo: 2020, orUndated: true },
      { type: AGENDA_TYPES },
      { type: ['protokoll'] },
    ];
    for (const f of cases) {
      const res = await runtime.search.client
        .index(runtime.names.items)
        .search(null, { filter: itemFilter(f), limit: 10_000, attributesToRetrieve: ['id'] });
      const meili = new Set(res.hits.map((h) => h.id as string));
      const memory = new Set(docs.filter(itemMatcher(f)).map((d) => d.id as string));
      expect([JSON.stringify(f), memory.size]).toEqual([JSON.stringify(f), meili.size]);
      expect(memory).toEqual(meili);
    }
  });
});
