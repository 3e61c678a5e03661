/** Protocols and agenda items. */
import type { Router } from 'express';
import { z } from 'zod';
import { FILE_TYPES } from '../../../domain/file-types.js';
import { filterShape } from '../../search/params.js';
import { getProtocol, getProtocolItem, listProtocols } from '../../search/protocols.js';
import { relatedItems } from '../../search/related.js';
import { cached } from '../../search/cache.js';
import type { SearchContext } from '../../search/context.js';
import type { IngestService } from '../../../ingest/index.js';
import { route } from '../route.js';

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,120}$/, 'ogiltigt id');

const ListParams = z.object({
  body: filterShape.body,
  type: filterShape.type,
  topics: filterShape.topics,
  municipality: filterShape.municipality.describe('Municipalities present at the meeting.'),
  yearFrom: filterShape.yearFrom,
  yearTo: filterShape.yearTo,
  sort: z.enum(['date-desc', 'date-asc']).default('date-desc'),
  page: z.coerce.number({ error: 'ska vara ett heltal' }).int().min(1, 'minst 1').max(1000, 'högst 1000').default(1),
  limit: z.coerce.number({ error: 'ska vara ett heltal' }).int().min(1, 'minst 1').max(200, 'högst 200').default(50),
});

export function protocolRoutes(router: Router, search: SearchContext, ingest: Pick<IngestService, 'source'>) {
  route(
    router,
    {
      method: 'get',
      path: '/api/protocols',
      summary: 'Protocols with metadata, filterable and paged',
      tags: ['protokoll'],
      query: ListParams,
    },
    ({ query }) => listProtocols(search, query),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/protocols/{id}',
      summary:
        'One protocol: metadata, attendees and every item with topics and decisions; with q, where the query matches each item (marks)',
      tags: ['protokoll'],
      params: z.object({ id: Id }),
      query: z.object({
        q: z
          .string()
          .max(500, 'högst 500 tecken')
          .default('')
          .describe('Marks where this search matches each item (title and text offsets).'),
      }),
    },
    ({ params, query }) => getProtocol(search, params.id, query.q),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/protocols/{id}/items/{number}',
      summary: 'One agenda item of a protocol by its number',
      tags: ['protokoll'],
      params: z.object({ id: Id, number: z.string().min(1).max(20) }),
    },
    ({ params }) => getProtocolItem(search, params.id, params.number),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/protocols/{id}/source',
      summary:
        'The source file (PDF or text) of a protocol: exactly the bytes it was indexed from; 404 when they are gone',
      tags: ['protokoll'],
      params: z.object({ id: Id }),
      produces: [...new Set(FILE_TYPES.map((t) => (t.kind === 'text' ? 'text/plain' : t.mediaType)))],
    },
    async ({ params, res }) => {
      const { file, mediaType } = await ingest.source(params.id);
      // The path is ours (DATA_DIR/sources or the corpus), and DATA_DIR is ".data" by default.
      res.type(mediaType);
      await new Promise<void>((resolve, reject) =>
        res.sendFile(file, { headers: { 'Content-Disposition': 'inline' }, dotfiles: 'allow' }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      return undefined;
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/items/{id}/related',
      summary:
        "Earlier and later items about the same matter (none from a meeting's formalia: `formalia` names its kind)",
      tags: ['protokoll'],
      params: z.object({ id: Id }),
      query: z.object({
        limit: z.coerce.number().int().min(1).max(50).default(20),
        order: z
          .enum(['oldest', 'newest', 'relevance'], { error: 'ska vara oldest, newest eller relevance' })
          .default('oldest')
          .describe('Date order (oldest or newest first) or the best matching first.'),
      }),
    },
    ({ params, query }) =>
      cached(search, 'related', { id: params.id, limit: query.limit, order: query.order }, () =>
        relatedItems(search, params.id, query.limit, query.order),
      ),
  );
}
