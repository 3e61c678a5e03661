/** Atom feeds: any search, followed in a feed reader. */
import type { Router } from 'express';
import { itemFeed, type FeedLinks } from '../../search/feed.js';
import { SearchParams } from '../../search/params.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';

export function feedRoutes(router: Router, search: SearchContext, links: FeedLinks) {
  route(
    router,
    {
      method: 'get',
      path: '/api/feed',
      summary: 'Atom feed of the newest agenda items matching the same parameters as /api/search',
      tags: ['sök'],
      query: SearchParams,
      produces: ['application/atom+xml'],
    },
    async ({ query, res }) => {
      // The same bytes for every client (links from PUBLIC_URL, not the Host header): publicly cacheable.
      const xml = await itemFeed(search, query, links);
      res.type('application/atom+xml; charset=utf-8').set('Cache-Control', 'public, max-age=300').send(xml);
      return undefined;
    },
  );
}
