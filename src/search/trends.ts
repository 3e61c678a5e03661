/**
 * Topic and term trends across years, with their denominators.
 *
 * Computed from facet counts only, in two multi-search requests whatever the
 * corpus size: (1) per series, and for the base (all items under the same body
 * and municipality filters), agenda items per year; (2) per series and year
 * with hits, the distinct meetings (protocolId facet) and, for the base, the
 * words (wordCount facet: value × count). Never by fetching documents.
 *
 * Units: `items` = share of the year's agenda items; `meetings` = share of the
 * year's meetings with at least one matching item; `per10k` = matching agenda
 * items per 10,000 words of the year's protocols.
 */
import type { MultiSearchQuery } from 'meilisearch';
import { listTopics } from '../../ingest/tag.js';
import { analyseQuery } from '../../ingest/swedish/analyse.js';
import { meili } from '../meili/client.js';
import { itemFilter, type Filter, type ItemFilters } from '../meili/filters.js';
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
  totalWords: number;
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

  // Round 1: items per year for every series and the base.
  const round1 = await meili(() => ctx.client.multiSearch({ queries: specs.map((s) => query(s, s.filter, ['year'])) }));
  const perYear = round1.results.map((r) => distributionOf(r, 'year'));
  const years = Object.keys(perYear[0] ?? {})
    .map(Number)
    .filter((y) => Number.isInteger(y))
    .sort((a, b) => a - b);

  // Round 2: distinct meetings per series and year (and words for the base) where there are items.
  const cells: { spec: number; year: number }[] = [];
  specs.forEach((_, i) => {
    for (const y of years) if ((perYear[i]?.[String(y)] ?? 0) > 0) cells.push({ spec: i, year: y });
  });
  const round2 = cells.length
    ? await meili(() =>
        ctx.client.multiSearch({
          queries: cells.map((c) => query(specs[c.spec]!, [...specs[c.spec]!.filter, `year = ${c.year}`], c.spec === 0 ? ['protocolId', 'wordCount'] : ['protocolId'])),
        }),
      )
    : { results: [] };
  const meetings = new Map<string, number>();
  const words = new Map<number, number>();
  cells.forEach((c, k) => {
    const r = round2.results[k];
    meetings.set(`${c.spec}|${c.year}`, Object.keys(distributionOf(r, 'protocolId')).length);
    if (c.spec === 0) {
      const dist = distributionOf(r, 'wordCount');
      words.set(c.year, Object.entries(dist).reduce((sum, [value, count]) => sum + Number(value) * count, 0));
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
      const totalWords = words.get(year) ?? 0;
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

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

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
