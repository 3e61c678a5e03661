/** Konkordans: every occurrence of the search's words in its context. */
import type { Router } from 'express';
import { z } from 'zod';
import { cached } from '../../search/cache.js';
import {
  CONCORDANCE_MAX_ITEMS,
  concordance,
  concordanceLines,
  type ConcordanceRequest,
} from '../../search/concordance.js';
import type { SearchContext } from '../../search/context.js';
import { concordanceTable, XLSX_TYPE } from '../../search/export.js';
import { filterShape, q } from '../../search/params.js';
import { route } from '../route.js';
import { listAbout, sendExport } from './search.js';

/** Lines a page holds at most; an export holds every line up to EXPORT_LINES. */
export const CONCORDANCE_MAX_LIMIT = 200;
const EXPORT_LINES = 20_000;

const ConcordanceParams = z.object({
  q: q.describe('The words whose occurrences to show (analysed as in search: inflections, compounds, synonyms).'),
  ...filterShape,
  sort: z
    .enum(['date', 'date-desc', 'left', 'right'], { error: 'ska vara date, date-desc, left eller right' })
    .default('date')
    .describe('Oldest first (date), newest first, or by the word just left or right of the occurrence.'),
  page: z.coerce
    .number({ error: 'ska vara ett heltal' })
    .int('ska vara ett heltal')
    .min(1, 'minst 1')
    .max(10_000, 'högst 10000')
    .default(1),
  limit: z.coerce
    .number({ error: 'ska vara ett heltal' })
    .int('ska vara ett heltal')
    .min(1, 'minst 1')
    .max(CONCORDANCE_MAX_LIMIT, `högst ${CONCORDANCE_MAX_LIMIT}`)
    .default(50),
  format: z
    .enum(['json', 'csv', 'xlsx', 'om'], { error: 'ska vara json, csv, xlsx eller om' })
    .default('json')
    .describe('json (a page of lines); csv (Swedish Excel), xlsx or om: every line.'),
});

/** `links.base`: PUBLIC_URL or "" (root-relative links), never the request's Host header. */
export function concordanceRoutes(router: Router, search: SearchContext, links: { base: string }) {
  const lines = (req: Omit<ConcordanceRequest, 'page' | 'limit'>) =>
    cached(search, 'concordance', req, () => concordanceLines(search, req));
  route(
    router,
    {
      method: 'get',
      path: '/api/concordance',
      summary: `Konkordans: every occurrence of the query's words with its left and right context (filters as search; at most ${CONCORDANCE_MAX_ITEMS} items read; format=csv|xlsx|om)`,
      tags: ['analys'],
      query: ConcordanceParams,
      produces: ['application/json', 'text/csv', XLSX_TYPE, 'text/plain'],
    },
    async ({ query, req, res }) => {
      const { format, ...rest } = query;
      if (format === 'json') return concordance(search, rest, lines);
      const { page: _page, limit: _limit, ...question } = rest;
      const all = await lines(question);
      const shown = all.lines.slice(0, EXPORT_LINES);
      await sendExport(
        res,
        format,
        'konkordans',
        concordanceTable(shown, links.base),
        await listAbout(search, req, 'Protokollsök – konkordans', all.total, shown.length),
      );
      return undefined;
    },
  );
}
