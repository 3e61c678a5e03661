/**
 * The living taxonomy: read it and its history for anyone; save, dry-run and
 * restore with the admin key. Logic in src/search/taxonomy.ts.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../../domain/config.js';
import { AppError } from '../../../domain/errors.js';
import { TaxonomySchema } from '../../../domain/taxonomy.js';
import type { TaxonomyService } from '../../search/taxonomy.js';
import { route } from '../route.js';
import { requireAdmin } from './admin.js';

/**
 * The body as documented (the taxonomy, as the file), but validated by the service, whose
 * errors name the topic and the field in Swedish rather than the route's generic one.
 */
const TaxonomyBody = TaxonomySchema.or(z.unknown());

const Version = z.object({ version: z.coerce.number().int().positive('en version är ett heltal från 1') });
const Note = z.object({ note: z.string().max(500, 'högst 500 tecken').optional() });

/** The version a save was made from: `If-Match: "3"` (the ETag GET gave). */
function baseVersion(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const m = header.match(/^(?:W\/)?"?(\d+)"?$/);
  if (!m)
    throw new AppError('invalid-parameter', 'If-Match ska vara versionen du ändrade, t.ex. "3".', {
      param: 'If-Match',
    });
  return Number(m[1]);
}

export function taxonomyRoutes(router: Router, config: Config, taxonomy: TaxonomyService) {
  const admin = requireAdmin(config);
  const json = express.json({ limit: '2mb' });

  route(
    router,
    { method: 'get', path: '/api/taxonomy', summary: 'The taxonomy in use, with its version (ETag)', tags: ['analys'] },
    async ({ res }) => {
      const answer = await taxonomy.current();
      res.setHeader('ETag', `"${answer.version}"`);
      return answer;
    },
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/taxonomy',
      summary:
        'Save a new version of the taxonomy and re-tag the corpus from the stored items (If-Match: the version edited)',
      tags: ['analys', 'admin'],
      admin: true,
      query: Note,
      body: TaxonomyBody,
    },
    async ({ req, query, body }) => {
      const base = baseVersion(req.get('if-match'));
      return taxonomy.save(body, { ...(base === undefined ? {} : { base }), note: query.note ?? null });
    },
    admin,
    json,
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/taxonomy/dry-run',
      summary: 'How many items each topic would gain and lose under a taxonomy, without saving it',
      tags: ['analys', 'admin'],
      admin: true,
      body: TaxonomyBody,
    },
    ({ body }) => taxonomy.dryRun(body),
    admin,
    json,
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/taxonomy/history',
      summary: 'Every version of the taxonomy, newest first, with time and what changed',
      tags: ['analys'],
    },
    () => taxonomy.history(),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/taxonomy/versions/{version}',
      summary: 'One version of the taxonomy, whole',
      tags: ['analys'],
      params: Version,
    },
    ({ params }) => taxonomy.version(params.version),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/taxonomy/restore/{version}',
      summary: 'Make an older version the one in use again (saved as a new version) and re-tag the corpus',
      tags: ['analys', 'admin'],
      admin: true,
      params: Version,
      query: Note,
    },
    ({ params, query }) => taxonomy.restore(params.version, { note: query.note ?? null }),
    admin,
  );
}
