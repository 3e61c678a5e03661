import type { MultiSearchQuery } from 'meilisearch';
import { listTopics } from '../../domain/taxonomy.js';
import { analyseQuery } from '../../domain/swedish/analyse.js';
import { meili } from '../../domain/store/client.js';
import { itemFilter, protocolFilter, type Filter, type ItemFilters } from './filters.js';
import { termSearch } from './search.js';
import type { ExportAbout, ExportTable } from './export.js';
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
  /** In the requested unit: a fraction (items, meetings) or items per 10,000 words; null when the denominator is 0. */
  share: number | null;
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
  (res as { facetDistribution?: Record<string, Record<string, number>> }).facetDistribution?.[field] ?? {};

export async function computeTrends(ctx: SearchContext, req: TrendRequest): Promise<Trends> {
  const base: ItemFilters = { body: req.body, present: req.municipality, yearFrom: req.yearFrom, yearTo: req.yearTo };
  const baseSearch = new URLSearchParams();
  for (const b of req.body ?? []) baseSearch.append('body', b);
  for (const m of req.municipality ?? []) baseSearch.append('present', m);

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
  // Counts only; `meetings`: one hit per meeting (`distinct`), so the facet counts meetings, not items
  // (in page mode: with offset/limit Meilisearch counts the facet over every matching item).
  const query = (spec: SeriesSpec, filter: Filter, facets: string[], meetings = false): MultiSearchQuery => ({
    indexUid: ctx.names.items,
    q: spec.q || null,
    ...termSearch(spec.q ? spec.q.split(' ') : []),
    filter,
    facets,
    ...(meetings ? { distinct: 'protocolId', page: 1, hitsPerPage: 0 } : { limit: 0 }),
  });

  // Protocol documents carry body, year, the municipalities present and the union of their
  // items' topics, so a topic's meetings per year are one facet query on the protocols index.
  const protocolSpecs = specs.map((spec, i) => ({ spec, i })).filter(({ spec }) => spec.kind !== 'term');
  const protocolQuery = (spec: SeriesSpec): MultiSearchQuery => ({
    indexUid: ctx.names.protocols,
    q: null,
    filter: protocolFilter({
      body: req.body,
      municipality: req.municipality,
      yearFrom: req.yearFrom,
      yearTo: req.yearTo,
      topics: spec.kind === 'topic' ? [spec.label] : undefined,
    }),
    facets: ['year'],
    limit: 0,
  });
  // The axis: every year of the corpus in the range, whatever the filters.
  const axisQuery: MultiSearchQuery = {
    indexUid: ctx.names.protocols,
    q: null,
    filter: protocolFilter({ yearFrom: req.yearFrom, yearTo: req.yearTo }),
    facets: ['year'],
    limit: 0,
  };

  // Meetings of a term series: the same query with one hit per meeting (`distinct`), whose year
  // facet then counts meetings, not items: in the same round trip as everything else.
  const termSpecs = specs.map((spec, i) => ({ spec, i })).filter(({ spec }) => spec.kind === 'term');
  // Round 1: items per year for every series and the base, meetings from protocols or per term, the axis.
  const round1 = await meili(() =>
    ctx.client.multiSearch({
      queries: [
        ...specs.map((s) => query(s, s.filter, ['year'])),
        ...protocolSpecs.map(({ spec }) => protocolQuery(spec)),
        ...termSpecs.map(({ spec }) => query(spec, spec.filter, ['year'], true)),
        axisQuery,
      ],
    }),
  );
  const perYear = round1.results.slice(0, specs.length).map((r) => distributionOf(r, 'year'));
  const known = [...Object.keys(distributionOf(round1.results.at(-1), 'year')), ...Object.keys(perYear[0] ?? {})]
    .map(Number)
    .filter((y) => Number.isInteger(y));
  const years: number[] = [];
  if (known.length)
    for (let y = req.yearFrom ?? Math.min(...known); y <= (req.yearTo ?? Math.max(...known)); y++) years.push(y);
  const meetings = new Map<string, number>();
  [...protocolSpecs, ...termSpecs].forEach(({ i }, k) => {
    for (const [year, count] of Object.entries(distributionOf(round1.results[specs.length + k], 'year')))
      meetings.set(`${i}|${year}`, count);
  });

  // Round 2, only for items per 10,000 words: the base's words per year (a sum over the wordCount
  // facet's values, one query per year of the axis round 1 found).
  const wantWords = req.unit === 'per10k';
  const cells = wantWords ? years.filter((y) => (perYear[0]?.[String(y)] ?? 0) > 0) : [];
  const round2 = cells.length
    ? await meili(() =>
        ctx.client.multiSearch({
          queries: cells.map((year) => query(specs[0]!, [...specs[0]!.filter, `year = ${year}`], ['wordCount'])),
        }),
      )
    : { results: [] };
  const words = new Map<number, number>();
  cells.forEach((year, k) => {
    words.set(
      year,
      Object.entries(distributionOf(round2.results[k], 'wordCount')).reduce(
        (sum, [value, count]) => sum + Number(value) * count,
        0,
      ),
    );
  });

  const series: TrendSeries[] = specs.slice(1).map((spec, s) => {
    // The click-through search of each point: the series' own parameters (never a year) plus the year,
    // written once per series rather than a URLSearchParams per point (series × years of them).
    const own = spec.search.toString();
    const linkOf = (year: number) => `${own}${own ? '&' : ''}yearFrom=${year}&yearTo=${year}`;
    return {
      kind: spec.kind as 'topic' | 'term',
      label: spec.label,
      points: years.map((year) => {
        const items = perYear[s + 1]?.[String(year)] ?? 0;
        const meetingCount = meetings.get(`${s + 1}|${year}`) ?? 0;
        const totalItems = perYear[0]?.[String(year)] ?? 0;
        const totalMeetings = meetings.get(`0|${year}`) ?? 0;
        const totalWords = wantWords ? (words.get(year) ?? 0) : null;
        const ratio = (n: number, d: number | null) => (d ? n / d : null);
        const share =
          req.unit === 'items'
            ? ratio(items, totalItems)
            : req.unit === 'meetings'
              ? ratio(meetingCount, totalMeetings)
              : ratio(items * 10_000, totalWords);
        return {
          year,
          items,
          meetings: meetingCount,
          totalItems,
          totalMeetings,
          totalWords,
          share: share === null ? null : Math.round(share * 10_000) / 10_000,
          searchParams: linkOf(year),
        };
      }),
    };
  });
  return { unit: req.unit, years, series };
}

