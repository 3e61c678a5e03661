/**
 * Annotations on trends: anyone reads them; admins (ADMIN_API_KEY) add,
 * replace and remove them. Each write is waited for and forgets the answer
 * cache, so the next trend answer carries it.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { AnnotationInput } from '../../../domain/annotations.js';
import type { Config } from '../../../domain/config.js';
import { AppError } from '../../../domain/errors.js';
import { type AnnotationStore, listAnnotations } from '../../search/annotations.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';
import { requireAdmin } from './admin.js';

const Id = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ogiltigt id') });

/** JSON bodies only, small: an event is a few lines of text. */
const json = express.json({ limit: '32kb', type: () => true });

export function annotationRoutes(
  router: Router,
  deps: { config: Config; search: SearchContext; annotations: AnnotationStore | undefined },
) {
  const admin = requireAdmin(deps.config);
  const store = (): AnnotationStore => {
    if (!deps.annotations)
      throw new AppError(
        'search-unavailable',
        'Händelser kan inte ändras här: tjänsten har ingen skrivande anslutning till sökmotorn.',
      );
    return deps.annotations;
  };
  const changed = <T>(value: T): T => {
    deps.search.cache?.invalidate();
    return value;
  };

  route(
    router,
    {
      method: 'get',
      path: '/api/annotations',
      summary:
        'Events drawn on the trend charts (date, optional end, label, description, topics, bodies), oldest first',
      tags: ['analys'],
    },
    async () => ({ annotations: await listAnnotations(deps.search) }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/annotations',
      summary: 'Add an event to the trend charts (admin; JSON body)',
      tags: ['admin', 'analys'],
      admin: true,
      body: AnnotationInput,
    },
    async ({ body, res }) => {
      const created = changed(await store().add(body));
      res.status(201).location(`/api/annotations/${created.id}`);
      return created;
    },
    admin,
    json,
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/annotations/{id}',
      summary: 'Replace an event (admin; JSON body as for POST)',
      tags: ['admin', 'analys'],
      admin: true,
      params: Id,
      body: AnnotationInput,
    },
    async ({ params, body }) => changed(await store().replace(params.id, body)),
    admin,
    json,
  );

  route(
    router,
    {
      method: 'delete',
      path: '/api/annotations/{id}',
      summary: 'Remove an event (admin)',
      tags: ['admin', 'analys'],
      admin: true,
      params: Id,
    },
    async ({ params }) => ({ deleted: changed(await store().remove(params.id)) }),
    admin,
  );
}
