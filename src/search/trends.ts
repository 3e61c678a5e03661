/**
 * Topic and term trends across years, with their denominators.
 *
 * Computed from facet counts only, in at most two multi-search requests whatever
 * the corpus size, never by fetching documents: (1) per series, and for the base
 * (all items under the same body and municipality filters), agenda items per
 * year from the items index and meetings per year from the protocols index;
 * (2) only where (1) cannot answer: distinct meetings (protocolId facet) per year
 * for free-text series or under a municipality filter, and the base's words
 * (wordCount facet: value × count) for the per-10,000-words unit.
 *
 * Units: `items` = share of the year's agenda items; `meetings` = share of the
 * year's meetings with at least one matching item; `per10k` = matching agenda
 * items per 10,000 words of the year's protocols.
 */
import { escapeCell } from './export.js';
import type { MultiSearchQuery } from 'meilisearch';
import { listTopics } from '../domain/taxonomy.js';
import { analyseQuery } from '../domain/swedish/analyse.js';
import { meili } from '../domain/store/client.js';
import { itemFilter, protocolFilter, type Filter, type ItemFilters } from './filters.js';
import type { SearchContext } from './context.js';

export type TrendUnit = 'items' | 'meetings' | 'per10k';

export interface TrendRequest {
  topics?: readonly string[] | undefined;
  terms?: readonly string[] | undefined;
  body?: readonly string[] | undefined;
  municipality?: readonly string[] | undefined;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  unit: TrendUnit;
}

export interface TrendPoint {
  year: number;
  items: number;
  meetings: number;
  totalItems: number;
  totalMeetings: number;
  /** Words in the year's protocols; computed for unit=per10k only (null otherwise). */
  totalWords: number | null;
  /** In the requested unit: a fraction (items, meetings) or items per 10,000 words. */
  share: number;
  /** Query string for /api/search that lists this point's items. */
  searchParams: string;
}

export interface TrendSeries {
  kind: 'topic' | 'term';
  label: string;
  points: TrendPoint[];
}

export interface Trends {
  unit: TrendUnit;
  years: number[];
  series: TrendSeries[];
}

interface SeriesSpec {
  kind: 'topic' | 'term' | 'base';
  label: string;
  q: string;
  filter: Filter;
  search: URLSearchParams;
}

const distributionOf = (res: unknown, field: string): Record<string, number> =>
  ((res as { facetDistribution?: Record<string, Record<string, number>> }).facetDistribution ?? {})[field] ?? {};

