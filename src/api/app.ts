/**
 * The Express app without `listen`, so tests bind it to port 0. Routes are thin
 * (src/api/routes) over the search module (src/search); errors become
 * problem+json in one place (api/problem.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Config } from '../domain/config.js';
import { projectRoot } from '../domain/paths.js';
import type { Indexer } from '../../ingest/indexer.js';
import type { SearchContext } from '../search/context.js';
import { openApiDocument } from './openapi.js';
import { notFoundHandler, problemHandler } from './problem.js';
import { adminRoutes } from './routes/admin.js';
import { coverageRoutes } from './routes/coverage.js';
import { feedRoutes } from './routes/feed.js';
import { metaRoutes } from './routes/meta.js';
import { protocolRoutes } from './routes/protocols.js';
import { searchRoutes } from './routes/search.js';
import { rateLimiter, requestLog, securityHeaders } from './security.js';

export interface AppDeps {
  config: Config;
  search: SearchContext;
  indexer: Indexer;
  log?: (line: string) => void;
  /** Folder of the built UI; defaults to dist/public. */
  publicDir?: string;
}

export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  if (deps.config.LOG_REQUESTS) app.use(requestLog(log));
  app.use('/api', rateLimiter(deps.config.RATE_LIMIT_PER_MINUTE));

  const router = express.Router();
  searchRoutes(router, deps.search);
  feedRoutes(router, deps.search);
  coverageRoutes(router, deps.search);
  protocolRoutes(router, deps.search, deps.config.CORPUS_DIR);
  metaRoutes(router, deps.search);
  adminRoutes(router, { config: deps.config, indexer: deps.indexer, search: deps.search });
  app.use(router);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });

  const publicDir = deps.publicDir ?? path.join(projectRoot, 'dist', 'public');
  if (existsSync(publicDir)) app.use(express.static(publicDir, { index: 'index.html', maxAge: '1h' }));
  else app.get('/', (_req, res) => {
    res.type('text/plain; charset=utf-8').send('Protokollsök API. Webbgränssnittet är inte byggt: kör "npm run build". API:t finns under /api, beskrivningen på /openapi.json.');
  });

  app.use(notFoundHandler);
  app.use(problemHandler(log));
  return app;
}
