/**
 * The taxonomy's part of a corpus stamp: its newest version and when the corpus
 * was re-tagged with it. Re-tagging changes items' topics without a new ingest
 * (no new protocol, no newer `ingestedAt`), so the answer cache and the keyness
 * counts add this to the stamp they compare.
 */
import type { SearchContext } from './context.js';

export const taxonomyStampQuery = (ctx: SearchContext) => ({
  indexUid: ctx.names.taxonomy,
  q: null,
  limit: 1,
  sort: ['version:desc'],
  attributesToRetrieve: ['version', 'appliedAt'],
});

export function taxonomyStamp(result: { hits: readonly unknown[] } | undefined): string {
  const head = result?.hits[0] as { version?: number; appliedAt?: string } | undefined;
  return `${head?.version ?? 0}@${head?.appliedAt ?? ''}`;
}
