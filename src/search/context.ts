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

/**
 * One `T` per Meilisearch client and items index, made on first use: what the API keeps per index
 * (its handle, keyness's word counts, the held posting lists). Each test file's prefix gets its own.
 */
export function perItemsIndex<T>(make: (ctx: SearchContext) => T): (ctx: SearchContext) => T {
  const byClient = new WeakMap<Meilisearch, Map<string, T>>();
  return (ctx) => {
    let byName = byClient.get(ctx.client);
    if (!byName) {
      byName = new Map();
      byClient.set(ctx.client, byName);
    }
    let value = byName.get(ctx.names.items);
    if (value === undefined) {
      value = make(ctx);
      byName.set(ctx.names.items, value);
    }
    return value;
  };
}

/** The items index of a context, one handle per client: meilisearch-js builds a URL and headers for each `index()`. */
export const itemsIndex: (ctx: SearchContext) => Index = perItemsIndex((ctx) => ctx.client.index(ctx.names.items));
