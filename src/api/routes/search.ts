/** Search, timeline, decisions and trends: the users' questions, one call each. */
import type { Router } from 'express';
import { z } from 'zod';
import { computeTrends, trendsToCsv } from '../../search/trends.js';
import { corpusVersion } from '../../search/facets.js';
import { searchDecisions } from '../../search/decisions.js';
import { SearchParams, filterShape, q } from '../../search/params.js';
import { searchItems } from '../../search/search.js';
import { timeline } from '../../search/timeline.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';
import { cached } from '../../search/cache.js';

const TimelineParams = z.object({ q, ...filterShape });

const DecisionParams = SearchParams.and(
  z.object({ includeRoutine: z.enum(['true', 'false', '1', '0'], { error: 'ska vara true eller false' }).default('false').transform((v) => v === 'true' || v === '1') }),
);

const listOf = (max: number) =>
  z
    .preprocess((v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean)), z.array(z.string().min(1).max(100)).max(max, `högst ${max} värden`))
    .optional();

const TrendParams = z.object({
  topics: listOf(20).describe('Topic labels; default: every topic (unless terms are given).'),
  terms: listOf(10).describe('Free-text terms, each its own series (Swedish analysis as in search).'),
  body: filterShape.body,
  municipality: filterShape.municipality,
  yearFrom: filterShape.yearFrom,
  yearTo: filterShape.yearTo,
  unit: z.enum(['items', 'meetings', 'per10k']).default('meetings').describe('Share of agenda items, share of meetings, or items per 10,000 words.'),
  format: z.enum(['json', 'csv']).default('json'),
});

export function searchRoutes(router: Router, search: SearchContext) {
  route(router, { method: 'get', path: '/api/search', summary: 'Faceted full-text search over agenda items', tags: ['sök'], query: SearchParams }, ({ query }) => searchItems(search, query));

  route(router, { method: 'get', path: '/api/timeline', summary: 'An issue over time: matching items in date order, grouped by meeting', tags: ['sök'], query: TimelineParams }, ({ query }) =>
    cached(search, 'timeline', query, () => timeline(search, query)),
  );

  route(router, { method: 'get', path: '/api/decisions', summary: 'Decisions (substantive by default)', tags: ['sök'], query: DecisionParams }, ({ query }) => searchDecisions(search, query));

  route(
    router,
    { method: 'get', path: '/api/trends', summary: 'Topic and term frequency per year, with denominators', tags: ['analys'], query: TrendParams, produces: ['application/json', 'text/csv'] },
    async ({ query, req, res }) => {
      const trends = await cached(search, 'trends', { ...query, format: undefined }, () => computeTrends(search, query));
      if (query.format !== 'csv') return trends;
      const csv = trendsToCsv(trends, req.originalUrl.split('?')[1] ?? '', await corpusVersion(search));
      res.type('text/csv; charset=utf-8').attachment(`protokollsok-trender-${new Date().toISOString().slice(0, 10)}.csv`).send(csv);
      return undefined;
    },
  );
}
