/**
 * Trends: topics and free-text terms per year, counted from Meilisearch facet
 * counts (the only aggregation it has) in one multi-search round trip, two for
 * items per 10,000 words. A meeting counts by its minutes: kallelser and
 * föredragningslistor, whose items come back in the minutes, are not counted.
 * Every answer says what it leaves out: those, and the items and protocols
 * without a date (and, under a body filter, without a body), with counts and a
 * link to them; a year without meetings is a gap, not a zero; a
 * point resting on few items or meetings is marked; and the annotations
 * (dated events) that concern the chart come with it.
 */
import type { MultiSearchQuery, MultiSearchResponse } from 'meilisearch';
import { type Annotation, annotationConcerns } from '../../domain/annotations.js';
import { AppError } from '../../domain/errors.js';
import { EXCLUSION_LABELS, type ExclusionReason } from '../../domain/exclusions.js';
import { listTopics } from '../../domain/taxonomy.js';
import { analyseQuery } from '../../domain/swedish/analyse.js';
import { AGENDA_TYPES } from '../../domain/doc-types.js';
import type { ProtocolDocument } from '../../domain/schemas.js';
import { meili } from '../../domain/store/client.js';
import { itemFilter, protocolFilter, type Filter, type ItemFilters } from './filters.js';
import { termSearch } from './search.js';
import type { SearchContext } from './context.js';
import { annotationsOf, annotationsQuery } from './annotations.js';
import { resolveTopics } from './known-topics.js';

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

/** A point rests on a small base below either count: its share is marked, not hidden. */
export const SMALL_BASE = { items: 5, meetings: 2 } as const;

export interface TrendPoint {
  year: number;
  /** The series' items that year; null in a year without meetings (a gap, never a zero). */
  items: number | null;
  /** The series' meetings that year; null in a year without meetings. */
  meetings: number | null;
  totalItems: number;
  totalMeetings: number;
  /** Words in the year's protocols; computed for unit=per10k only (null otherwise). */
  totalWords: number | null;
  /** In the requested unit: a fraction (items, meetings) or items per 10,000 words; null when the denominator is 0. */
  share: number | null;
  /** The year had no meeting under the filters: nothing to count (drawn as a gap). */
  gap: boolean;
  /** Fewer than SMALL_BASE.items items or SMALL_BASE.meetings meetings behind the point. */
  smallBase: boolean;
  /** Query string for /api/search that lists this point's items. */
  searchParams: string;
}

/** Items and meetings (protocols) left out of the points. */
export interface ExcludedCount {
  items: number;
  protocols: number;
}

export interface TrendSeries {
  kind: 'topic' | 'term';
  label: string;
  points: TrendPoint[];
  /** The series' items and meetings in protocols without a date: in no year, so in no point. */
  undated: ExcludedCount;
}

/** A reason items were left out of every point, with how many and where to see them. */
export interface Exclusion extends ExcludedCount {
  reason: ExclusionReason;
  /** In Swedish, for the chart, the table and "Om datat". */
  label: string;
  /** The list endpoint that names the protocols (path and query; JSON). */
  link: string;
}

export interface Trends {
  unit: TrendUnit;
  years: number[];
  series: TrendSeries[];
  /**
   * What the points leave out under the same filters: protocols without a date; under a body filter,
   * protocols without a body (which no body filter can reach); kallelser and föredragningslistor (a
   * meeting counts by its minutes). Empty when nothing is left out.
   */
  excluded: Exclusion[];
  /** The thresholds behind `smallBase`. */
  smallBase: typeof SMALL_BASE;
  /** The events (annotations) that concern the charted topics and bodies within the years, oldest first. */
  annotations: Annotation[];
}

interface SeriesSpec {
  kind: 'topic' | 'term' | 'base';
  label: string;
  /** The analysed terms of a term series ('' otherwise). */
  q: string;
  /** Items of the series: the base filters with the year range admitting undated items. */
  filter: Filter;
  search: URLSearchParams;
}

