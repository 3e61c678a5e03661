import type { Meilisearch } from 'meilisearch';
import type { IndexNames } from '../domain/store/index-settings.js';
import type { ResultCache } from './cache.js';

/** What the query logic needs: a search-only client, the index names, and the answer cache (if any). */
export interface SearchContext {
  readonly client: Meilisearch;
  readonly names: IndexNames;
  readonly cache?: ResultCache;
}
