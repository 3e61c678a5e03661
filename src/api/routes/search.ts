/** Search, timeline, decisions and trends: the users' questions, one call each. */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { computeTrends, listExcluded } from '../../search/trends.js';
import { trendsAbout, trendsSheets, trendsTable, trendsWideTable } from '../../search/trends-export.js';
import { corpusVersion } from '../../search/facets.js';
import { searchDecisions } from '../../search/decisions.js';
import { withDecisionMarks } from '../../search/marks.js';
import {
  aboutText,
  hitsTable,
  timelineTable,
  type TimelineRow,
  toSwedishCsv,
  toXlsx,
  XLSX_TYPE,
  type ExportAbout,
  type ExportTable,
} from '../../search/export.js';
import { SearchParams, filterShape, q } from '../../search/params.js';
import { searchItems } from '../../search/search.js';
import { timeline, TIMELINE_MAX_MEETINGS, TIMELINE_MEETINGS, type TimelineRequest } from '../../search/timeline.js';
import { stockholmDate, stockholmTime } from '../../../domain/dates.js';
import { EXCLUSION_REASONS } from '../../../domain/exclusions.js';
import { FILTER_LABELS, isFilterKey } from '../../../domain/filter-keys.js';
import { suggest } from '../../search/suggest.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';
import { cached } from '../../search/cache.js';

const format = z
  .enum(['json', 'csv', 'xlsx', 'om'], { error: 'ska vara json, csv, xlsx eller om' })
  .default('json')
  .describe('json; csv (Swedish Excel); xlsx; om (what an export shows, as text).');

const TimelineParams = z.object({
  q,
  ...filterShape,
  format,
  page: z.coerce
    .number({ error: 'ska vara ett heltal' })
    .int('ska vara ett heltal')
    .min(1, 'minst 1')
    .max(10_000, 'högst 10000')
    .default(1)
    .describe('Page of meetings, oldest first (1-based).'),
  meetings: z.coerce
    .number({ error: 'ska vara ett heltal' })
    .int('ska vara ett heltal')
    .min(1, 'minst 1')
    .max(TIMELINE_MAX_MEETINGS, `högst ${TIMELINE_MAX_MEETINGS}`)
    .default(TIMELINE_MEETINGS)
    .describe('Meetings per page.'),
});

/** Rows an export holds at most (Meilisearch pages up to this many hits). */
const EXPORT_LIMIT = 1000;

const ListParams = SearchParams.and(z.object({ format }));
const DecisionParams = SearchParams.and(
  z.object({
    includeRoutine: z
      .enum(['true', 'false', '1', '0'], { error: 'ska vara true eller false' })
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    format,
  }),
);

const listOf = (max: number) =>
  z
    .preprocess(
      (v) =>
        v === undefined || v === ''
          ? undefined
          : (Array.isArray(v) ? v : [v])
              .flatMap((x) => String(x).split(','))
              .map((x) => x.trim())
              .filter(Boolean),
      z.array(z.string().min(1).max(100)).max(max, `högst ${max} värden`),
    )
    .optional();

const TrendParams = z.object({
  topics: listOf(20).describe('Topic labels; default: every topic (unless terms are given).'),
  terms: listOf(10).describe('Free-text terms, each its own series (Swedish analysis as in search).'),
  body: filterShape.body,
  municipality: filterShape.municipality.describe(
    'Municipalities present at the meeting (attendance list): series and denominators alike.',
  ),
  yearFrom: filterShape.yearFrom,
  yearTo: filterShape.yearTo,
  unit: z
    .enum(['items', 'meetings', 'per10k'], { error: 'ska vara items, meetings eller per10k' })
    .default('meetings')
    .describe('Share of agenda items, share of meetings, or items per 10,000 words.'),
  format,
  layout: z
    .enum(['long', 'wide'], { error: 'ska vara long eller wide' })
    .default('long')
    .describe('format=csv: long (a row per series and year) or wide (a row per year, a column per series).'),
});

