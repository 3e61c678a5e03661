/**
 * The protocols' part of a corpus stamp: how many there are and when the newest was ingested, read
 * by one tiny search. An ingest, a removal or a re-ingest changes it; the answer cache and the held
 * copies of the index (keyness's word counts, the posting lists) read it to know whether they are
 * still current.
 */
import type { MultiSearchQuery } from 'meilisearch';
import type { SearchContext } from './context.js';

export const newestIngestQuery = (ctx: SearchContext): MultiSearchQuery => ({
  indexUid: ctx.names.protocols,
  q: null,
  page: 1,
  hitsPerPage: 1,
  sort: ['ingestedAt:desc'],
  attributesToRetrieve: ['ingestedAt'],
});

/** "count|newest ingest" from the answer of `newestIngestQuery`. */
export function newestIngestStamp(result: { totalHits?: number; hits: readonly unknown[] } | undefined): string {
  const newest = (result?.hits[0] as { ingestedAt?: string } | undefined)?.ingestedAt ?? '';
  return `${result?.totalHits ?? 0}|${newest}`;
}