interface Plan {
  specs: SeriesSpec[];
  /** Base and topic series: their meetings are counted on the protocols index. */
  protocolSpecs: { spec: SeriesSpec; i: number }[];
  /** Term series: their meetings are the same search with one hit per meeting. */
  termSpecs: { spec: SeriesSpec; i: number }[];
  base: ItemFilters;
  topics: string[];
}

const distributionOf = (res: unknown, field: string): Record<string, number> =>
  (res as { facetDistribution?: Record<string, Record<string, number>> }).facetDistribution?.[field] ?? {};
const totalOf = (res: unknown): number => (res as { totalHits?: number }).totalHits ?? 0;
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Step 1: the series asked for, checked (an unknown topic or a term with no searchable word is a 400). */
function planSeries(req: TrendRequest): Plan {
  const base: ItemFilters = {
    body: req.body,
    present: req.municipality,
    yearFrom: req.yearFrom,
    yearTo: req.yearTo,
    orUndated: true,
    agendas: false,
  };
  const baseSearch = new URLSearchParams();
  for (const b of req.body ?? []) baseSearch.append('body', b);
  for (const m of req.municipality ?? []) baseSearch.append('present', m);

  const topics =
    req.topics?.length || req.terms?.length ? resolveTopics(req.topics ?? []) : listTopics().map((t) => t.label);
  const terms = (req.terms ?? []).map((term) => {
    // The same Swedish analysis as search: stems and compound parts, folded.
    const q = analyseQuery(term).stems;
    if (!q)
      throw new AppError(
        'invalid-parameter',
        `Sökordet "${term}" har inga sökbara ord (bara småord som "och", "att"). Skriv ett innehållsord.`,
        { param: 'terms' },
      );
    return { term, q };
  });
  const specs: SeriesSpec[] = [
    { kind: 'base', label: '', q: '', filter: itemFilter(base), search: baseSearch },
    ...topics.map((label): SeriesSpec => {
      const search = new URLSearchParams(baseSearch);
      search.append('topics', label);
      return { kind: 'topic', label, q: '', filter: itemFilter({ ...base, topics: [label] }), search };
    }),
    ...terms.map(({ term, q }): SeriesSpec => {
      const search = new URLSearchParams(baseSearch);
      search.set('q', term);
      return { kind: 'term', label: term, q, filter: itemFilter(base), search };
    }),
  ];
  const indexed = specs.map((spec, i) => ({ spec, i }));
  return {
    specs,
    protocolSpecs: indexed.filter(({ spec }) => spec.kind !== 'term'),
    termSpecs: indexed.filter(({ spec }) => spec.kind === 'term'),
    base,
    topics,
  };
}

/**
 * Step 2: the one round trip. Every count query runs in page mode with no hits, so `totalHits` is
 * exact; its filter admits the years asked for and the undated, so total − Σ(year facet) is what
 * has no year. Queries, in order: items per year of each series; meetings per year of the base and
 * topic series (protocols index) and of term series (one hit per meeting); the axis; under a body
 * filter, the items and protocols without a body; the kallelser and föredragningslistor left out
 * (their items and documents); the annotations.
 */
