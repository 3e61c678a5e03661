/**
 * Request parameters shared by the search endpoints, as zod schemas: the routes
 * validate with them and /openapi.json is generated from them.
 */
import { z } from 'zod';
import type { FilterKey } from '../../domain/filter-keys.js';
import { DocType, MUNICIPALITIES } from '../../domain/schemas.js';

// Swedish default messages for every schema that sets none ("Ogiltig inmatning: …" instead of "Invalid input").
z.config(z.locales.sv());

/** "a,b" or ?x=a&x=b → ["a", "b"]. */
const list = <T extends z.ZodType<string>>(item: T) =>
  z
    .preprocess(
      (v) => {
        if (v === undefined || v === '') return undefined;
        const values = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
        return values.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
      },
      z.array(item).max(50, 'högst 50 värden'),
    )
    .optional();

const year = z.coerce
  .number({ error: 'ska vara ett årtal' })
  .int('ska vara ett årtal')
  .min(1900, 'ska vara ett årtal')
  .max(2100, 'ska vara ett årtal');
const isoDate = z.iso.date({ error: 'ska vara ett datum som 2024-04-19' });
const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'ska vara true eller false' })
  .transform((v) => v === 'true' || v === '1');

/** Municipality names, case-insensitive ("karlskoga" → "Karlskoga"). */
const municipality = z.string().transform((v, ctx) => {
  const found = MUNICIPALITIES.find((m) => m.toLowerCase() === v.toLowerCase());
  if (!found) {
    ctx.addIssue({ code: 'custom', message: `okänd kommun "${v}"; välj bland ${MUNICIPALITIES.join(', ')}` });
    return z.NEVER;
  }
  return found;
});

/** One schema per filter of domain/filter-keys.ts: a key missing here, or one the list lacks, fails the type check. */
export const filterShape = {
  body: list(z.string().min(1).max(200)).describe('Organ, as written (repeat or comma-separate for several).'),
  type: list(DocType).describe(`Dokumenttyp: ${DocType.options.join(', ')}.`),
  agendas: bool
    .optional()
    .describe(
      'false: leave out kallelser and föredragningslistor, the papers sent before a meeting (as trends do: a meeting counts by its minutes).',
    ),
  topics: list(z.string().min(1).max(100)).describe('Topic labels (ämnen), e.g. "nära vård".'),
  topicsMode: z.enum(['any', 'all']).default('any').describe('Items with any of the topics, or all of them.'),
  municipality: list(municipality).describe('Municipalities mentioned in the item.'),
  present: list(municipality).describe('Municipalities present at the meeting (its attendance list).'),
  yearFrom: year.optional(),
  yearTo: year.optional(),
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  hasDecision: bool.optional().describe('Only items with (true) or without (false) a substantive decision.'),
  caseNumber: list(z.string().min(3).max(80)).describe(
    'Diarienummer, as written or typed ("KS 2019/123"); matched across spellings.',
  ),
} satisfies Record<FilterKey, z.ZodType>;

export const q = z
  .string()
  .max(500, 'högst 500 tecken')
  .default('')
  .describe('Free text; Swedish inflections, compounds and missing å/ä/ö are handled.');

export const SearchParams = z
  .object({
    q,
    ...filterShape,
    sort: z.enum(['relevance', 'date-desc', 'date-asc']).default('relevance'),
    page: z.coerce
      .number({ error: 'ska vara ett heltal' })
      .int('ska vara ett heltal')
      .min(1, 'minst 1')
      .max(1000, 'högst 1000')
      .default(1),
    limit: z.coerce
      .number({ error: 'ska vara ett heltal' })
      .int('ska vara ett heltal')
      .min(1, 'minst 1')
      .max(100, 'högst 100')
      .default(20),
  })
  .refine((p) => p.yearFrom === undefined || p.yearTo === undefined || p.yearFrom <= p.yearTo, {
    message: 'får inte vara senare än till år',
    path: ['yearFrom'],
  });
export type SearchParams = z.infer<typeof SearchParams>;
