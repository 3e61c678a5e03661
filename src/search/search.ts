/**
 * Full-text search over agenda items, with facets.
 *
 * Meilisearch has no Swedish stemming, no compound splitting and no Swedish
 * synonyms, so the index carries one derived field, `stems` (see
 * domain/swedish/analyse.ts), and a query is analysed the same way into one
 * term per content word: one search over that field, every term required
 * (`matchingStrategy: 'all'`), no prefix matching. The hit set therefore does
 * not depend on word order, and relevance, newest-first and oldest-first sort
 * the same items (the same `total` and facets) — a date-sorted view of an issue
 * loses nothing. Only when no item has every word does the query relax: a
 * word whose stem finds nothing is searched as written (typos in it are then
 * within Meilisearch's tolerance), a compound that finds nothing is searched as its parts
 * (all required), words no item has are dropped; if the rest never meet in one item, the items with
 * all of them but one count (a federated union, merged by score or by date);
 * failing that, items ranked by how many of them they have (`frequency`). The
 * answer says so (`partial: true`), in every sort order alike. Snippets are cut and marked here, from the analysed query against
 * the item's own text, so folded, stemmed, compound-part and synonym matches are
 * all highlighted.
 */
import type { MultiSearchQuery, SearchParams as MeiliSearchParams, SearchResponse } from 'meilisearch';
import type { ItemDocument } from '../../domain/schemas.js';
import { analyseQuery, foldDiacritics, isConceptKey, type QueryWord } from '../../domain/swedish/analyse.js';
import { foldedPattern } from '../../domain/swedish/fold.js';
import { snippet } from '../../domain/swedish/highlight.js';
import { meili } from '../../domain/store/client.js';
import { type Filter, itemFilter, type ItemFilters } from './filters.js';
import { itemsIndex, type SearchContext } from './context.js';

/** Facets the API reports, by their API name → the item field. */
export const FACETS = {
  body: 'body',
  type: 'docType',
  year: 'year',
  topics: 'topics',
  municipality: 'municipalities',
} as const;
export type FacetName = keyof typeof FACETS;
export type Facets = Record<FacetName, Record<string, number>>;

const FACET_FIELDS = [...Object.values(FACETS), 'hasDecision'];

export type Sort = 'relevance' | 'date-desc' | 'date-asc';

/** The fields a hit carries (never the derived fields or the whole text). */
export const HIT_FIELDS = [
  'id',
  'protocolId',
  'body',
  'docType',
  'meetingDate',
  'year',
  'itemNumber',
  'itemOrdinal',
  'title',
  'topics',
  // The evidence behind each topic, shown as "taggad för: …" under a hit.
  'topicEvidence',
  'hasDecision',
  'page',
  'pages',
  'presenters',
  'municipalities',
  'sourceUrl',
  'ocr',
  'ocrConfidence',
] as const;
export type HitFields = Pick<ItemDocument, (typeof HIT_FIELDS)[number]>;

export interface ItemQuery {
  q: string;
  filter: Filter;
  sort: Sort;
  offset: number;
  limit: number;
  /** Extra fields to return per hit. */
  fields?: readonly (keyof ItemDocument)[];
  /** Fields fetched for the caller's own use, returned beside the hits (`aside`), not in them. */
  aside?: readonly (keyof ItemDocument)[];
  /** The field to cut the snippet from. */
  snippetFrom?: 'text' | 'decisionText';
  facets?: boolean;
  /**
   * Run this plan as it stands, without relaxing: a follow-up query over part
   * of an earlier answer (timeline's visible meetings) then matches exactly
   * what that answer counted.
   */
  plan?: QueryPlan;
}

/**
 * How a query was finally searched: the terms, and every term required
 * (`all`), the union of all-but-one (`union`) or ranked by how many
 * (`frequency`).
 */
export interface QueryPlan {
  searched: readonly string[];
  mode: 'all' | 'union' | 'frequency';
}

export interface Hit extends HitFields {
  snippet: string;
  pdfUrl: string;
  decisions?: ItemDocument['decisions'];
}

export interface ItemResult {
  total: number;
  hits: Hit[];
  facets: Facets;
  /** No item had every query word: the hits have most of them. */
  partial: boolean;
  /** The terms searched (folded stems and concepts), for highlighting elsewhere. */
  terms: string[];
  /** How the hits were found, for a follow-up query over the same matches. */
  plan: QueryPlan;
  /** Per hit, in the same order, the fields asked for with `aside`. */
  aside: Partial<ItemDocument>[];
}

const sortFor = (sort: Sort): string[] | undefined =>
  sort === 'date-desc'
    ? ['meetingDay:desc', 'itemOrdinal:asc']
    : sort === 'date-asc'
      ? ['meetingDay:asc', 'itemOrdinal:asc']
      : undefined;