function countQueries(ctx: SearchContext, req: TrendRequest, plan: Plan): MultiSearchQuery[] {
  const count = { page: 1, hitsPerPage: 0 } as const;
  const itemQuery = (spec: SeriesSpec, meetings = false): MultiSearchQuery => ({
    indexUid: ctx.names.items,
    q: spec.q || null,
    ...termSearch(spec.q ? spec.q.split(' ') : []),
    filter: spec.filter,
    facets: ['year'],
    ...count,
    // One hit per meeting: the year facet then counts meetings, not items.
    ...(meetings ? { distinct: 'protocolId' } : {}),
  });
  // Protocol documents carry body, year, the municipalities present and the union of their
  // items' topics, so a topic's meetings per year are one facet query on the protocols index.
  const protocolQuery = (spec: SeriesSpec): MultiSearchQuery => ({
    indexUid: ctx.names.protocols,
    q: null,
    filter: protocolFilter({
      ...plan.base,
      municipality: req.municipality,
      topics: spec.kind === 'topic' ? [spec.label] : undefined,
    }),
    facets: ['year'],
    ...count,
  });
  // The axis: every year of the corpus in the range, whatever the filters.
  const axis: MultiSearchQuery = {
    indexUid: ctx.names.protocols,
    q: null,
    filter: protocolFilter({ yearFrom: req.yearFrom, yearTo: req.yearTo }),
    facets: ['year'],
    limit: 0,
  };
  const noBody: MultiSearchQuery[] = req.body?.length
    ? [
        {
          indexUid: ctx.names.items,
          q: null,
          filter: itemFilter({ ...plan.base, body: undefined, noBody: true }),
          ...count,
        },
        {
          indexUid: ctx.names.protocols,
          q: null,
          filter: protocolFilter({ ...plan.base, municipality: req.municipality, body: undefined, noBody: true }),
          ...count,
        },
      ]
    : [];
  const agendas = { ...plan.base, agendas: undefined, type: AGENDA_TYPES };
  const agendaQueries: MultiSearchQuery[] = [
    { indexUid: ctx.names.items, q: null, filter: itemFilter(agendas), ...count },
    {
      indexUid: ctx.names.protocols,
      q: null,
      filter: protocolFilter({ ...agendas, municipality: req.municipality }),
      ...count,
    },
  ];
  return [
    ...plan.specs.map((s) => itemQuery(s)),
    ...plan.protocolSpecs.map(({ spec }) => protocolQuery(spec)),
    ...plan.termSpecs.map(({ spec }) => itemQuery(spec, true)),
    axis,
    ...noBody,
    ...agendaQueries,
    annotationsQuery(ctx),
  ];
}

interface Counts {
  /** Per series: items per year. */
  itemsPerYear: Record<string, number>[];
  /** `${series}|${year}` → meetings. */
  meetings: Map<string, number>;
  /** Per series: items and protocols without a year. */
  undated: ExcludedCount[];
  axisYears: number[];
  noBody: ExcludedCount | null;
  /** The kallelser and föredragningslistor under the filters, in any year or none. */
  agendas: ExcludedCount;
  annotations: Annotation[];
}

/** Step 3: the round trip's answers read back in the order `countQueries` asked. */
function readCounts(plan: Plan, results: MultiSearchResponse['results'], withNoBody: boolean): Counts {
  const n = plan.specs.length;
  const itemsPerYear = results.slice(0, n).map((r) => distributionOf(r, 'year'));
  const undated: ExcludedCount[] = results
    .slice(0, n)
    .map((r, s) => ({ items: totalOf(r) - sum(itemsPerYear[s] ?? {}), protocols: 0 }));
  const meetings = new Map<string, number>();
  [...plan.protocolSpecs, ...plan.termSpecs].forEach(({ i }, k) => {
    const result = results[n + k];
    const perYear = distributionOf(result, 'year');
    for (const [year, count] of Object.entries(perYear)) meetings.set(`${i}|${year}`, count);
    undated[i]!.protocols = totalOf(result) - sum(perYear);
  });
  let at = n + plan.protocolSpecs.length + plan.termSpecs.length;
  const axisYears = Object.keys(distributionOf(results[at++], 'year')).map(Number);
  const noBody = withNoBody ? { items: totalOf(results[at++]), protocols: totalOf(results[at++]) } : null;
  const agendas = { items: totalOf(results[at++]), protocols: totalOf(results[at++]) };
  return { itemsPerYear, meetings, undated, axisYears, noBody, agendas, annotations: annotationsOf(results[at]) };
}

/** Step 4: the axis, every year from the first to the last the corpus (or the range) has. */
function axisOf(req: TrendRequest, counts: Counts): number[] {
  const known = [...counts.axisYears, ...Object.keys(counts.itemsPerYear[0] ?? {}).map(Number)].filter((y) =>
    Number.isInteger(y),
  );
  const years: number[] = [];
  if (known.length)
    for (let y = req.yearFrom ?? Math.min(...known); y <= (req.yearTo ?? Math.max(...known)); y++) years.push(y);
  return years;
}

/**
 * Step 5, only for items per 10,000 words: the base's words per year (a sum over the wordCount
 * facet's values, one query per year that has items), in a second round trip.
 */
