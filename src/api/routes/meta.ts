/** Topics, corpus facets, health. */
import type { Router } from 'express';
import { corpusFacets, corpusVersion, topicsWithCounts } from '../../search/facets.js';
import type { IntegrityState } from '../../../ingest/index.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';

/** The integrity part of /health: the last consistency check and the clean start, in brief. */
function integritySummary(state: IntegrityState) {
  const c = state.check;
  return {
    status: state.error ? 'unknown' : !c ? 'pending' : c.ok ? 'ok' : 'problems',
    ...(c
      ? {
          checkedAt: c.checkedAt,
          orphanItemsRemoved: c.removedOrphanItems,
          incompleteProtocolsRemoved: c.incompleteProtocols.length,
          protocolsWithoutSource: c.withoutSource.length,
          duplicateSources: c.duplicateSources.length,
        }
      : {}),
    leftoverTempsRemoved: state.leftoverTempsRemoved,
    ...(state.error ? { error: state.error } : {}),
  };
}

export function metaRoutes(
  router: Router,
  search: SearchContext,
  meiliRestarts?: () => number,
  integrity?: () => IntegrityState,
) {
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
        // The index's integrity (consistency check at start and after each reindex); never changes the status code.
        ...(integrity ? { integrity: integritySummary(integrity()) } : {}),
      };
    },
  );
}
