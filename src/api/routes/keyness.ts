/** Keyness ("Vad är nytt"): the words and topics that stand out in a period or body against a reference. */
import type { Router } from 'express';
import { z } from 'zod';
import { cached } from '../../search/cache.js';
import type { SearchContext } from '../../search/context.js';
import { aboutText, toSwedishCsv, toXlsx, XLSX_TYPE } from '../../search/export.js';
import { corpusVersion } from '../../search/facets.js';
import { computeKeyness } from '../../search/keyness.js';
import { keynessAbout, keynessSheets } from '../../search/keyness-export.js';
import { filterShape } from '../../search/params.js';
import { route } from '../route.js';

const period = z
  .string()
  .trim()
  .regex(/^\d{4}(\s*[-–]\s*\d{4})?$/, 'ska vara ett år (2024) eller ett spann av år (2021-2023)')
  .transform((v) => {
    const [from, to] = v.split(/\s*[-–]\s*/).map(Number) as [number, number | undefined];
    return { from, to: to ?? from };
  })
  .refine((p) => p.from <= p.to, 'det första året får inte vara senare än det sista');

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number({ error: 'ska vara ett tal' }).min(min, `minst ${min}`).max(max, `högst ${max}`).default(fallback);

const KeynessParams = z.object({
  period: period.optional().describe('The target years: 2024 or 2021-2023 (required unless body is given).'),
  reference: period
    .optional()
    .describe('The reference years; default: every other year (with body: the same years as period).'),
  body: filterShape.body.describe('Target bodies; the reference is then every other body.'),
  type: filterShape.type,
  topics: filterShape.topics.describe('Only items with these topics, on both sides.'),
  topicsMode: filterShape.topicsMode,
  municipality: filterShape.municipality,
  present: filterShape.present,
  hasDecision: filterShape.hasDecision,
  unit: z
    .enum(['words', 'items'], { error: 'ska vara words eller items' })
    .default('words')
    .describe('words: occurrences (as Korp); items: the agenda items a word occurs in (dispersion).'),
  minCount: count(1, 10_000, 3)
    .pipe(z.number().int('ska vara ett heltal'))
    .describe('A term must occur at least this often in the target.'),
  minG2: count(0, 10_000, 3.84).describe('Smallest G² shown (3.84: p < 0.05; 10.83: p < 0.001; 0: every term).'),
  limit: count(1, 500, 100).pipe(z.number().int('ska vara ett heltal')).describe('Terms answered at most.'),
  format: z
    .enum(['json', 'csv', 'xlsx', 'om'], { error: 'ska vara json, csv, xlsx eller om' })
    .default('json')
    .describe('json; csv (Swedish Excel); xlsx (terms and topics); om (what the numbers are, as text).'),
});

/** `links.base`: PUBLIC_URL or "" (root-relative links), never the request's Host header. */
export function keynessRoutes(router: Router, search: SearchContext, links: { base: string }) {
  route(
    router,
    {
      method: 'get',
      path: '/api/keyness',
      summary:
        'What is new: terms and topics over-represented in a period or body against a reference, by G² with log ratio and both counts (format=csv|xlsx|om)',
      tags: ['analys'],
      query: KeynessParams,
      produces: ['application/json', 'text/csv', XLSX_TYPE, 'text/plain'],
    },
    async ({ query, res }) => {
      const answer = await cached(search, 'keyness', { ...query, format: undefined }, () =>
        computeKeyness(search, query),
      );
      if (query.format === 'json') return answer;
      const about = keynessAbout(answer, await corpusVersion(search), new Date(), links.base);
      const file = `protokollsok-vad-ar-nytt-${new Date().toISOString().slice(0, 10)}`;
      const [terms] = keynessSheets(answer);
      if (query.format === 'csv')
        res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(toSwedishCsv(terms!));
      else if (query.format === 'om')
        res.type('text/plain; charset=utf-8').attachment(`${file}-om-datat.txt`).send(aboutText(about));
      else
        res
          .type(XLSX_TYPE)
          .attachment(`${file}.xlsx`)
          .send(await toXlsx(keynessSheets(answer), about));
      return undefined;
    },
  );
}