export async function computeTrends(ctx: SearchContext, req: TrendRequest): Promise<Trends> {
  const base: ItemFilters = { body: req.body, municipality: req.municipality, yearFrom: req.yearFrom, yearTo: req.yearTo };
  const baseSearch = new URLSearchParams();
  for (const b of req.body ?? []) baseSearch.append('body', b);
  for (const m of req.municipality ?? []) baseSearch.append('municipality', m);

  const topics = req.topics?.length || req.terms?.length ? (req.topics ?? []) : listTopics().map((t) => t.label);
  const specs: SeriesSpec[] = [
    { kind: 'base', label: '', q: '', filter: itemFilter(base), search: baseSearch },
    ...topics.map((label): SeriesSpec => {
      const search = new URLSearchParams(baseSearch);
      search.append('topics', label);
      return { kind: 'topic', label, q: '', filter: itemFilter({ ...base, topics: [label] }), search };
    }),
    ...(req.terms ?? []).map((term): SeriesSpec => {
      const search = new URLSearchParams(baseSearch);
      search.set('q', term);
      // The same Swedish analysis as search: stems and compound parts, folded.
      return { kind: 'term', label: term, q: analyseQuery(term).stems, filter: itemFilter(base), search };
    }),
  ];
  const query = (spec: SeriesSpec, filter: Filter, facets: string[]): MultiSearchQuery => ({
    indexUid: ctx.names.items,
    q: spec.q || null,
    ...(spec.q ? { attributesToSearchOn: ['stems'], matchingStrategy: 'all' as const } : {}),
    filter,
    facets,
    limit: 0,
  });

  // Protocol documents carry body, year and the union of their items' topics, so without
  // a municipality filter (which is about items) a topic's meetings per year are one facet
  // query on the protocols index.
  const byProtocols = !req.municipality?.length;
  const protocolSpecs = byProtocols ? specs.map((spec, i) => ({ spec, i })).filter(({ spec }) => spec.kind !== 'term') : [];
  const protocolQuery = (spec: SeriesSpec): MultiSearchQuery => ({
    indexUid: ctx.names.protocols,
    q: null,
    filter: protocolFilter({ body: req.body, yearFrom: req.yearFrom, yearTo: req.yearTo, topics: spec.kind === 'topic' ? [spec.label] : undefined }),
    facets: ['year'],
    limit: 0,
  });

  // Round 1: items per year for every series and the base (and meetings, from protocols).
  const round1 = await meili(() =>
    ctx.client.multiSearch({ queries: [...specs.map((s) => query(s, s.filter, ['year'])), ...protocolSpecs.map(({ spec }) => protocolQuery(spec))] }),
  );
  const perYear = round1.results.slice(0, specs.length).map((r) => distributionOf(r, 'year'));
  const years = Object.keys(perYear[0] ?? {})
    .map(Number)
    .filter((y) => Number.isInteger(y))
    .sort((a, b) => a - b);
  const meetings = new Map<string, number>();
  protocolSpecs.forEach(({ i }, k) => {
    for (const [year, count] of Object.entries(distributionOf(round1.results[specs.length + k], 'year'))) meetings.set(`${i}|${year}`, count);
  });

  // Round 2, only where round 1 cannot answer: distinct meetings of term series (and of every
  // series under a municipality filter) and, for items per 10,000 words, the base's words.
  const wantWords = req.unit === 'per10k';
  const cells: { spec: number; year: number; facets: string[] }[] = [];
  specs.forEach((spec, i) => {
    const needMeetings = !byProtocols || spec.kind === 'term';
    const facets = [...(needMeetings ? ['protocolId'] : []), ...(i === 0 && wantWords ? ['wordCount'] : [])];
    if (facets.length === 0) return;
    for (const y of years) if ((perYear[i]?.[String(y)] ?? 0) > 0) cells.push({ spec: i, year: y, facets });
  });
  const round2 = cells.length
    ? await meili(() => ctx.client.multiSearch({ queries: cells.map((c) => query(specs[c.spec]!, [...specs[c.spec]!.filter, `year = ${c.year}`], c.facets)) }))
    : { results: [] };
  const words = new Map<number, number>();
  cells.forEach((c, k) => {
    const r = round2.results[k];
    if (c.facets.includes('protocolId')) meetings.set(`${c.spec}|${c.year}`, Object.keys(distributionOf(r, 'protocolId')).length);
    if (c.facets.includes('wordCount')) {
      words.set(c.year, Object.entries(distributionOf(r, 'wordCount')).reduce((sum, [value, count]) => sum + Number(value) * count, 0));
    }
  });

  const series: TrendSeries[] = specs.slice(1).map((spec, s) => ({
    kind: spec.kind as 'topic' | 'term',
    label: spec.label,
    points: years.map((year) => {
      const items = perYear[s + 1]?.[String(year)] ?? 0;
      const meetingCount = meetings.get(`${s + 1}|${year}`) ?? 0;
      const totalItems = perYear[0]?.[String(year)] ?? 0;
      const totalMeetings = meetings.get(`0|${year}`) ?? 0;
      const totalWords = wantWords ? (words.get(year) ?? 0) : null;
      const share =
        req.unit === 'items' ? (totalItems ? items / totalItems : 0) : req.unit === 'meetings' ? (totalMeetings ? meetingCount / totalMeetings : 0) : totalWords ? (items * 10_000) / totalWords : 0;
      const search = new URLSearchParams(spec.search);
      search.set('yearFrom', String(year));
      search.set('yearTo', String(year));
      return { year, items, meetings: meetingCount, totalItems, totalMeetings, totalWords, share: Math.round(share * 10_000) / 10_000, searchParams: search.toString() };
    }),
  }));
  return { unit: req.unit, years, series };
}

const csvCell = (v: string | number | null) => escapeCell(v);

/** The trends as CSV for spreadsheets and citation: numerators, denominators, the query and the corpus version. */
export function trendsToCsv(trends: Trends, query: string, corpus: { version: string; updatedAt: string | null }): string {
  const lines = [
    `# Protokollsök – trender; fråga: ${query || '(alla ämnen)'}; enhet: ${trends.unit}; korpusversion: ${corpus.version}; uppdaterad: ${corpus.updatedAt ?? 'okänt'}`,
    ['serie', 'typ', 'år', 'dagordningspunkter', 'möten', 'dagordningspunkter_totalt', 'möten_totalt', 'ord_totalt', `andel_${trends.unit}`].join(','),
  ];
  for (const s of trends.series) {
    for (const p of s.points) lines.push([s.label, s.kind === 'topic' ? 'ämne' : 'sökord', p.year, p.items, p.meetings, p.totalItems, p.totalMeetings, p.totalWords, p.share].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
