/** Coverage: meetings per body and year as found in the index, gaps and doubtful protocols. */
import type { Router } from 'express';
import { coverage } from '../../search/coverage.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';

export function coverageRoutes(router: Router, search: SearchContext) {
  route(
    router,
    {
      method: 'get',
      path: '/api/coverage',
      summary: 'Meetings per body and year, gaps in each body’s cadence, and per protocol its warnings',
      tags: ['analys'],
    },
    () => coverage(search),
  );
}
