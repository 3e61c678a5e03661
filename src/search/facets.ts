/** Corpus-wide facets, the taxonomy with counts, and the corpus version for exports. */
import { createHash } from 'node:crypto';
import { listTopics } from '../../domain/taxonomy.js';
import { meili } from '../../domain/store/client.js';
import { itemsIndex, type SearchContext } from './context.js';

export async function corpusFacets(ctx: SearchContext) {
  const res = await meili(() =>
    ctx.client.multiSearch({
      queries: [
        {
          indexUid: ctx.names.items,
          q: null,
          limit: 0,
          facets: ['body', 'municipalities', 'year', 'presenters', 'docType', 'topics', 'hasDecision'],
        },
        {
          indexUid: ctx.names.protocols,
          q: null,
          limit: 0,
          facets: ['body', 'year', 'docType', 'municipalitiesPresent'],
        },
      ],
    }),
  );
  const [items, protocols] = res.results;
  const f = items?.facetDistribution ?? {};
  const p = protocols?.facetDistribution ?? {};
  return {
    items: Object.values(f.hasDecision ?? {}).reduce((a, b) => a + b, 0),
    protocols: protocols?.estimatedTotalHits ?? 0,
    bodies: p.body ?? {},
    years: p.year ?? {},
    types: p.docType ?? {},
    municipalities: f.municipalities ?? {},
    /** Meetings each municipality attended (the attendance lists). */
    municipalitiesPresent: p.municipalitiesPresent ?? {},
    presenters: f.presenters ?? {},
    itemsByYear: f.year ?? {},
    topics: f.topics ?? {},
  };
}

export async function topicsWithCounts(ctx: SearchContext) {
  const res = await meili(() => itemsIndex(ctx).search(null, { limit: 0, facets: ['topics'] }));
  const counts = res.facetDistribution?.topics ?? {};
  return listTopics().map((t) => ({ ...t, items: counts[t.label] ?? 0 }));
}

/**
 * A version naming the indexed corpus: the number of protocols and a digest of
 * their content hashes; changes whenever any protocol changes. The count is of
 * protocols (two files with the same bytes are two protocols), not of distinct hashes.
 */
export async function corpusVersion(
  ctx: SearchContext,
): Promise<{ version: string; protocols: number; updatedAt: string | null }> {
  const res = await meili(() =>
    ctx.client.index<{ ingestedAt: string }>(ctx.names.protocols).search(null, {
      hitsPerPage: 1,
      page: 1,
      facets: ['contentHash'],
      sort: ['ingestedAt:desc'],
      attributesToRetrieve: ['ingestedAt'],
    }),
  );
  const counts = res.facetDistribution?.contentHash ?? {};
  const hashes = Object.keys(counts).sort();
  const protocols = res.totalHits ?? hashes.reduce((n, h) => n + (counts[h] ?? 0), 0);
  const digest = createHash('sha256')
    .update(hashes.map((h) => `${h} ${counts[h]}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return { version: `${protocols}-${digest}`, protocols, updatedAt: res.hits[0]?.ingestedAt ?? null };
}
