import type { Index, Meilisearch } from 'meilisearch';
import type { IndexNames } from '../../domain/store/index-settings.js';
import type { ResultCache } from './cache.js';

/** What the query logic needs: a search-only client, the index names, and the answer cache (if any). */
export interface SearchContext {
  readonly client: Meilisearch;
  readonly names: IndexNames;
  readonly cache?: ResultCache;
  /** Rank questions from the posting lists the API holds (held-postings.ts); false: read every list from Meilisearch. */
  readonly heldPostings?: boolean;
}

const handles = new WeakMap<Meilisearch, Map<string, Index>>();

/** The items index of a context, one handle per client: meilisearch-js builds a URL and headers for each `index()`. */
export function itemsIndex(ctx: SearchContext): Index {
  let byName = handles.get(ctx.client);
  if (!byName) {
    byName = new Map();
    handles.set(ctx.client, byName);
  }
  let index = byName.get(ctx.names.items);
  if (!index) {
    index = ctx.client.index(ctx.names.items);
    byName.set(ctx.names.items, index);
  }
  return index;
}