const ExcludedParams = z.object({
  reason: z
    .enum(EXCLUSION_REASONS, { error: 'ska vara undated, no-body eller agenda' })
    .describe(
      'undated: minutes without a meeting date; no-body: minutes without a body; agenda: kallelser and föredragningslistor (a meeting counts by its minutes).',
    ),
  body: filterShape.body.describe('Bodies (reason=undated or agenda): the documents of these bodies.'),
  municipality: filterShape.municipality.describe('Municipalities present at the meeting.'),
  yearFrom: filterShape.yearFrom,
  yearTo: filterShape.yearTo,
});

const SuggestParams = z.object({
  q: z.string().max(200, 'högst 200 tecken').default('').describe('The query as typed; its last word is completed.'),
  limit: z.coerce
    .number({ error: 'ska vara ett heltal' })
    .int('ska vara ett heltal')
    .min(1, 'minst 1')
    .max(20, 'högst 20')
    .default(8)
    .describe('Suggestions at most.'),
});

/** The export's file name date, as a clock in Sweden shows it. */
const stamp = () => stockholmDate();

/**
 * Sends a table as CSV, xlsx or its "om" text; the file name says what and when. An xlsx holds every
 * table given, a sheet each; a CSV the first.
 */
export async function sendExport(
  res: Response,
  kind: 'csv' | 'xlsx' | 'om',
  name: string,
  tables: ExportTable | readonly ExportTable[],
  about: ExportAbout,
) {
  const file = `protokollsok-${name}-${stamp()}`;
  const table = Array.isArray(tables) ? (tables as readonly ExportTable[])[0]! : (tables as ExportTable);
  if (kind === 'csv') res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(toSwedishCsv(table));
  else if (kind === 'om')
    res.type('text/plain; charset=utf-8').attachment(`${file}-om-datat.txt`).send(aboutText(about));
  else
    res
      .type(XLSX_TYPE)
      .attachment(`${file}.xlsx`)
      .send(await toXlsx(tables, about));
}

/** "Om datat" of a hit list: the query and filters in words. */
export async function listAbout(
  search: SearchContext,
  req: Request,
  title: string,
  total: number,
  shown: number,
): Promise<ExportAbout> {
  const corpus = await corpusVersion(search);
  const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  params.delete('format');
  // The filters as the form names them ("Organ: …"), other parameters by their own name.
  const filters = [...new Set(params.keys())]
    .filter((k) => k !== 'q')
    .map((k) => `${isFilterKey(k) ? FILTER_LABELS[k] : k}: ${params.getAll(k).join(', ')}`);
  return {
    title,
    fields: [
      ['Sökord', params.get('q') || '–'],
      ['Filter', filters.join('; ') || '–'],
      ['Träffar', shown < total ? `${total} (de ${shown} första i filen)` : String(total)],
      ['Korpusversion', corpus.version],
      ['Korpusen uppdaterad', corpus.updatedAt ?? 'okänt'],
      ['Exporterad', `${stockholmTime()} (svensk tid)`],
    ],
  };
}

/** Every item of a timeline, meeting page after meeting page, up to EXPORT_LIMIT items. */
async function timelineRows(search: SearchContext, query: TimelineRequest) {
  const rows: TimelineRow[] = [];
  let total = 0;
  for (let page: number | null = 1; page !== null && rows.length < EXPORT_LIMIT; ) {
    const t = await timeline(search, { ...query, page, meetings: TIMELINE_MAX_MEETINGS });
    total = t.total;
    for (const m of t.meetings)
      rows.push(
        ...m.items.map((h) => ({ ...h, role: 'about' as const })),
        ...m.mentions.map((h) => ({ ...h, role: 'mention' as const })),
      );
    page = t.nextPage;
  }
  return { rows: rows.slice(0, EXPORT_LIMIT), total };
}

