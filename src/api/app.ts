/**
 * The Express app without `listen`, so tests bind it to port 0. Routes are thin
 * (src/api/routes) over the search module (src/search); errors become
 * problem+json in one place (api/problem.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Config } from '../../domain/config.js';
import { AppError } from '../../domain/errors.js';
import { projectRoot } from '../../domain/paths.js';
import { linkBase } from '../../domain/urls.js';
import type { Indexer, IngestService } from '../../ingest/index.js';
import { createIngestService } from '../../ingest/index.js';
import type { AnnotationStore } from '../search/annotations.js';
import type { SearchContext } from '../search/context.js';
import { openApiDocument } from './openapi.js';
import { notFoundHandler, problemHandler } from './problem.js';
import { adminRoutes } from './routes/admin.js';
import { assignmentRoutes } from './routes/assignments.js';
import { annotationRoutes } from './routes/annotations.js';
import { capabilityRoutes } from './routes/capabilities.js';
import { concordanceRoutes } from './routes/concordance.js';
import { coverageRoutes } from './routes/coverage.js';
import { feedRoutes } from './routes/feed.js';
import { keynessRoutes } from './routes/keyness.js';
import { metaRoutes } from './routes/meta.js';
import { protocolRoutes } from './routes/protocols.js';
import { searchRoutes } from './routes/search.js';
import { taxonomyRoutes } from './routes/taxonomy.js';
import { TaxonomyService } from '../search/taxonomy.js';
import { indexChangedHere } from '../search/changed.js';
import { rateLimiter, rejectKeysInQuery, requestLog, securityHeaders } from './security.js';

export interface AppDeps {
  config: Config;
  search: SearchContext;
  indexer: Indexer;
  /** The ingest service (upload, reindex, delete, sources); made from config and indexer when not given. */
  ingest?: IngestService;
  /** Restart count of the supervised embedded Meilisearch, for /health. */
  meiliRestarts?: () => number;
  log?: (line: string) => void;
  /** Folder of the built UI; defaults to dist/public. */
  publicDir?: string;
  /** The living taxonomy (made from the indexer when not given; main.ts syncs it at start-up). */
  taxonomy?: TaxonomyService;
  /** Writes annotations (the admin client); without it they can be read but not changed. */
  annotations?: AnnotationStore;
}

/**
 * The ingest service with the answer cache and the held posting lists' last
 * confirmation forgotten after every change it makes in this process (upload,
 * delete, start-up ingest; search/changed.ts); a background reindex is picked
 * up by their corpus stamps within a second.
 */
function invalidatingCache(ingest: IngestService, search: SearchContext): IngestService {
  const after =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } finally {
        indexChangedHere(search);
      }
    };
  return Object.assign(Object.create(ingest) as IngestService, {
    upload: after(ingest.upload.bind(ingest)),
    remove: after(ingest.remove.bind(ingest)),
    ingestCorpus: after(ingest.ingestCorpus.bind(ingest)),
    start: after(ingest.start.bind(ingest)),
    checkIntegrity: after(ingest.checkIntegrity.bind(ingest)),
  });
}

export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const { config } = deps;
  const ingest = invalidatingCache(
    deps.ingest ?? createIngestService({ config, indexer: deps.indexer, log }),
    deps.search,
  );
  const secrets = [config.ADMIN_API_KEY, config.MEILI_MASTER_KEY].filter((s): s is string => typeof s === 'string');
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Answers change with every ingest and no client revalidates them; hashing each body cost ~0.1 ms a request.
  // (Static files keep their own ETags: express.static sets them.)
  app.set('etag', false);
  // Behind a reverse proxy the client address comes from X-Forwarded-For (the rate limit is per client).
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(securityHeaders({ https: config.PUBLIC_HTTPS }));
  if (config.LOG_REQUESTS) app.use(requestLog(log, secrets));
  app.use(rejectKeysInQuery(secrets));
  // Every path shares the per-client limit: /health and the static files too, since each costs a
  // request like any other (a page load is three; a health probe every few seconds stays far below it).
  app.use(rateLimiter(config.RATE_LIMIT_PER_MINUTE));

  const router = express.Router();
  const links = { base: linkBase(config.PUBLIC_URL) };
  searchRoutes(router, deps.search, links);
  concordanceRoutes(router, deps.search, links);
  keynessRoutes(router, deps.search, links);
  feedRoutes(router, deps.search, links);
  assignmentRoutes(router, deps.search, links);
  coverageRoutes(router, deps.search);
  protocolRoutes(router, deps.search, ingest);
  metaRoutes(router, deps.search, deps.meiliRestarts, () => ingest.integrity());
  adminRoutes(router, { config, ingest });
  taxonomyRoutes(
    router,
    config,
    deps.taxonomy ?? new TaxonomyService(deps.indexer.taxonomy, () => indexChangedHere(deps.search)),
  );
  capabilityRoutes(router, config);
  annotationRoutes(router, { config, search: deps.search, annotations: deps.annotations });
  app.use(router);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });

  const publicDir = deps.publicDir ?? path.join(projectRoot, 'dist', 'public');
  // Source maps publish the unminified source: never served (debug with an unminified local build).
  app.use((req, _res, next) =>
    req.path.endsWith('.map') ? next(new AppError('not-found', `Det finns ingen resurs på ${req.path}.`)) : next(),
  );
  if (existsSync(publicDir)) app.use(express.static(publicDir, { index: 'index.html', maxAge: '1h' }));
  else
    app.get('/', (_req, res) => {
      res
        .type('text/plain; charset=utf-8')
        .send(
          'Protokollsök API. Webbgränssnittet är inte byggt: kör "npm run build". API:t finns under /api, beskrivningen på /openapi.json.',
        );
    });

  app.use(notFoundHandler);
  app.use(problemHandler(log));
  return app;
}