function emptyFacets(): Facets {
  return { body: {}, type: {}, year: {}, topics: {}, municipality: {} };
}

function toFacets(distribution: Record<string, Record<string, number>> | undefined): { facets: Facets; total: number } {
  const facets = emptyFacets();
  for (const [name, field] of Object.entries(FACETS) as [FacetName, string][])
    facets[name] = distribution?.[field] ?? {};
  // Every item has hasDecision true or false: its counts add up to the exact total.
  const total = Object.values(distribution?.hasDecision ?? {}).reduce((a, b) => a + b, 0);
  return { facets, total };
}

/** The search parameters of an analysed query over `stems`; trends and related items use the same. */
export function termSearch(
  terms: readonly string[],
  strategy: 'all' | 'frequency' = 'all',
): Pick<MeiliSearchParams, 'attributesToSearchOn' | 'matchingStrategy'> {
  return terms.length ? { attributesToSearchOn: ['stems'], matchingStrategy: strategy } : {};
}

/** The named fields a document has, copied into `into` one by one (see toHit for why not by spread). */
function copyFields(
  doc: Record<string, unknown>,
  fields: readonly string[],
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const field of fields) if (doc[field] !== undefined) into[field] = doc[field];
  return into;
}

function toHit(
  doc: Record<string, unknown>,
  snippetFrom: 'text' | 'decisionText',
  terms: readonly string[],
  keep: readonly string[],
): Hit {
  // Copied field by field: spreading Meilisearch's hit and deleting the snippet's source made every hit a slow dictionary object.
  const hit = copyFields(doc, keep, copyFields(doc, HIT_FIELDS));
  const source = typeof doc[snippetFrom] === 'string' ? (doc[snippetFrom] as string) : '';
  hit.snippet = snippet(source, terms);
  hit.pdfUrl = `/api/protocols/${encodeURIComponent(String(doc.protocolId))}/source#page=${String(doc.page)}`;
  return hit as unknown as Hit;
}

/**
 * Within one page of relevance-ranked hits, those that contain every stemmed
 * query word in the form typed (as a word or the start of a compound:
 * "tillgänglighet" in "Tillgänglighetsguiden", not "tillgänglig") come first,
 * each group in Meilisearch's order. The stems field cannot tell these apart;
 * reordering only inside the page keeps pages disjoint and the hit set intact.
 */
function exactFirst(
  hits: Record<string, unknown>[],
  words: readonly QueryWord[],
  snippetFrom: 'text' | 'decisionText',
): Record<string, unknown>[] {
  const forms = words
    .map((w) => foldDiacritics(w.text.toLowerCase()))
    .filter((f, i) => f !== words[i]!.term && !isConceptKey(words[i]!.term));
  if (forms.length === 0 || hits.length < 2) return hits;
  // Matched against the text as written: folding every hit's whole text cost more than the search.
  const patterns = forms.map((f) => new RegExp(`(?<![\\p{L}\\p{N}])${foldedPattern(f)}`, 'iu'));
  const exact = (h: Record<string, unknown>) =>
    patterns.every((p) => p.test(String(h.title ?? '')) || p.test(String(h[snippetFrom] ?? '')));
  const first = hits.filter(exact);
  return first.length === 0 || first.length === hits.length
    ? hits
    : [...first, ...hits.filter((h) => !first.includes(h))];
}

/**
 * Meilisearch's hits for a plan as the API returns them: within a relevance-ranked page the exact
 * forms first, each hit shaped by `toHit` with every query term and searched term marked. Exported
 * for the benchmark's work floor (bench/floor-proxy.ts), which does this and nothing else the API does.
 */
export function pageHits(
  docs: Record<string, unknown>[],
  words: readonly QueryWord[],
  searched: readonly string[],
  sorted: boolean,
  snippetFrom: 'text' | 'decisionText',
  keep: readonly string[] = [],
) {
  const ordered = sorted
    ? docs
    : exactFirst(
        docs,
        words.filter((w) => searched.includes(w.term)),
        snippetFrom,
      );
  const marked = [...new Set([...words.map((w) => w.term), ...searched])];
  return { ordered, marked, hits: ordered.map((h) => toHit(h, snippetFrom, marked, keep)) };
}