/** `links.base`: PUBLIC_URL or "" (root-relative links), never the request's Host header. */
export function searchRoutes(router: Router, search: SearchContext, links: { base: string }) {
  route(
    router,
    {
      method: 'get',
      path: '/api/search',
      summary: 'Faceted full-text search over agenda items (format=csv|xlsx for a spreadsheet)',
      tags: ['sök'],
      query: ListParams,
      produces: ['application/json', 'text/csv', XLSX_TYPE],
    },
    async ({ query, req, res }) => {
      if (query.format === 'json') return cached(search, 'search', query, () => searchItems(search, query));
      // The export's Beslut column writes each decision, an approval with its proposal.
      const result = await searchItems(search, { ...query, page: 1, limit: EXPORT_LIMIT }, { fields: ['decisions'] });
      await sendExport(
        res,
        query.format,
        'sok',
        hitsTable(result.hits, 'search', links.base),
        await listAbout(search, req, 'Protokollsök – dagordningspunkter', result.total, result.hits.length),
      );
      return undefined;
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/timeline',
      summary:
        'An issue over time: matching items in date order, grouped by meeting, a page of meetings at a time (format=csv|xlsx|om: every item)',
      tags: ['sök'],
      query: TimelineParams,
      produces: ['application/json', 'text/csv', XLSX_TYPE, 'text/plain'],
    },
    async ({ query, req, res }) => {
      if (query.format === 'json') return cached(search, 'timeline', query, () => timeline(search, query));
      const { rows, total } = await timelineRows(search, query);
      await sendExport(
        res,
        query.format,
        'tidslinje',
        timelineTable(rows, links.base),
        await listAbout(search, req, 'Protokollsök – tidslinje', total, rows.length),
      );
      return undefined;
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/decisions',
      summary: 'Decisions (substantive by default; format=csv|xlsx for a spreadsheet)',
      tags: ['sök'],
      query: DecisionParams,
      produces: ['application/json', 'text/csv', XLSX_TYPE],
    },
    async ({ query, req, res }) => {
      if (query.format === 'json')
        return cached(search, 'decisions', query, async () =>
          withDecisionMarks(query.q, await searchDecisions(search, query)),
        );
      const result = await searchDecisions(search, { ...query, page: 1, limit: EXPORT_LIMIT });
      await sendExport(
        res,
        query.format,
        'beslut',
        hitsTable(result.hits, 'decisions', links.base),
        await listAbout(search, req, 'Protokollsök – beslut', result.total, result.hits.length),
      );
      return undefined;
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/trends',
      summary: 'Topic and term frequency per year, with denominators (format=csv|xlsx|om)',
      tags: ['analys'],
      query: TrendParams,
      produces: ['application/json', 'text/csv', XLSX_TYPE, 'text/plain'],
    },
    async ({ query, res }) => {
      const trends = await cached(search, 'trends', { ...query, format: undefined, layout: undefined }, () =>
        computeTrends(search, query),
      );
      if (query.format === 'json') return trends;
      const wide = query.layout === 'wide';
      await sendExport(
        res,
        query.format,
        wide ? 'trender-per-ar' : 'trender',
        query.format === 'xlsx' ? trendsSheets(trends) : wide ? trendsWideTable(trends) : trendsTable(trends),
        trendsAbout(trends, query, await corpusVersion(search), new Date(), links.base),
      );
      return undefined;
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/trends/excluded',
      summary: 'The protocols a trend leaves out (no date; no body under a body filter), with their items',
      tags: ['analys'],
      query: ExcludedParams,
    },
    ({ query }) => cached(search, 'trends-excluded', query, () => listExcluded(search, query)),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/suggest',
      summary: "Words of the corpus, as written, completing the query's last word while it is typed",
      tags: ['sök'],
      query: SuggestParams,
    },
    ({ query }) => suggest(search, query),
  );
}
