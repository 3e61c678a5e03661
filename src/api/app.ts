/**
 * The Express app without `listen`, so tests can bind it to port 0.
 */
import express from 'express';
import { z } from 'zod';
import type { Config } from '../core/config.js';
import { searchItems } from '../search/search.js';
import type { SearchContext } from '../search/context.js';
import { notFoundHandler, problemHandler } from './problem.js';

export interface AppDeps {
  config: Config;
  search: SearchContext;
  log?: (line: string) => void;
}

const SearchQuery = z.object({
  q: z.string().max(500).default(''),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const meili = await deps.search.client.health().then(() => 'available', () => 'unavailable');
    res.status(meili === 'available' ? 200 : 503).json({ status: meili === 'available' ? 'ok' : 'degraded', meilisearch: meili });
  });
  app.get('/api/search', async (req, res) => {
    res.json(await searchItems(deps.search, SearchQuery.parse(req.query)));
  });
  app.use(notFoundHandler);
  app.use(problemHandler(log));
  return app;
}