/** Runs one item query: browse (no words) or the analysed words over `stems`, by relevance or date. */
export async function queryItems(ctx: SearchContext, query: ItemQuery): Promise<ItemResult> {
  const snippetFrom = query.snippetFrom ?? 'text';
  const analysed = analyseQuery(query.q.trim());
  const terms = analysed.words.map((w) => w.term);
  // Browsing has no relevance: newest first unless asked otherwise.
  const sort = sortFor(terms.length === 0 && query.sort === 'relevance' ? 'date-desc' : query.sort);
  const facets = query.facets === false ? ['hasDecision'] : FACET_FIELDS;
  const keep: readonly string[] = query.fields ?? [];
  const params = (searched: readonly string[], strategy: 'all' | 'frequency'): MeiliSearchParams => ({
    ...termSearch(searched, strategy),
    filter: query.filter,
    attributesToRetrieve: [...new Set([...HIT_FIELDS, ...(query.fields ?? []), ...(query.aside ?? []), snippetFrom])],
    ...(sort ? { sort } : {}),
  });
  const run = (searched: readonly string[], strategy: 'all' | 'frequency') =>
    meili<SearchResponse<Record<string, unknown>>>(() =>
      itemsIndex(ctx).search(searched.length ? searched.join(' ') : null, {
        ...params(searched, strategy),
        offset: query.offset,
        limit: query.limit,
        facets,
      }),
    );
  const union = (present: readonly string[]) =>
    // The items with all words but one: the union of every word left out once, one
    // federated request whose hits Meilisearch merges by score, or by date when sorted.
    meili(() =>
      ctx.client.multiSearch({
        federation: { offset: query.offset, limit: query.limit, facetsByIndex: { [ctx.names.items]: facets } },
        queries: present.map((_, skip) => {
          const subset = present.filter((__, k) => k !== skip);
          return { indexUid: ctx.names.items, q: subset.join(' '), ...params(subset, 'all') };
        }),
      }),
    ).then((u) => ({
      hits: u.hits as Record<string, unknown>[],
      counted: toFacets(
        (u as { facetsByIndex?: Record<string, { distribution?: Record<string, Record<string, number>> }> })
          .facetsByIndex?.[ctx.names.items]?.distribution,
      ),
    }));
  const execute = async (plan: QueryPlan) => {
    if (plan.mode === 'union') return union(plan.searched);
    const r = await run(plan.searched, plan.mode);
    return { hits: r.hits, counted: toFacets(r.facetDistribution) };
  };
  let plan: QueryPlan = query.plan ?? { searched: terms, mode: 'all' };
  let { hits, counted } = await execute(plan);
  let partial = plan.searched.length < terms.length || plan.mode !== 'all';
  if (!query.plan && terms.length > 0 && counted.total === 0) {
    // Relax, the same way whatever the sort. First each word's term, or failing that the word
    // as written (a misspelling stems to nothing useful), and words no item (under the filters)
    // has are dropped; the rest are required.
    // A compound that finds nothing as a whole is searched as its parts, all required ("hemtjänstsamordnare" → hemtjänst + samordnare).
    const probes = [
      ...new Set(analysed.words.flatMap((w) => [w.term, ...(w.form ? [w.form] : []), ...(w.parts ?? [])])),
    ];
    const counts = await meili(() =>
      ctx.client.multiSearch({
        queries: probes.map((t) => ({
          indexUid: ctx.names.items,
          q: t,
          ...termSearch([t]),
          filter: query.filter,
          limit: 0,
        })),
      }),
    );
    const found = new Set(probes.filter((_, i) => (counts.results[i]?.estimatedTotalHits ?? 0) > 0));
    // A word the index lacks is searched as typed (a typo), or as its compound parts; else dropped.
    const kept = analysed.words.map((w) =>
      found.has(w.term)
        ? [w.term]
        : w.form && found.has(w.form)
          ? [w.form]
          : w.parts?.every((t) => found.has(t))
            ? w.parts
            : [],
    );
    const present = [...new Set(kept.flat())];
    const dropped = kept.some((k) => k.length === 0);
    const attempt = async (next: QueryPlan) => {
      plan = next;
      ({ hits, counted } = await execute(next));
    };
    if (present.length > 0 && (dropped || present.join(' ') !== terms.join(' '))) {
      await attempt({ searched: present, mode: 'all' });
      partial = dropped;
    }
    if (present.length > 2 && counted.total === 0) {
      await attempt({ searched: present, mode: 'union' });
      partial = true;
    }
    if (present.length > 1 && counted.total === 0) {
      // Last, items ranked by how many of the words they have.
      await attempt({ searched: present, mode: 'frequency' });
      partial = true;
    }
    partial &&= counted.total > 0;
  }
  const { facets: f, total } = counted;
  const page = pageHits(hits, analysed.words, plan.searched, sort !== undefined, snippetFrom, keep);
  const aside = query.aside ?? [];
  return {
    total,
    facets: f,
    partial,
    terms: page.marked,
    plan,
    hits: page.hits,
    aside: aside.length ? page.ordered.map((h) => copyFields(h, aside) as Partial<ItemDocument>) : [],
  };
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
  return {
    total: result.total,
    page: params.page,
    limit: params.limit,
    partial: result.partial,
    hits: result.hits,
    facets: result.facets,
  };
}

