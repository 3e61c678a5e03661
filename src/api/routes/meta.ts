/** Topics, corpus facets, health. */
import type { Router } from 'express';
import { corpusFacets, corpusVersion, topicsWithCounts } from '../../search/facets.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';

export function metaRoutes(router: Router, search: SearchContext, meiliRestarts?: () => number) {
  route(
    router,
    { method: 'get', path: '/api/topics', summary: 'The topic taxonomy with item counts', tags: ['analys'] },
    async () => ({ topics: await topicsWithCounts(search) }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/facets',
      summary: 'Bodies, municipalities, years, presenters and types with counts',
      tags: ['analys'],
    },
    async () => ({
      ...(await corpusFacets(search)),
      corpus: await corpusVersion(search),
    }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/health',
      summary: 'API and Meilisearch status (503 when Meilisearch is down)',
      tags: ['drift'],
    },
    async ({ res }) => {
      const available = await search.client.health().then(
        () => true,
        () => false,
      );
      res.status(available ? 200 : 503);
      // restarts: how often the supervisor restarted the embedded Meilisearch (absent for an external one).
      return {
        status: available ? 'ok' : 'degraded',
        meilisearch: available ? 'available' : 'unavailable',
        ...(meiliRestarts ? { meilisearchRestarts: meiliRestarts() } : {}),
      };
    },
  );
}