async function wordsPerYear(
  ctx: SearchContext,
  plan: Plan,
  years: readonly number[],
  counts: Counts,
): Promise<Map<number, number>> {
  const cells = years.filter((y) => (counts.itemsPerYear[0]?.[String(y)] ?? 0) > 0);
  const words = new Map<number, number>();
  if (!cells.length) return words;
  const res = await meili(() =>
    ctx.client.multiSearch({
      queries: cells.map((year) => ({
        indexUid: ctx.names.items,
        q: null,
        filter: itemFilter({ ...plan.base, orUndated: false, year }),
        facets: ['wordCount'],
        limit: 0,
      })),
    }),
  );
  cells.forEach((year, k) => {
    const dist = distributionOf(res.results[k], 'wordCount');
    words.set(
      year,
      Object.entries(dist).reduce((total, [value, count]) => total + Number(value) * count, 0),
    );
  });
  return words;
}

/** Step 6: the points of every series, with their denominators, gaps and small bases. */
function buildSeries(
  req: TrendRequest,
  plan: Plan,
  years: readonly number[],
  counts: Counts,
  words: Map<number, number> | null,
): TrendSeries[] {
  return plan.specs.slice(1).map((spec, s) => {
    // The click-through search of each point: the series' own parameters (never a year) plus the year,
    // written once per series rather than a URLSearchParams per point (series × years of them).
    // With kallelser or föredragningslistor left out of the counts, out of the list too.
    const search = new URLSearchParams(spec.search);
    if (counts.agendas.items) search.set('agendas', 'false');
    const own = search.toString();
    const linkOf = (year: number) => `${own}${own ? '&' : ''}yearFrom=${year}&yearTo=${year}`;
    return {
      kind: spec.kind as 'topic' | 'term',
      label: spec.label,
      undated: counts.undated[s + 1]!,
      points: years.map((year): TrendPoint => {
        const totalItems = counts.itemsPerYear[0]?.[String(year)] ?? 0;
        const totalMeetings = counts.meetings.get(`0|${year}`) ?? 0;
        const totalWords = words ? (words.get(year) ?? 0) : null;
        const gap = totalMeetings === 0 && totalItems === 0;
        const items = gap ? null : (counts.itemsPerYear[s + 1]?.[String(year)] ?? 0);
        const meetings = gap ? null : (counts.meetings.get(`${s + 1}|${year}`) ?? 0);
        const ratio = (n: number | null, d: number | null) => (n !== null && d ? n / d : null);
        const share =
          req.unit === 'items'
            ? ratio(items, totalItems)
            : req.unit === 'meetings'
              ? ratio(meetings, totalMeetings)
              : ratio(items === null ? null : items * 10_000, totalWords);
        return {
          year,
          items,
          meetings,
          totalItems,
          totalMeetings,
          totalWords,
          share: share === null ? null : Math.round(share * 10_000) / 10_000,
          gap,
          smallBase: !gap && (totalItems < SMALL_BASE.items || totalMeetings < SMALL_BASE.meetings),
          searchParams: linkOf(year),
        };
      }),
    };
  });
}

/** The query string of the list endpoint for one reason, under the request's filters. */
export function exclusionLink(
  req: Pick<TrendRequest, 'body' | 'municipality' | 'yearFrom' | 'yearTo'>,
  reason: ExclusionReason,
): string {
  const q = new URLSearchParams({ reason });
  if (reason !== 'no-body') for (const b of req.body ?? []) q.append('body', b);
  for (const m of req.municipality ?? []) q.append('municipality', m);
  if (reason !== 'undated') {
    if (req.yearFrom !== undefined) q.set('yearFrom', String(req.yearFrom));
    if (req.yearTo !== undefined) q.set('yearTo', String(req.yearTo));
  }
  return `/api/trends/excluded?${q}`;
}

export interface ExcludedRequest {
  reason: ExclusionReason;
  body?: readonly string[] | undefined;
  municipality?: readonly string[] | undefined;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
}

export interface ExcludedProtocol {
  id: string;
  sourceFile: string;
  body: string | null;
  meetingDate: string | null;
  itemCount: number;
  /** The protocol in the web UI. */
  url: string;
  /** The source file. */
  sourceUrl: string;
}

