/**
 * Full-text search over agenda items, with facets.
 *
 * Meilisearch has no Swedish stemming, no compound splitting and (with the
 * Swedish locale) no å/ä/ö folding, so a query runs as a federated
 * multi-search: the words as typed over every field (weight 1), the folded
 * words over `folded` (0.95) and the stems and compound parts over `stems`
 * (0.9). Meilisearch merges and de-duplicates the hits, exact matches first,
 * and counts facets over their union. Federation merges by score, not by a
 * sort, so a date-sorted query runs as one search over `stems` (which every
 * matching item has) instead.
 */
import type { MultiSearchQueryWithFederation, SearchParams as MeiliSearchParams, SearchResponse } from 'meilisearch';
import type { ItemDocument } from '../domain/schemas.js';
import { analyseQuery } from '../domain/swedish/analyse.js';
import { meili } from '../domain/store/client.js';
import { itemFilter, type Filter, type ItemFilters } from './filters.js';
import type { SearchContext } from './context.js';

/** Facets the API reports, by their API name → the item field. */
export const FACETS = { body: 'body', type: 'docType', year: 'year', topics: 'topics', municipality: 'municipalities' } as const;
export type FacetName = keyof typeof FACETS;
export type Facets = Record<FacetName, Record<string, number>>;

const FACET_FIELDS = [...Object.values(FACETS), 'hasDecision'];

export type Sort = 'relevance' | 'date-desc' | 'date-asc';

/** The fields a hit carries (never the derived fields or the whole text). */
export const HIT_FIELDS = ['id', 'protocolId', 'body', 'docType', 'meetingDate', 'year', 'itemNumber', 'itemOrdinal', 'title', 'topics', 'hasDecision', 'page', 'pages', 'presenters', 'municipalities', 'sourceUrl', 'ocr', 'ocrConfidence'] as const;
export type HitFields = Pick<ItemDocument, (typeof HIT_FIELDS)[number]>;

export interface ItemQuery {
  q: string;
  filter: Filter;
  sort: Sort;
  offset: number;
  limit: number;
  /** Extra fields to return per hit. */
  fields?: readonly (keyof ItemDocument)[];
  /** The field to cut the snippet from. */
  snippetFrom?: 'text' | 'decisionText';
  facets?: boolean;
}

export interface Hit extends HitFields {
  snippet: string;
  pdfUrl: string;
  decisions?: ItemDocument['decisions'];
  topicEvidence?: ItemDocument['topicEvidence'];
}

export interface ItemResult {
  total: number;
  hits: Hit[];
  facets: Facets;
}

const PRE = '\u0002';
const POST = '\u0003';
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** HTML-safe snippet: the source text escaped, then the match markers turned into <mark>. */
export function toSnippet(formatted: string | undefined): string {
  if (!formatted) return '';
  return escapeHtml(formatted).replaceAll(PRE, '<mark>').replaceAll(POST, '</mark>');
}

const sortFor = (sort: Sort): string[] | undefined =>
  sort === 'date-desc' ? ['meetingDay:desc', 'itemOrdinal:asc'] : sort === 'date-asc' ? ['meetingDay:asc', 'itemOrdinal:asc'] : undefined;

function emptyFacets(): Facets {
  return { body: {}, type: {}, year: {}, topics: {}, municipality: {} };
}

function toFacets(distribution: Record<string, Record<string, number>> | undefined): { facets: Facets; total: number } {
  const facets = emptyFacets();
  for (const [name, field] of Object.entries(FACETS) as [FacetName, string][]) facets[name] = distribution?.[field] ?? {};
  // Every item has hasDecision true or false: its counts add up to the exact total.
  const total = Object.values(distribution?.hasDecision ?? {}).reduce((a, b) => a + b, 0);
  return { facets, total };
}

function toHit(doc: Record<string, unknown>, snippetFrom: 'text' | 'decisionText'): Hit {
  const formatted = doc._formatted as Record<string, unknown> | undefined;
  const { _formatted, _federation, _rankingScore, ...rest } = doc;
  const hit = rest as unknown as HitFields;
  return {
    ...(rest as unknown as Hit),
    snippet: toSnippet(formatted?.[snippetFrom] as string | undefined),
    pdfUrl: `/api/protocols/${encodeURIComponent(hit.protocolId)}/source#page=${hit.page}`,
  };
}

/** Runs one item query: browse, relevance (federated) or date-sorted. */
export async function queryItems(ctx: SearchContext, query: ItemQuery): Promise<ItemResult> {
  const snippetFrom = query.snippetFrom ?? 'text';
  const common: MeiliSearchParams = {
    filter: query.filter,
    attributesToRetrieve: [...HIT_FIELDS, ...(query.fields ?? [])],
    attributesToCrop: [`${snippetFrom}:28`],
    cropMarker: '…',
    attributesToHighlight: [snippetFrom],
    highlightPreTag: PRE,
    highlightPostTag: POST,
  };
  const facets = query.facets === false ? ['hasDecision'] : FACET_FIELDS;
  const q = query.q.trim();
  const index = ctx.names.items;

  if (!q || query.sort !== 'relevance') {
    const analysed = q ? analyseQuery(q).stems : '';
    const sort = sortFor(query.sort === 'relevance' ? 'date-desc' : query.sort);
    const res: SearchResponse<Record<string, unknown>> = await meili(() =>
      ctx.client.index(index).search(analysed || null, {
        ...common,
        // In date order every query word must match; relevance ranking is not there to sort partial matches last.
        ...(analysed ? { attributesToSearchOn: ['stems'], matchingStrategy: 'all' as const } : {}),
        ...(sort ? { sort } : {}),
        offset: query.offset,
        limit: query.limit,
        facets,
      }),
    );
    const { facets: f, total } = toFacets(res.facetDistribution);
    return { total, facets: f, hits: res.hits.map((h) => toHit(h, snippetFrom)) };
  }

  const analysed = analyseQuery(q);
  const queries: MultiSearchQueryWithFederation[] = [
    { indexUid: index, q, ...common, federationOptions: { weight: 1 } },
    { indexUid: index, q: analysed.folded, ...common, attributesToSearchOn: ['folded'], federationOptions: { weight: 0.95 } },
  ];
  if (analysed.stems) queries.push({ indexUid: index, q: analysed.stems, ...common, attributesToSearchOn: ['stems'], federationOptions: { weight: 0.9 } });
  const res = (await meili(() =>
    ctx.client.multiSearch({ federation: { offset: query.offset, limit: query.limit, facetsByIndex: { [index]: facets } }, queries }),
  )) as unknown as { hits: Record<string, unknown>[]; facetsByIndex?: Record<string, { distribution: Record<string, Record<string, number>> }> };
  const { facets: f, total } = toFacets(res.facetsByIndex?.[index]?.distribution);
  return { total, facets: f, hits: res.hits.map((h) => toHit(h, snippetFrom)) };
}

export interface SearchRequest extends ItemFilters {
  q: string;
  sort: Sort;
  page: number;
  limit: number;
}

/** GET /api/search. */
export async function searchItems(ctx: SearchContext, params: SearchRequest) {
  const result = await queryItems(ctx, {
    q: params.q,
    filter: itemFilter(params),
    sort: params.sort,
    offset: (params.page - 1) * params.limit,
    limit: params.limit,
  });
  return { total: result.total, page: params.page, limit: params.limit, hits: result.hits, facets: result.facets };
}