/**
 * One page of the meetings with an item matching `searched`, oldest first: one hit per meeting
 * (`distinct`), only its protocol id, and in page mode an exhaustive `totalHits` that counts meetings.
 */
function meetingPageQuery(
  ctx: SearchContext,
  searched: readonly string[],
  mode: 'all' | 'frequency',
  query: { filter: Filter; page: number; perPage: number },
): MultiSearchQuery {
  return {
    indexUid: ctx.names.items,
    q: searched.length ? searched.join(' ') : null,
    ...termSearch(searched, mode),
    filter: query.filter,
    sort: sortFor('date-asc')!,
    attributesToRetrieve: ['protocolId'],
    distinct: 'protocolId',
    page: query.page,
    hitsPerPage: query.perPage,
  };
}

const meetingsOf = (result: unknown): { protocolIds: string[]; meetingCount: number } => {
  const page = result as { hits?: { protocolId: string }[]; totalHits?: number } | undefined;
  return { protocolIds: (page?.hits ?? []).map((h) => h.protocolId), meetingCount: page?.totalHits ?? 0 };
};

/** How many matching items a meeting page is found among when the plan is a union (no `distinct` in a federation). */
const UNION_SCAN = 1000;

/**
 * One page of the meetings that have an item matching `plan`, oldest first:
 * their protocol ids and how many meetings match in all. Meilisearch's
 * `distinct` gives one hit per meeting, and its exhaustive `totalHits` (page
 * mode) counts meetings, not items; nothing but the ids is fetched.
 */
export async function meetingPage(
  ctx: SearchContext,
  query: { plan: QueryPlan; filter: Filter; page: number; perPage: number },
): Promise<{ protocolIds: string[]; meetingCount: number }> {
  const { searched, mode } = query.plan;
  if (mode !== 'union') {
    const res = await meili(() => ctx.client.multiSearch({ queries: [meetingPageQuery(ctx, searched, mode, query)] }));
    return meetingsOf(res.results[0]);
  }
  const common = { filter: query.filter, sort: sortFor('date-asc')!, attributesToRetrieve: ['protocolId'] };
  // Rare (no item has every word): the first items of the union, grouped here.
  const res = await meili(() =>
    ctx.client.multiSearch({
      federation: { offset: 0, limit: UNION_SCAN },
      queries: searched.map((_, skip) => {
        const subset = searched.filter((__, k) => k !== skip);
        return { indexUid: ctx.names.items, q: subset.join(' '), ...termSearch(subset, 'all'), ...common };
      }),
    }),
  );
  const ids = [...new Set((res.hits as { protocolId: string }[]).map((h) => h.protocolId))];
  return {
    protocolIds: ids.slice((query.page - 1) * query.perPage, query.page * query.perPage),
    meetingCount: ids.length,
  };
}

/**
 * A timeline page's matches and meetings in one round trip: the matches counted with their facets
 * and the page's meetings (ids only), as one multi-search, when every word is searched as analysed (nearly
 * always). Only a query no item fully matches takes the relaxing path (`queryItems`, then
 * `meetingPage` over the plan it settled on).
 */
export async function countWithMeetings(
  ctx: SearchContext,
  query: { q: string; filter: Filter; page: number; perPage: number },
): Promise<{
  counted: Pick<ItemResult, 'total' | 'facets' | 'partial' | 'plan'>;
  protocolIds: string[];
  meetingCount: number;
}> {
  const terms = analyseQuery(query.q.trim()).words.map((w) => w.term);
  const res = await meili(() =>
    ctx.client.multiSearch({
      queries: [
        {
          indexUid: ctx.names.items,
          q: terms.length ? terms.join(' ') : null,
          ...termSearch(terms),
          filter: query.filter,
          limit: 0,
          facets: FACET_FIELDS,
        },
        meetingPageQuery(ctx, terms, 'all', query),
      ],
    }),
  );
  const { facets, total } = toFacets(res.results[0]?.facetDistribution);
  if (total > 0 || terms.length === 0)
    return {
      counted: { total, facets, partial: false, plan: { searched: terms, mode: 'all' } },
      ...meetingsOf(res.results[1]),
    };
  const counted = await queryItems(ctx, { q: query.q, filter: query.filter, sort: 'date-asc', offset: 0, limit: 0 });
  if (counted.total === 0) return { counted, protocolIds: [], meetingCount: 0 };
  return {
    counted,
    ...(await meetingPage(ctx, { plan: counted.plan, filter: query.filter, page: query.page, perPage: query.perPage })),
  };
}
