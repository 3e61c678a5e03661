/**
 * The API's composition root: the store (Meilisearch, connected or started),
 * the indexer the admin endpoints and start-up ingest write through, and the
 * search context. Used by `main.ts`, tests and benchmarks.
 */
import type { Meilisearch } from 'meilisearch';
import type { Config } from '../domain/config.js';
import { connectStore, type ConnectOptions } from '../domain/store/connect.js';
import type { IndexNames } from '../domain/store/index-settings.js';
import type { EmbeddedMeili } from '../domain/store/server.js';
import { AnnotationStore } from './search/annotations.js';
import { ResultCache } from './search/cache.js';
import type { SearchContext } from './search/context.js';
import { Indexer } from '../ingest/index.js';

export type { ConnectOptions } from '../domain/store/connect.js';

export interface Runtime {
  readonly meiliUrl: string;
  readonly embedded: EmbeddedMeili | null;
  readonly admin: Meilisearch;
  readonly names: IndexNames;
  readonly indexer: Indexer;
  readonly search: SearchContext;
  /** Admin writes of the annotations on trends. */
  readonly annotations: AnnotationStore;
  /** Stops the embedded Meilisearch, if this runtime started one. */
  close(): Promise<void>;
}

export async function connect(config: Config, options: ConnectOptions = {}): Promise<Runtime> {
  const store = await connectStore(config, options);
  return {
    meiliUrl: store.meiliUrl,
    embedded: store.embedded,
    admin: store.admin,
    names: store.names,
    indexer: new Indexer(store.admin, store.names),
    search: {
      client: store.searchClient,
      names: store.names,
      ...(config.SEARCH_CACHE_ENTRIES > 0
        ? { cache: new ResultCache({ maxEntries: config.SEARCH_CACHE_ENTRIES }) }
        : {}),
    },
    annotations: new AnnotationStore(store.admin, store.names),
    close: () => store.close(),
  };
}
