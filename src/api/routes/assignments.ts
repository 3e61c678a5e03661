/** The assignment register (uppdrag): a page of it, a spreadsheet, and an Atom feed of assignments falling due. */
import type { Router } from 'express';
import { z } from 'zod';
import { ASSIGNMENT_STATUSES, assignmentsTable, buildRegister, searchAssignments } from '../../search/assignments.js';
import { dueFeed } from '../../search/assignments-feed.js';
import { cached } from '../../search/cache.js';
import type { SearchContext } from '../../search/context.js';
import { toSwedishCsv, toXlsx, XLSX_TYPE } from '../../search/export.js';
import type { FeedLinks } from '../../search/feed.js';
import { filterShape } from '../../search/params.js';
import { route } from '../route.js';

const list = <T extends z.ZodType<string>>(item: T) =>
  z
    .preprocess(
      (v) =>
        v === undefined || v === ''
          ? undefined
          : (Array.isArray(v) ? v : [v])
              .flatMap((x) => String(x).split(','))
              .map((x) => x.trim())
              .filter(Boolean),
      z.array(item).max(20, 'högst 20 värden'),
    )
    .optional();

const AssignmentParams = z.object({
  body: filterShape.body,
  year: z.coerce
    .number({ error: 'ska vara ett årtal' })
    .int('ska vara ett årtal')
    .min(1900, 'ska vara ett årtal')
    .max(2100, 'ska vara ett årtal')
    .optional(),
  status: list(
    z.enum(ASSIGNMENT_STATUSES, { error: 'ska vara öppen, återrapporterad, försenad eller okänd' }),
  ).describe('öppen, återrapporterad, försenad, okänd (several: comma-separated).'),
  assignee: z.string().max(200, 'högst 200 tecken').optional().describe('Who was given the task (part of the name).'),
  q: z.string().max(500, 'högst 500 tecken').optional().describe('Words in the assignment.'),
  caseNumber: filterShape.caseNumber,
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
    .max(100, 'högst 100')
    .default(20),
  format: z.enum(['json', 'csv', 'xlsx'], { error: 'ska vara json, csv eller xlsx' }).default('json'),
});

const FeedParams = z.object({
  body: filterShape.body,
  days: z.coerce
    .number({ error: 'ska vara ett heltal' })
    .int('ska vara ett heltal')
    .min(1, 'minst 1')
    .max(365, 'högst 365')
    .default(30)
    .describe('Assignments due within this many days (and those already overdue).'),
});

/** Links in exports and the feed come from PUBLIC_URL (root-relative without it), never from a request header. */
export function assignmentRoutes(router: Router, search: SearchContext, links: FeedLinks) {
  route(
    router,
    {
      method: 'get',
      path: '/api/assignments',
      summary: 'The assignment register: uppdrag with assignee, due date, status and report-backs (format=csv|xlsx)',
      tags: ['uppdrag'],
      query: AssignmentParams,
      produces: ['application/json', 'text/csv', XLSX_TYPE],
    },
    async ({ query, res }) => {
      if (query.format === 'json') return cached(search, 'assignments', query, () => searchAssignments(search, query));
      const entries = await buildRegister(search, query);
      const table = assignmentsTable(entries, links.base);
      const file = `protokollsok-uppdrag-${new Date().toISOString().slice(0, 10)}`;
      if (query.format === 'csv')
        res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(toSwedishCsv(table));
      else
        res
          .type(XLSX_TYPE)
          .attachment(`${file}.xlsx`)
          .send(
            await toXlsx(table, {
              title: 'Protokollsök – uppdrag',
              fields: [
                ['Uppdrag', String(entries.length)],
                ['Exporterad', `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`],
              ],
            }),
          );
      return undefined;
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/assignments/feed',
      summary: 'Atom feed of assignments falling due (and overdue ones without a report-back)',
      tags: ['uppdrag'],
      query: FeedParams,
      produces: ['application/atom+xml'],
    },
    async ({ query, res }) => {
      const xml = await dueFeed(search, query, { origin: links.base });
      res.type('application/atom+xml; charset=utf-8').set('Cache-Control', 'public, max-age=300').send(xml);
      return undefined;
    },
  );
}