/** The unit as a person reads it, and how the charted value is written. */
export const UNIT_NAMES: Record<TrendUnit, string> = {
  items: 'Andel dagordningspunkter (%)',
  meetings: 'Andel möten (%)',
  per10k: 'Dagordningspunkter per 10 000 ord',
};

/** The value as charted: percent for shares, as is for per 10,000 words. */
export const chartedValue = (unit: TrendUnit, share: number | null): number | null =>
  share === null ? null : unit === 'per10k' ? Math.round(share * 100) / 100 : Math.round(share * 10_000) / 100;

/** The trends as one table: a row per series and year, the charted value and what it is made of. */
export function trendsTable(trends: Trends): ExportTable {
  return {
    sheet: 'Trender',
    columns: [
      { header: 'Serie', kind: 'text', width: 28 },
      { header: 'Typ', kind: 'text' },
      { header: 'År', kind: 'integer' },
      { header: UNIT_NAMES[trends.unit], kind: 'decimal', width: 30 },
      { header: 'Dagordningspunkter', kind: 'integer', width: 20 },
      { header: 'Möten', kind: 'integer' },
      { header: 'Dagordningspunkter totalt', kind: 'integer', width: 26 },
      { header: 'Möten totalt', kind: 'integer', width: 14 },
      { header: 'Ord totalt', kind: 'integer', width: 12 },
    ],
    rows: trends.series.flatMap((s) =>
      s.points.map((p) => [
        s.label,
        s.kind === 'topic' ? 'ämne' : 'sökord',
        p.year,
        chartedValue(trends.unit, p.share),
        p.items,
        p.meetings,
        p.totalItems,
        p.totalMeetings,
        p.totalWords,
      ]),
    ),
  };
}

/** What a trends export shows, in words (no URL-encoded query). */
export function trendsAbout(
  trends: Trends,
  req: TrendRequest,
  corpus: { version: string; updatedAt: string | null },
  now: Date,
): ExportAbout {
  const list = (xs: readonly string[] | undefined, none: string) => (xs?.length ? xs.join(', ') : none);
  return {
    title: 'Protokollsök – trender över åren',
    fields: [
      ['Ämnen', list(req.topics, req.terms?.length ? '–' : 'alla ämnen')],
      ['Egna sökord', list(req.terms, '–')],
      ['Organ', list(req.body, 'alla organ')],
      ['Kommun (närvarande)', list(req.municipality, 'alla kommuner')],
      ['År', trends.years.length ? `${trends.years[0]}–${trends.years.at(-1)}` : '–'],
      ['Enhet', UNIT_NAMES[trends.unit]],
      [
        'Nämnare',
        'Dagordningspunkter totalt, Möten totalt och Ord totalt: årets alla under samma filter (organ, kommun).',
      ],
      ['Korpusversion', corpus.version],
      ['Korpusen uppdaterad', corpus.updatedAt ?? 'okänt'],
      ['Exporterad', `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`],
      ['Källa', 'Protokollsök: protokoll från samverkan inom hälsa, vård och omsorg i Region Örebro län'],
    ],
  };
}
