import type { Meilisearch } from 'meilisearch';
import type { IndexNames } from '../domain/store/index-settings.js';

/** What the query logic needs: a search-only client and the index names. */
export interface SearchContext {
  readonly client: Meilisearch;
  readonly names: IndexNames;
}
