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
import { analyseForIndex, foldDiacritics, isConceptKey, type QueryWord } from '../../domain/swedish/analyse.js';
import { foldedPattern } from '../../domain/swedish/fold.js';
import { snippet } from '../../domain/swedish/highlight.js';
import { meili } from '../../domain/store/client.js';
import { AGENDA_TYPES } from '../../domain/doc-types.js';
import { formaliaKind } from '../../domain/formalia.js';
import { type Filter, itemFilter, type ItemFilters, quote } from './filters.js';
import type { Understood } from '../../domain/swedish/query-syntax.js';
import {
  type Intent,
  intentOf,
  joinQuery,
  keywordQueries,
  rankedAlternatives,
  searchesNothing,
  understood,
} from './query-plan.js';
import { type Alternative, idf, type Posting, rankPostings, rerankPage, type TextMatches } from './ranking.js';
import { findMatches, primeMatching } from '../../domain/swedish/highlight.js';
import { memoize } from '../../domain/swedish/memo.js';
import { itemsIndex, type SearchContext } from './context.js';
import { heldDocumentsOf } from './held-documents.js';
import { type HeldView, heldPostingsOf, STAMP_QUERIES, stampQueries } from './held-postings.js';

/** Facets the API reports, by their API name → the item field. */
export const FACETS = {
  body: 'body',
  type: 'docType',
  year: 'year',
  topics: 'topics',
  municipality: 'municipalities',
  caseNumber: 'caseNumbers',
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
  'caseNumbers',
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
 * How a query was finally searched: the union of `queries` (Meilisearch queries over `stems`,
 * every word of each required; one query is a plain search), by Meilisearch's relevance (`all`)
 * or by the rarity-weighted ranking of ranking.ts (`ranked`), under `filter` (what the query's
 * own syntax added: years, exclusions) besides the caller's filters.
 */
export interface QueryPlan {
  queries: readonly string[];
  mode: 'all' | 'ranked';
  /** A ranked union's weight per query (its idf, the rarest 1), by which Meilisearch merges it by relevance. */
  weights?: readonly number[];
  /** The terms searched, for highlighting and the timeline's "about" test. */
  searched: readonly string[];
  filter: Filter;
}

export interface Hit extends HitFields {
  snippet: string;
  pdfUrl: string;
  /** The kind of a meeting's own item (opened, justerare chosen …), which Följ frågan does not follow; null for a matter. */
  formalia: string | null;
  decisions?: ItemDocument['decisions'];
}

export interface ItemResult {
  total: number;
  hits: Hit[];
  facets: Facets;
  /** Not every query word is required: the hits have some of them, the best matches first. */
  partial: boolean;
  /** What the query's own syntax asked for (years, phrases, exclusions, alternatives), and whether it was ranked. */
  understood: Understood;
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
  return { body: {}, type: {}, year: {}, topics: {}, municipality: {}, caseNumber: {} };
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
  hit.formalia = formaliaKind(String(doc.title ?? ''));
  return hit as unknown as Hit;
}

/**
 * Within one window of relevance-ranked hits (see ORDER_WINDOW), those that contain every searched
 * query word in the form typed (as a word or the start of a compound: "tillgänglighet" in
 * "Tillgänglighetsguiden", not "tillgänglig") come first, each group in Meilisearch's order. The
 * stems field cannot tell these apart; reordering only inside the window keeps pages disjoint and
 * the hit set intact. Exported for the benchmark's work floor, which orders its page the same way.
 */
export function exactFormsFirst(
  hits: Record<string, unknown>[],
  words: readonly QueryWord[],
  searched: readonly string[],
  snippetFrom: 'text' | 'decisionText',
): Record<string, unknown>[] {
  const typed = words.filter((w) => searched.includes(w.term));
  const forms = typed
    .map((w) => foldDiacritics(w.text.toLowerCase()))
    .filter((f, i) => f !== typed[i]!.term && !isConceptKey(typed[i]!.term));
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
 * The terms a page's snippets mark: those searched first, then the query's words' (which a typo of a
 * word in the text may still match). A ranked page is reordered by matches of the same list, in the
 * same order, so both read one match plan (highlight.ts builds and compiles one per list); the terms
 * searched come first so that a word within a typo of two terms counts for the one searched.
 */
const markedTerms = (words: readonly QueryWord[], searched: readonly string[]) => [
  ...new Set([...searched, ...words.map((w) => w.term)]),
];

/**
 * A page of Meilisearch's hits, in their final order, as the API returns them: each hit shaped by
 * `toHit` with every query term and searched term marked. Exported for the benchmark's work floor
 * (bench/floor-proxy.ts), which does this and nothing else the API does.
 */
export function pageHits(
  docs: Record<string, unknown>[],
  words: readonly QueryWord[],
  searched: readonly string[],
  snippetFrom: 'text' | 'decisionText',
  keep: readonly string[] = [],
) {
  const marked = markedTerms(words, searched);
  return { marked, hits: docs.map((h) => toHit(h, snippetFrom, marked, keep)) };
}

/**
 * A ranked query lists (reads the posting list of) an alternative found in at most this many items,
 * and at most RANK_BUDGET ids over all its alternatives; past either, it is ranked by Meilisearch
 * (see readPostings). Meilisearch counts the `id` facet of up to 3,000 candidates by reading them
 * one by one, and past that walks every id in the index, capped at maxValuesPerFacet.
 */
const LIST_MAX = 2000;
const RANK_BUDGET = 6000;
/** Up to this many ranked items, their facets are counted by id; past it, over the union of the alternatives' searches. */
const BY_ID_MAX = 1000;
/** How many items an exclusion (-ord) leaves out by id at most; past that, by Meilisearch's negative operator alone. */
const EXCLUDE_MAX = 2000;

type Distribution = Record<string, Record<string, number>> | undefined;
type Docs = Record<string, unknown>[];
interface Found {
  hits: Docs;
  counted: { facets: Facets; total: number };
  /**
   * Ranked from the held copy on an assumption the checks read with the page disproved: ask again,
   * from the copy (a written form's typo search found items: its answer is now remembered) or of
   * Meilisearch (the index has moved past the copy).
   */
  again?: 'held' | 'meilisearch';
}

/** Search parameters of one query over `stems` (every word required), or of browsing (`q` empty). */
const stemsQuery = (q: string): Pick<MultiSearchQuery, 'q' | 'attributesToSearchOn' | 'matchingStrategy'> =>
  q ? { q, attributesToSearchOn: ['stems'], matchingStrategy: 'all' } : { q: null };

const idsIn = (ids: readonly string[]) => `id IN [${ids.map(quote).join(', ')}]`;

const facetsOf = (result: unknown, index: string) =>
  toFacets(
    (result as { facetsByIndex?: Record<string, { distribution?: Distribution }> }).facetsByIndex?.[index]
      ?.distribution,
  );

/** The filter the query's exclusions add: the items each excluded word or phrase finds, by id. */
async function exclusionFilter(ctx: SearchContext, intent: Intent, filter: Filter): Promise<Filter> {
  if (intent.excluded.length === 0) return [];
  const res = await meili(() =>
    ctx.client.multiSearch({
      queries: intent.excluded.map((q) => ({
        indexUid: ctx.names.items,
        ...stemsQuery(q),
        filter,
        limit: EXCLUDE_MAX,
        attributesToRetrieve: ['id'],
      })),
    }),
  );
  const ids = [...new Set(res.results.flatMap((r) => (r.hits as { id: string }[]).map((h) => h.id)))];
  return ids.length ? [`id NOT IN [${ids.map(quote).join(', ')}]`] : [];
}

interface PageRequest {
  filter: Filter;
  sort: string[] | undefined;
  offset: number;
  limit: number;
  facets: string[];
  retrieve: string[];
}

/** The union of `queries` (one: a plain search; more: one federated request merged by score or date). */
async function searchUnion(
  ctx: SearchContext,
  queries: readonly string[],
  page: PageRequest,
  weights?: readonly number[],
): Promise<Found> {
  if (queries.length === 0) return { hits: [], counted: { facets: emptyFacets(), total: 0 } };
  const common = {
    filter: page.filter,
    attributesToRetrieve: page.retrieve,
    ...(page.sort ? { sort: page.sort } : {}),
  };
  if (queries.length === 1) {
    const r = await meili<SearchResponse<Record<string, unknown>>>(() => {
      const { q, ...rest } = stemsQuery(queries[0]!);
      return itemsIndex(ctx).search(q, {
        ...rest,
        ...common,
        offset: page.offset,
        limit: page.limit,
        facets: page.facets,
      } as MeiliSearchParams);
    });
    return { hits: r.hits, counted: toFacets(r.facetDistribution) };
  }
  const u = await meili(() =>
    ctx.client.multiSearch({
      federation: { offset: page.offset, limit: page.limit, facetsByIndex: { [ctx.names.items]: page.facets } },
      queries: queries.map((q, i) => ({
        indexUid: ctx.names.items,
        ...stemsQuery(q),
        ...common,
        ...(weights?.[i] !== undefined && !page.sort ? { federationOptions: { weight: weights[i] } } : {}),
      })),
    }),
  );
  return { hits: u.hits as Docs, counted: facetsOf(u, ctx.names.items) };
}

interface Postings {
  alternatives: Alternative[];
  postings: Posting[];
  /** Items under the filters: the idf's N. */
  total: number;
  /** Every alternative found was listed: the ranking is exact. */
  listed: boolean;
  /** Read from the API's held copy of the posting lists (held-postings.ts), to be confirmed with the page. */
  held?: Held;
  /** The query's word groups, found or not (the coordination factor's denominator). */
  groupCount: number;
}

/** How many word groups a query's alternatives stand for, found or not (the coordination factor's denominator). */
const groupsOf = (alternatives: readonly Alternative[]) => Math.max(0, ...alternatives.map((a) => a.group + 1));

/**
 * Document frequencies seen, per client, index and filter (not per corpus version: they only decide which
 * alternatives to list and search in the first call, and a corpus changes slowly).
 */
const seenCounts = new WeakMap<object, Map<string, { value: number; at: number }>>();
/** How long a document frequency is taken as known. */
const COUNT_TTL_MS = 60_000;
const SEEN_MAX = 50_000;
/** N (items under a filter) per client and filter, and when it was counted. */
const itemCounts = new WeakMap<object, Map<string, { value: number; at: number }>>();
const N_TTL_MS = 10_000;

/** An alternative's query over `stems`: a stem exactly (as a phrase: no typo derivations), a written form with typos. */
const alternativeQuery = (intent: Intent, a: Alternative) =>
  joinQuery(a.exact ? `"${a.term}"` : a.term, intent.phrases, intent.negatives);

/**
 * The posting lists of a ranked query's alternatives, and N. Each list is the `id` facet of a
 * count-only search: Meilisearch then reads no document (reading even only the ids of the hits cost
 * ~4× as much, its documents being large). One multi-search counts every alternative and lists
 * those known to be rare (from earlier counts, or every one in a corpus smaller than LIST_MAX); a
 * second lists the rare ones seen for the first time. The ranking is exact (`listed`) when every
 * alternative found is in at most LIST_MAX items and all of them in at most RANK_BUDGET ids; else
 * nothing more is read and Meilisearch ranks (rankedUnion): a common word weighs little, and
 * listing it would cost more than the whole search.
 */
async function readPostings(
  ctx: SearchContext,
  intent: Intent,
  wanted: Alternative[],
  filter: Filter,
  useHeld = false,
): Promise<Postings> {
  // Unfiltered, with no phrase or exclusion joined to every alternative: from the held copy, if current.
  const view =
    useHeld && filter.length === 0 && intent.phrases === '' && intent.negatives === ''
      ? heldPostingsOf(ctx).view(ctx)
      : undefined;
  if (view) return readHeld(ctx, intent, wanted, view);
  // Per index too: one client can search several indexes (the relevance bench's two sets, tests), and a
  // count seen in one of them must not decide how another is queried.
  const key = JSON.stringify([ctx.names.items, filter, intent.phrases, intent.negatives]);
  const known = seenCounts.get(ctx.client) ?? new Map<string, { value: number; at: number }>();
  seenCounts.set(ctx.client, known);
  if (known.size > SEEN_MAX) known.clear();
  const now = performance.now();
  const countKey = (a: Alternative) => `${a.exact ? '=' : '~'}${a.term}\u0000${key}`;
  const countOf = (a: Alternative) => {
    const seen = known.get(countKey(a));
    return seen && now - seen.at < COUNT_TTL_MS ? seen.value : undefined;
  };
  // A written form is searched with typos (a misspelling's way in) when its word's stem is in no
  // item; else exactly: it still marks the items that use the question's own inflection (rarer, so
  // weighing more), without Meilisearch's typo derivations, which cost most. While the stem's count
  // is not known, the form is searched both ways in the same call and the stem's count then picks
  // one, so a question's first answer is its answer every time (as from the held copy, readHeld).
  // An alternative known to be in no item is not searched at all.
  const stemCount = (group: number) => {
    const stem = wanted.find((a) => a.group === group && a.exact && !a.part && !a.fallback);
    return stem ? countOf(stem) : 0;
  };
  const searched = wanted
    .flatMap((a): (Alternative & { undecided?: boolean })[] => {
      if (!a.fallback) return [a];
      const count = stemCount(a.group);
      if (count === undefined)
        return [
          { ...a, undecided: true },
          { ...a, exact: true, undecided: true },
        ];
      return [count > 0 ? { ...a, exact: true } : a];
    })
    .filter((a) => countOf(a) !== 0);
  // N is counted again at most once per N_TTL_MS (it moves the idf only as the corpus grows).
  const n = itemCounts.get(ctx.client)?.get(key);
  const countN = !n || performance.now() - n.at > N_TTL_MS;
  const small = (n?.value ?? Number.POSITIVE_INFINITY) <= LIST_MAX;
  // Listed in the first call: every alternative of a small corpus; else those known to be rare,
  // unless one is known to be common (the query is then ranked by Meilisearch, nothing listed).
  const knownCounts = searched.map(countOf);
  const common =
    knownCounts.some((c) => c !== undefined && c > LIST_MAX) ||
    knownCounts.reduce<number>((n, c) => n + (c ?? 0), 0) > RANK_BUDGET;
  const listNow = knownCounts.map((c) => small || (!common && c !== undefined && c > 0 && c <= LIST_MAX));
  const groupCount = groupsOf(wanted);
  if (searched.length === 0 && !countN)
    return { alternatives: [], postings: [], total: n!.value, listed: false, groupCount };
  const query = (a: Alternative, list: boolean) => ({
    indexUid: ctx.names.items,
    ...stemsQuery(alternativeQuery(intent, a)),
    filter,
    limit: 0,
    ...(list ? { facets: ['id'] } : {}),
  });
  const res = await meili(() =>
    ctx.client.multiSearch({
      queries: [
        ...(countN
          ? [
              {
                indexUid: ctx.names.items,
                ...stemsQuery(joinQuery(intent.phrases, intent.negatives)),
                filter,
                limit: 0,
              },
            ]
          : []),
        ...searched.map((a, i) => query(a, listNow[i]!)),
      ],
    }),
  );
  const first = countN ? 1 : 0;
  const total = countN ? (res.results[0]?.estimatedTotalHits ?? 0) : n!.value;
  if (countN) {
    const byKey = itemCounts.get(ctx.client) ?? new Map<string, { value: number; at: number }>();
    itemCounts.set(ctx.client, byKey);
    if (byKey.size > SEEN_MAX) byKey.clear();
    byKey.set(key, { value: total, at: performance.now() });
  }
  const searchedCounts = searched.map((a, i) => {
    const count = res.results[i + first]?.estimatedTotalHits ?? 0;
    known.set(countKey(a), { value: count, at: now });
    return count;
  });
  // A form searched both ways: the way its stem's count (now known) decides.
  const kept = searched
    .map((_, i) => i)
    .filter((i) => !searched[i]!.undecided || searched[i]!.exact === (stemCount(searched[i]!.group) ?? 0) > 0);
  const alternatives: Alternative[] = kept.map((i) => {
    const { undecided: _, ...a } = searched[i]!;
    return a;
  });
  const counts = kept.map((i) => searchedCounts[i]!);
  const listed =
    counts.every((c) => c <= LIST_MAX) && counts.reduce((n, c) => n + c, 0) <= RANK_BUDGET && counts.some((c) => c > 0);
  const lists = kept.map((i) =>
    listNow[i] ? Object.keys(res.results[i + first]?.facetDistribution?.id ?? {}) : undefined,
  );
  const missing = alternatives.map((_, k) => k).filter((k) => listed && counts[k]! > 0 && lists[k] === undefined);
  if (missing.length) {
    const more = await meili(() =>
      ctx.client.multiSearch({ queries: missing.map((k) => query(alternatives[k]!, true)) }),
    );
    missing.forEach((k, j) => {
      lists[k] = Object.keys(more.results[j]?.facetDistribution?.id ?? {});
    });
  }
  const postings = counts.map((count, k) => ({ ids: listed ? (lists[k] ?? []) : [], scores: [], count }));
  return { alternatives, postings, total, listed, groupCount };
}

/** Typo-tolerant searches' answers per corpus stamp (a misspelt word comes back with every page of its question). */
const typoAnswers = new Map<string, { count: number; ids: string[] }>();
const TYPO_MAX = 5_000;

/** A ranking read from the held copy: the copy, and the typo searches assumed to find nothing, asked with the page. */
interface Held {
  view: HeldView;
  /** The corpus stamp the copy matched when it ranked (the copy may move on while the page is read). */
  stamp: string;
  pending: { key: string; query: MultiSearchQuery }[];
  /** The corpus stamp is read with the page (the copy was not confirmed within the last second). */
  stamped: boolean;
}

/** The checks read with a page ranked from the held copy: the corpus stamp (unless trusted), then the pending typo searches. */
const heldChecks = (ctx: SearchContext, held: Held | undefined): MultiSearchQuery[] =>
  held ? [...(held.stamped ? stampQueries(ctx) : []), ...held.pending.map((p) => p.query)] : [];

/** What the checks say: the ranking stands, or it is asked again (see Found's `again`). */
function confirmHeld(ctx: SearchContext, held: Held, results: readonly unknown[]): Found['again'] {
  const at = held.stamped ? STAMP_QUERIES : 0;
  if (held.stamped && !heldPostingsOf(ctx).confirm(ctx, held.view, results.slice(0, STAMP_QUERIES)))
    return 'meilisearch';
  if (typoAnswers.size > TYPO_MAX) typoAnswers.clear();
  let found = false;
  held.pending.forEach((p, k) => {
    const r = results[at + k] as { estimatedTotalHits?: number; facetDistribution?: Distribution } | undefined;
    const count = r?.estimatedTotalHits ?? 0;
    typoAnswers.set(p.key, { count, ids: Object.keys(r?.facetDistribution?.id ?? {}) });
    if (count > 0) found = true;
  });
  return found ? 'held' : undefined;
}

/**
 * The posting lists of a ranked query's alternatives from the held copy (held-postings.ts): the same
 * alternatives, counts and lists as readPostings reads from Meilisearch, without a request. A
 * written form searched with typos (its word's stem in no item: a misspelling) or an `OR` member is
 * Meilisearch's to answer: remembered per corpus stamp, and until then assumed to find nothing and
 * asked with the page (usually right: one round trip still); when it does find items, the question
 * is ranked again with its answer.
 */
function readHeld(ctx: SearchContext, intent: Intent, wanted: Alternative[], view: HeldView): Postings {
  const held = (a: Alternative) => a.exact && !a.term.includes(' ');
  const stemFound = new Set(wanted.filter((a) => held(a) && !a.part && view.count(a.term) > 0).map((a) => a.group));
  const alternatives = wanted.map((a) => (a.fallback && stemFound.has(a.group) ? { ...a, exact: true } : a));
  const keyOf = (a: Alternative) => `${view.stamp}\u0000${ctx.names.items}\u0000${alternativeQuery(intent, a)}`;
  // Not yet asked: assumed to find nothing (most such words are in no item) and asked with the page.
  const pending = [...new Set(alternatives.filter((a) => !held(a) && !typoAnswers.has(keyOf(a))).map(keyOf))].map(
    (key) => ({
      key,
      query: {
        indexUid: ctx.names.items,
        ...stemsQuery(key.slice(key.lastIndexOf('\u0000') + 1)),
        limit: 0,
        facets: ['id'],
      },
    }),
  );
  const answers = alternatives.map((a) =>
    held(a) ? undefined : (typoAnswers.get(keyOf(a)) ?? { count: 0, ids: [] as string[] }),
  );
  const counts = alternatives.map((a, i) => answers[i]?.count ?? view.count(a.term));
  const listed =
    counts.every((c) => c <= LIST_MAX) && counts.reduce((n, c) => n + c, 0) <= RANK_BUDGET && counts.some((c) => c > 0);
  const postings = alternatives.map((a, i) => ({
    ids: listed ? (answers[i]?.ids ?? view.ids(a.term)) : [],
    scores: [],
    count: counts[i]!,
  }));
  const groupCount = groupsOf(wanted);
  return {
    alternatives,
    postings,
    total: view.total,
    listed,
    held: { view, stamp: view.stamp, pending, stamped: !heldPostingsOf(ctx).trusted() },
    groupCount,
  };
}

/** The terms a ranked query found (for highlighting), phrase members word by word. */
const foundTerms = (read: Postings, intent: Intent) => [
  ...new Set([
    ...read.alternatives.flatMap((a, i) =>
      (read.postings[i]?.count ?? 0) > 0 ? a.term.replace(/"/g, '').split(' ').filter(Boolean) : [],
    ),
    ...intent.phraseTerms,
  ]),
];

/**
 * A ranked query's order and the plan that finds exactly its items (the union of its alternatives'
 * searches), for dates and timelines. Listed: the items ranked by their scores (rankPostings).
 * Otherwise Meilisearch ranks the union, each alternative's search weighted by its idf (a federated
 * search keeps an item's best weighted score: its rarest word, found early in it). Either way a page
 * is reordered by its own text (rerankPage).
 */
function resolveRanked(read: Postings, intent: Intent, filter: Filter): { order: Ordered; plan: QueryPlan } {
  const { groupCount } = read;
  const found = read.alternatives.map((_, i) => i).filter((i) => (read.postings[i]?.count ?? 0) > 0);
  const searched = foundTerms(read, intent);
  const terms = markedTerms(intent.words, searched);
  const reorder = (page: { id: string; title: string }[]) =>
    rerankPage(
      page,
      read.alternatives,
      read.postings,
      { total: read.total, groupCount },
      (hit) => textMatches(hit, terms),
      titleTerms,
    );
  const weights = found.map((i) => read.alternatives[i]!.weight * idf(read.postings[i]!.count, read.total));
  const top = Math.max(1e-9, ...weights);
  return {
    order: {
      ...(read.listed ? { ids: rankPostings(read.alternatives, read.postings, read.total, groupCount).ids } : {}),
      ...(read.held ? { held: read.held } : {}),
      reorder,
    },
    plan: {
      queries: found.map((i) => alternativeQuery(intent, read.alternatives[i]!)),
      weights: weights.map((w) => w / top),
      mode: 'ranked',
      searched,
      filter,
    },
  };
}

/** Characters of an item's text a ranked page is reordered by: its lead and more, not a whole long item. */
const RERANK_CHARS = 2000;

/** Where a page's item matches a ranked query's terms in its own text: each term's first word, and how often. */
function textMatches(hit: { title: string }, terms: readonly string[]): TextMatches {
  const text = (hit as { text?: unknown }).text;
  const matches = findMatches(typeof text === 'string' ? text.slice(0, RERANK_CHARS) : '', terms);
  const found = new Map<string, { first: number; count: number }>();
  for (const m of matches) {
    const seen = found.get(m.matched);
    if (seen) seen.count++;
    else found.set(m.matched, { first: m.index, count: 1 });
  }
  return found;
}

/** Ranked ids (when listed), and how a page of them is put in its final order. */
interface Ordered {
  ids?: readonly string[];
  /** Ranked from the held copy of the posting lists: confirmed by the checks read with the page. */
  held?: Held;
  reorder: (page: { id: string; title: string }[]) => { id: string; title: string }[];
}

/** An order's reordering of Meilisearch's documents (each has its id and title). */
const reorderDocs =
  (order: Ordered) =>
  (docs: Docs): Docs =>
    order.reorder(docs as unknown as { id: string; title: string }[]) as unknown as Docs;

/** A title's terms, remembered (the same titles come back with every page). */
const titleTerms = memoize(20_000, (title: string): ReadonlySet<string> => new Set(analyseForIndex(title).split(' ')));

/**
 * One page of listed ranked items by relevance: the page's documents by id, and the facets of all of
 * them (by id when few, else over the union of the plan's searches), in parallel calls. The documents
 * are read by the documents route, not by a search: a search turns each whole stored item (its
 * derived fields too) into JSON before it keeps the fields asked for, the documents route reads only
 * those (measured here: 20 items in ~1.3 ms against ~2.0 ms by a filtered search). Ranked from the
 * held copy, the corpus stamp is read in the same request as the facets (or beside the union's).
 */
async function rankedPage(
  ctx: SearchContext,
  ids: readonly string[],
  plan: QueryPlan,
  order: Ordered,
  page: PageRequest,
): Promise<Found> {
  const pageIds = ids.slice(page.offset, page.offset + page.limit);
  const byId = ids.length <= BY_ID_MAX;
  const checks = heldChecks(ctx, order.held);
  // Ranked from the held copy (no filter then): its facets counted from it, only the checks asked,
  // and the page's documents an earlier question read held too (held-documents.ts).
  const heldFacets = byId ? order.held?.view.facets(ids, page.facets) : undefined;
  const store = order.held && page.filter.length === 0 ? heldDocumentsOf(ctx) : undefined;
  const known = store?.get(order.held!.stamp, page.retrieve, pageIds) ?? [];
  const missing = pageIds.filter((_, k) => known[k] === undefined);
  const [docs, [counted, checked]] = await Promise.all([
    missing.length
      ? meili(() =>
          itemsIndex(ctx).getDocuments<Record<string, unknown>>({
            ids: missing,
            fields: page.retrieve,
            // The ids were read under these filters; kept so a page never shows an item they exclude.
            filter: page.filter,
            limit: missing.length,
          }),
        ).then((r) => r.results)
      : [],
    heldFacets
      ? readChecks(ctx, order.held).then((r) => [toFacets(heldFacets), r] as const)
      : byId
        ? meili(() =>
            ctx.client.multiSearch({
              queries: [
                {
                  indexUid: ctx.names.items,
                  q: null,
                  filter: [...page.filter, idsIn(ids)],
                  limit: 0,
                  facets: page.facets,
                },
                ...checks,
              ],
            }),
          ).then((r) => [toFacets(r.results[0]?.facetDistribution), r.results.slice(1)] as const)
        : Promise.all([
            searchUnion(ctx, plan.queries, { ...page, offset: 0, limit: 0, sort: undefined }).then((f) => f.counted),
            readChecks(ctx, order.held),
          ]),
  ]);
  const again = order.held && confirmHeld(ctx, order.held, checked);
  if (again) return { hits: [], counted, again };
  store?.keep(order.held!.stamp, page.retrieve, docs);
  const found = new Map(docs.map((h) => [String(h.id), h]));
  const hits = pageIds
    .map((id, k) => known[k] ?? found.get(id))
    .filter((h): h is Record<string, unknown> => h !== undefined);
  return { hits: inWindows(hits, reorderDocs(order)), counted };
}

/**
 * A relevance page is put in its final order (a ranked page by its own text, a keyword page exact
 * forms first) within fixed windows of ORDER_WINDOW hits, the first twenty, the next twenty …, not
 * within whatever page was asked for: the order must not depend on the page size. Reordered within
 * the page asked for, `limit=10` and `limit=20` put different items first (SweFAQ dev: MRR@10 0.640
 * at ten, 0.652 at twenty). A page reads the windows it overlaps and keeps its own slice of them.
 */
const ORDER_WINDOW = 20;

/** The windows a page overlaps, as one request, and where the page starts in it. */
function windowsOf(page: PageRequest): { span: PageRequest; skip: number } {
  const start = Math.floor(page.offset / ORDER_WINDOW) * ORDER_WINDOW;
  const end = Math.ceil((page.offset + page.limit) / ORDER_WINDOW) * ORDER_WINDOW;
  return { span: { ...page, offset: start, limit: end - start }, skip: page.offset - start };
}

/** Hits read from a window's start, each window put in order on its own (the span starts at a window's start). */
function inWindows<T>(hits: readonly T[], order: (window: T[]) => T[]): T[] {
  const out: T[] = [];
  for (let at = 0; at < hits.length; at += ORDER_WINDOW) out.push(...order(hits.slice(at, at + ORDER_WINDOW)));
  return out;
}

/** The checks' answers when a held copy was read (else none). */
async function readChecks(ctx: SearchContext, held: Held | undefined): Promise<readonly unknown[]> {
  const queries = heldChecks(ctx, held);
  if (queries.length === 0) return [];
  return (await meili(() => ctx.client.multiSearch({ queries }))).results;
}

/** Runs one item query: browse (no words), every word required, or ranked (see query-plan.ts). */
export function queryItems(ctx: SearchContext, query: ItemQuery): Promise<ItemResult> {
  return queryItemsWith(ctx, query, ctx.heldPostings !== false);
}

/**
 * `queryItems`, ranking from the held posting lists when `useHeld` (and they are current); an answer
 * ranked from a copy the index has moved past is asked again of Meilisearch.
 */
async function queryItemsWith(
  ctx: SearchContext,
  query: ItemQuery,
  useHeld: boolean,
  retried = false,
): Promise<ItemResult> {
  const snippetFrom = query.snippetFrom ?? 'text';
  const intent = intentOf(query.q);
  const browse = searchesNothing(intent);
  // Browsing has no relevance: newest first unless asked otherwise.
  const sort = sortFor(browse && query.sort === 'relevance' ? 'date-desc' : query.sort);
  const keep: readonly string[] = query.fields ?? [];
  const page: PageRequest = {
    filter: query.filter,
    sort,
    offset: query.offset,
    limit: query.limit,
    facets: query.facets === false ? ['hasDecision'] : FACET_FIELDS,
    retrieve: [...new Set([...HIT_FIELDS, ...(query.fields ?? []), ...(query.aside ?? []), snippetFrom])],
  };
  const run = async (plan: QueryPlan, order?: Ordered): Promise<Found> => {
    // By relevance, the windows the page overlaps are read and put in order (see ORDER_WINDOW).
    const { span, skip } = sort ? { span: page, skip: 0 } : windowsOf(page);
    const request = { ...span, filter: [...query.filter, ...plan.filter] };
    const pageOf = (found: Found, ordered: Docs): Found => ({ ...found, hits: ordered.slice(skip, skip + page.limit) });
    // While the page is on its way (the request is written first), the patterns that will reorder and
    // mark it are compiled: a new query's first page otherwise waited for that.
    setImmediate(() => primeMatching(markedTerms(intent.words, plan.searched)));
    if (!order || sort) {
      const [found, checked] = await Promise.all([
        searchUnion(ctx, plan.queries, request, plan.weights),
        readChecks(ctx, order?.held),
      ]);
      const again = order?.held && confirmHeld(ctx, order.held, checked);
      if (again) return { ...found, again };
      if (sort) return found;
      // Every word required, by relevance: the exact forms typed first, in each window.
      return pageOf(
        found,
        inWindows(found.hits, (w) => exactFormsFirst(w, intent.words, plan.searched, snippetFrom)),
      );
    }
    if (order.ids) {
      const found = await rankedPage(ctx, order.ids, plan, order, request);
      return found.again ? found : pageOf(found, found.hits);
    }
    const [found, checked] = await Promise.all([
      searchUnion(ctx, plan.queries, request, plan.weights),
      readChecks(ctx, order.held),
    ]);
    const again = order.held && confirmHeld(ctx, order.held, checked);
    if (again) return { ...found, again };
    return pageOf(found, inWindows(found.hits, reorderDocs(order)));
  };
  let plan: QueryPlan;
  let found: Found;
  if (query.plan) {
    plan = query.plan;
    found = await run(plan);
  } else {
    const filter = [...intent.filter, ...(await exclusionFilter(ctx, intent, [...query.filter, ...intent.filter]))];
    const all = [...query.filter, ...filter];
    const rankedOver = async (alternatives: Alternative[], read?: Postings) => {
      const resolved = resolveRanked(
        read ?? (await readPostings(ctx, intent, alternatives, all, useHeld)),
        intent,
        filter,
      );
      return { plan: resolved.plan, found: await run(resolved.plan, resolved.order) };
    };
    if (intent.ranked) ({ plan, found } = await rankedOver(intent.alternatives));
    else {
      plan = {
        queries: keywordQueries(intent),
        mode: 'all',
        searched: [
          ...intent.words.map((w) => w.term),
          ...intent.anyOf.flat().flatMap((m) => m.replace(/"/g, '').split(' ')),
          ...intent.phraseTerms,
        ],
        filter,
      };
      found = await run(plan);
      if (found.counted.total === 0 && intent.words.length > 0) {
        // No item has every word. Each word as written (a misspelling), or as its compound's
        // parts, when that is what the index has; failing that, ranked by the words it has.
        const alternatives = rankedAlternatives(intent.words, intent.syntax.anyOf);
        const read = await readPostings(ctx, intent, alternatives, all);
        const countOf = (term: string) =>
          read.postings[read.alternatives.findIndex((a) => a.term === term)]?.count ?? 0;
        const rewritten = intent.words.map((w) =>
          countOf(w.term) > 0
            ? [w.term]
            : w.form && countOf(w.form) > 0
              ? [w.form]
              : w.parts?.length && w.parts.every((p) => countOf(p) > 0)
                ? w.parts
                : [],
        );
        const terms = rewritten.flat();
        if (rewritten.every((r) => r.length > 0) && terms.join(' ') !== plan.searched.join(' ')) {
          const next: QueryPlan = {
            ...plan,
            queries: keywordQueries(intent, terms),
            searched: [...terms, ...plan.searched.slice(intent.words.length)],
          };
          const again = await run(next);
          if (again.counted.total > 0) ({ plan, found } = { plan: next, found: again });
        }
        if (found.counted.total === 0 && read.postings.some((p) => p.count > 0))
          ({ plan, found } = await rankedOver(alternatives, read));
      }
    }
  }
  // Asked again once from the copy; should that be disproved too (the index moved meanwhile), of Meilisearch.
  if (found.again) return queryItemsWith(ctx, query, found.again === 'held' && !retried, true);
  const { facets: f, total } = found.counted;
  const groups =
    new Set(plan.mode === 'ranked' ? intent.words.map((_, i) => i) : []).size +
    (plan.mode === 'ranked' ? intent.anyOf.length : 0);
  // In its final order already (run: by relevance, within its windows).
  const page2 = pageHits(found.hits, intent.words, plan.searched, snippetFrom, keep);
  const aside = query.aside ?? [];
  return {
    total,
    facets: f,
    partial: plan.mode === 'ranked' && groups > 1 && total > 0,
    understood: understood({ ...intent, ranked: plan.mode === 'ranked' && groups > 1 }),
    terms: page2.marked,
    plan,
    hits: page2.hits,
    aside: aside.length ? found.hits.map((h) => copyFields(h, aside) as Partial<ItemDocument>) : [],
  };
}

export interface SearchRequest extends ItemFilters {
  q: string;
  sort: Sort;
  page: number;
  limit: number;
}

/** GET /api/search; `fields` adds fields to each hit (an export's decisions). */
export async function searchItems(
  ctx: SearchContext,
  params: SearchRequest,
  options: { fields?: readonly (keyof ItemDocument)[] } = {},
) {
  const result = await queryItems(ctx, {
    q: params.q,
    filter: itemFilter(params),
    sort: params.sort,
    offset: (params.page - 1) * params.limit,
    limit: params.limit,
    ...(options.fields ? { fields: options.fields } : {}),
  });
  return {
    total: result.total,
    page: params.page,
    limit: params.limit,
    partial: result.partial,
    understood: result.understood,
    hits: result.hits,
    facets: result.facets,
  };
}

/**
 * One page of the meetings with an item matching `q` (one query, every word required), oldest first:
 * one hit per meeting (`distinct`), only its protocol id, and in page mode an exhaustive `totalHits`
 * that counts meetings.
 */
function meetingPageQuery(
  ctx: SearchContext,
  q: string,
  query: { filter: Filter; page: number; perPage: number },
): MultiSearchQuery {
  return {
    indexUid: ctx.names.items,
    ...stemsQuery(q),
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
  const { queries } = query.plan;
  const filter = [...query.filter, ...query.plan.filter];
  if (queries.length === 1) {
    const res = await meili(() =>
      ctx.client.multiSearch({ queries: [meetingPageQuery(ctx, queries[0]!, { ...query, filter })] }),
    );
    return meetingsOf(res.results[0]);
  }
  // A union: the first items of the union in date order, grouped here.
  const res = await meili(() =>
    ctx.client.multiSearch({
      federation: { offset: 0, limit: UNION_SCAN },
      queries: queries.map((q) => ({
        indexUid: ctx.names.items,
        ...stemsQuery(q),
        filter,
        sort: sortFor('date-asc')!,
        attributesToRetrieve: ['protocolId'],
      })),
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
 * and the page's meetings (ids only), as one multi-search, when the query is one search with every
 * word required (nearly always). Any other query (a question, exclusions, `OR`, one no item fully
 * matches) is planned by `queryItems`, then paged by `meetingPage` over the plan it settled on.
 */
export async function countWithMeetings(
  ctx: SearchContext,
  query: { q: string; filter: Filter; page: number; perPage: number },
): Promise<{
  counted: Pick<ItemResult, 'total' | 'facets' | 'partial' | 'plan' | 'understood'>;
  protocolIds: string[];
  meetingCount: number;
  /** Of the meetings' documents, the kallelser and föredragningslistor: their meetings' minutes may be others. */
  agendaCount: number;
}> {
  const intent = intentOf(query.q);
  const queries = keywordQueries(intent);
  const agendas = itemFilter({ type: AGENDA_TYPES });
  if (!intent.ranked && intent.excluded.length === 0 && queries.length === 1) {
    const filter = [...query.filter, ...intent.filter];
    const res = await meili(() =>
      ctx.client.multiSearch({
        queries: [
          { indexUid: ctx.names.items, ...stemsQuery(queries[0]!), filter, limit: 0, facets: FACET_FIELDS },
          meetingPageQuery(ctx, queries[0]!, { ...query, filter }),
          meetingPageQuery(ctx, queries[0]!, { filter: [...filter, ...agendas], page: 1, perPage: 0 }),
        ],
      }),
    );
    const { facets, total } = toFacets(res.results[0]?.facetDistribution);
    if (total > 0 || queries[0] === '')
      return {
        counted: {
          total,
          facets,
          partial: false,
          understood: understood(intent),
          plan: {
            queries,
            mode: 'all',
            searched: [...intent.words.map((w) => w.term), ...intent.phraseTerms],
            filter: intent.filter,
          },
        },
        ...meetingsOf(res.results[1]),
        agendaCount: meetingsOf(res.results[2]).meetingCount,
      };
  }
  const counted = await queryItems(ctx, { q: query.q, filter: query.filter, sort: 'date-asc', offset: 0, limit: 0 });
  if (counted.total === 0) return { counted, protocolIds: [], meetingCount: 0, agendaCount: 0 };
  // The agendas among the meetings are counted only when the matches' type facet has any.
  const anyAgenda = AGENDA_TYPES.some((t) => (counted.facets.type[t] ?? 0) > 0);
  const [page, agendaCount] = await Promise.all([
    meetingPage(ctx, { plan: counted.plan, filter: query.filter, page: query.page, perPage: query.perPage }),
    anyAgenda
      ? meetingPage(ctx, { plan: counted.plan, filter: [...query.filter, ...agendas], page: 1, perPage: 1 }).then(
          (p) => p.meetingCount,
        )
      : 0,
  ]);
  return { counted, ...page, agendaCount };
}