export interface ExcludedList {
  reason: ExclusionReason;
  label: string;
  /** Protocols left out (all of them, also past the first MAX_EXCLUDED listed). */
  total: number;
  /** Their items. */
  items: number;
  protocols: ExcludedProtocol[];
}

/** Protocols an excluded list names at most. */
export const MAX_EXCLUDED = 1000;

/** The protocols a trend leaves out for one reason, under the same filters: the list its link opens. */
export async function listExcluded(ctx: SearchContext, req: ExcludedRequest): Promise<ExcludedList> {
  const filters: ItemFilters =
    req.reason === 'undated'
      ? { body: req.body, undated: true, agendas: false }
      : req.reason === 'no-body'
        ? { noBody: true, yearFrom: req.yearFrom, yearTo: req.yearTo, orUndated: true, agendas: false }
        : { body: req.body, type: AGENDA_TYPES, yearFrom: req.yearFrom, yearTo: req.yearTo, orUndated: true };
  const res = await meili(() =>
    ctx.client.multiSearch({
      queries: [
        {
          indexUid: ctx.names.protocols,
          q: null,
          filter: protocolFilter({ ...filters, municipality: req.municipality }),
          page: 1,
          hitsPerPage: MAX_EXCLUDED,
          sort: ['ingestedAt:desc'],
          attributesToRetrieve: ['id', 'sourceFile', 'body', 'meetingDate', 'itemCount'],
        },
        {
          indexUid: ctx.names.items,
          q: null,
          filter: itemFilter({ ...filters, present: req.municipality }),
          page: 1,
          hitsPerPage: 0,
        },
      ],
    }),
  );
  const [protocols, items] = res.results;
  const hits = (protocols?.hits ?? []) as Pick<
    ProtocolDocument,
    'id' | 'sourceFile' | 'body' | 'meetingDate' | 'itemCount'
  >[];
  return {
    reason: req.reason,
    label: EXCLUSION_LABELS[req.reason],
    total: totalOf(protocols),
    items: totalOf(items),
    protocols: hits.map((p) => ({
      id: p.id,
      sourceFile: p.sourceFile,
      body: p.body ?? null,
      meetingDate: p.meetingDate ?? null,
      itemCount: p.itemCount ?? 0,
      url: `/?view=protokoll&id=${encodeURIComponent(p.id)}`,
      sourceUrl: `/api/protocols/${encodeURIComponent(p.id)}/source`,
    })),
  };
}

/** Step 7: what the points leave out, per reason, with the links that list it. */
function exclusionsOf(req: TrendRequest, counts: Counts): Exclusion[] {
  const out: Exclusion[] = [];
  const undated = counts.undated[0]!;
  if (undated.items || undated.protocols)
    out.push({ reason: 'undated', label: EXCLUSION_LABELS.undated, ...undated, link: exclusionLink(req, 'undated') });
  if (counts.noBody && (counts.noBody.items || counts.noBody.protocols))
    out.push({
      reason: 'no-body',
      label: EXCLUSION_LABELS['no-body'],
      ...counts.noBody,
      link: exclusionLink(req, 'no-body'),
    });
  if (counts.agendas.items || counts.agendas.protocols)
    out.push({
      reason: 'agenda',
      label: EXCLUSION_LABELS.agenda,
      ...counts.agendas,
      link: exclusionLink(req, 'agenda'),
    });
  return out;
}

export async function computeTrends(ctx: SearchContext, req: TrendRequest): Promise<Trends> {
  const plan = planSeries(req);
  const round1 = await meili(() => ctx.client.multiSearch({ queries: countQueries(ctx, req, plan) }));
  const counts = readCounts(plan, round1.results, !!req.body?.length);
  const years = axisOf(req, counts);
  const words = req.unit === 'per10k' ? await wordsPerYear(ctx, plan, years, counts) : null;
  return {
    unit: req.unit,
    years,
    series: buildSeries(req, plan, years, counts, words),
    excluded: exclusionsOf(req, counts),
    smallBase: SMALL_BASE,
    annotations: counts.annotations.filter((a) =>
      annotationConcerns(a, { topics: plan.topics, bodies: req.body ?? [], years }),
    ),
  };
}
