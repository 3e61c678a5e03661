/**
 * THE place for index names and Meilisearch settings: what is searchable (and in
 * which order of importance), filterable, sortable, faceted; Swedish locale,
 * stop words and the domain's synonyms. Ingest and tests apply these settings;
 * the search module reads the names.
 */
import type { FilterableAttributes, Meilisearch, Settings } from 'meilisearch';

export interface IndexNames {
  /** The INDEX_PREFIX these names were made from. */
  prefix: string;
  /** One document per agenda item (dagordningspunkt): the search unit. */
  items: string;
  /** One document per protocol: metadata, attendees, hashes for incremental ingest. */
  protocols: string;
  /** Files the ingest worker set aside, with the reason. */
  failures: string;
  /** The taxonomy's versions (domain/store/taxonomy-store.ts). */
  taxonomy: string;
  /** Dated events drawn on the trend charts (admins edit them; ingest and reindex never touch them). */
  annotations: string;
}

export function indexNames(prefix: string): IndexNames {
  return {
    prefix,
    items: `${prefix}-items`,
    protocols: `${prefix}-protocols`,
    failures: `${prefix}-failures`,
    taxonomy: `${prefix}-taxonomy`,
    annotations: `${prefix}-annotations`,
  };
}

/** Language data owned by domain/swedish, passed in so the store does not depend on the analysis. */
export interface LanguageSettings {
  stopWords: readonly string[];
}

/**
 * The one searchable field: `stems`, the analysed title and text (Swedish
 * stems, folded, with compound parts and synonym concepts; see
 * domain/swedish/analyse.ts). Queries are analysed the same way and sent as
 * terms of this field, so Meilisearch needs no synonyms, and one search (not a
 * federation of readings) answers every sort order with the same hit set. The
 * title comes first in it, so the `attribute` rule (word position) ranks title
 * matches first.
 */
export const ITEM_SEARCHABLE = ['stems'] as const;

/** The facets the API and UI offer. */
export const ITEM_FACETS = [
  'body',
  'organisation',
  'docType',
  'year',
  'topics',
  'municipalities',
  'caseNumbers',
] as const;

/**
 * Facet values per facet the server keeps counts for. Trends and facets must
 * count exactly, so this is set far above any realistic number of distinct
 * bodies, years or topics (the contract test compares with brute-force counts).
 */
export const MAX_VALUES_PER_FACET = 10_000;

/** Hard cap on hits reachable by paging (timeline, exports). */
export const MAX_TOTAL_HITS = 100_000;

/**
 * Attributes a filter compares with `<`, `>=`, `TO` (ranges of years and days); every other
 * filterable attribute is indexed for equality (`=`, `!=`, `IN`) and facet counts only. A new
 * range filter on another attribute belongs here, or Meilisearch refuses it.
 */
export const RANGE_FILTERS: ReadonlySet<string> = new Set(['year', 'meetingDay']);

/**
 * Filterable attributes with only the features queries use: equality (and ranges where listed),
 * never facet search (no view searches facet values), which Meilisearch otherwise indexes for
 * every filterable attribute.
 */
export function filterFeatures(attributes: readonly string[]): FilterableAttributes {
  const group = (names: string[], comparison: boolean) =>
    names.length === 0
      ? []
      : [{ attributePatterns: names, features: { facetSearch: false, filter: { equality: true, comparison } } }];
  return [
    ...group(
      attributes.filter((a) => !RANGE_FILTERS.has(a)),
      false,
    ),
    ...group(
      attributes.filter((a) => RANGE_FILTERS.has(a)),
      true,
    ),
  ];
}

export function itemSettings(_language: LanguageSettings): Settings {
  return {
    searchableAttributes: [...ITEM_SEARCHABLE],
    // What src/search and the indexer filter, facet or dedupe (distinct) on; nothing else.
    filterableAttributes: filterFeatures([
      'id',
      'protocolId',
      'body',
      // The kommun, region or authority the body belongs to (a facet of its own).
      'organisation',
      'docType',
      'year',
      'meetingDay',
      'topics',
      'municipalities',
      'municipalitiesPresent',
      'hasDecision',
      'hasRoutineDecision',
      'presenters',
      'itemNumber',
      // Incremental re-ingest removes a protocol's items of older versions by hash.
      'contentHash',
      // Trends sum words per year from this facet (value × count) for the per-10,000-words unit.
      'wordCount',
      // Diarienummer: as written (a facet) and their matching keys (the caseNumber filter, matter threads).
      'caseNumbers',
      'caseKeys',
      // The assignment register reads the items that hold assignments or report-backs.
      'hasAssignment',
      'hasReportBack',
    ]),
    sortableAttributes: ['meetingDay', 'itemOrdinal', 'year'],
    displayedAttributes: ['*'],
    // `sort` first: a date-sorted view (timeline, "newest first") is in date order among
    // the matches; a relevance query has no sort and the rule does nothing.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    // `stems` is folded already; no locale, so Meilisearch's language detection cannot segment it differently.
    localizedAttributes: [],
    // Stop words are dropped by the analysis before folding; Meilisearch's own list would also
    // drop folded stems that happen to spell one ("möte" → "mot", "vår" → "var").
    stopWords: [],
    // Synonyms are concepts in the analysis (synonyms.json): a Meilisearch synonym would expand
    // terms (folded stems) where "ok" is both ÖK and "öka".
    synonyms: {},
    // No prefix matching: Meilisearch prefix-matches only the last query word, so word order
    // would change the hit set, and "ök" would find "ökad". Compound parts are indexed instead.
    prefixSearch: 'disabled',
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      // Numbers must match exactly; abbreviations are shorter than 5 letters and concepts.
      disableOnNumbers: true,
    },
    proximityPrecision: 'byWord',
  };
}

export function protocolSettings(): Settings {
  return {
    searchableAttributes: ['body', 'place', 'sourceFile', 'attendees.name', 'secretary', 'chair'],
    filterableAttributes: [
      'id',
      'body',
      'organisation',
      'docType',
      'year',
      'meetingDay',
      'municipalitiesPresent',
      'topics',
      'sourceFile',
      'contentHash',
      'dateStatus',
      'dateSource',
      'hasDecision',
    ],
    sortableAttributes: ['meetingDay', 'year', 'ingestedAt'],
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    localizedAttributes: [{ attributePatterns: ['body', 'place'], locales: ['swe'] }],
  };
}

export function failureSettings(): Settings {
  return {
    searchableAttributes: ['sourceFile', 'reason'],
    filterableAttributes: ['kind', 'sourceFile'],
    sortableAttributes: ['at'],
  };
}

/** The taxonomy's versions: read by id and listed whole, never searched. */
export function taxonomySettings(): Settings {
  return {
    searchableAttributes: ['note'],
    filterableAttributes: ['version', 'source'],
    sortableAttributes: ['version'],
  };
}

export function annotationSettings(): Settings {
  return {
    searchableAttributes: ['label', 'description'],
    filterableAttributes: ['id', 'topics', 'bodies'],
    sortableAttributes: ['date', 'updatedAt'],
  };
}

/**
 * Whether the settings an index has already include `wanted`: every field of it equal, objects
 * compared field by field (Meilisearch answers every field, with its defaults), arrays in order
 * (sets such as the sortable attributes, which Meilisearch answers sorted, as sets).
 * A difference it cannot see past (another order, another spelling of the same setting) only
 * makes ensureIndexes apply the settings again, as it always did before this check.
 */
const UNORDERED: ReadonlySet<string> = new Set(['sortableAttributes']);
export function settingsCover(current: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted))
    return (
      Array.isArray(current) && current.length === wanted.length && wanted.every((w, i) => settingsCover(current[i], w))
    );
  if (wanted !== null && typeof wanted === 'object') {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return false;
    const have = current as Record<string, unknown>;
    const sorted = (v: unknown) => (Array.isArray(v) ? [...v].sort() : v);
    return Object.entries(wanted).every(
      ([k, w]) =>
        w === undefined || (UNORDERED.has(k) ? settingsCover(sorted(have[k]), sorted(w)) : settingsCover(have[k], w)),
    );
  }
  return current === wanted;
}

/**
 * Creates the indexes when missing and applies the settings where the index does not have them
 * yet, waiting for the tasks so a search right after sees them. A start against an index that
 * already has them reads five settings and writes nothing (it used to enqueue five settings tasks
 * and wait for each: ~0.1 s of every worker and API start).
 */
export async function ensureIndexes(
  admin: Meilisearch,
  prefix: string,
  language: LanguageSettings,
): Promise<IndexNames> {
  const names = indexNames(prefix);
  const wanted: [string, Settings][] = [
    [names.items, itemSettings(language)],
    [names.protocols, protocolSettings()],
    [names.failures, failureSettings()],
    [names.taxonomy, taxonomySettings()],
    [names.annotations, annotationSettings()],
  ];
  const tasks = wanted.map(async ([uid, settings]) => {
    let current: Settings | null = null;
    try {
      current = await admin.index(uid).getSettings();
    } catch {
      await admin.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
    }
    if (current !== null && settingsCover(current, settings)) return;
    await admin.index(uid).updateSettings(settings).waitTask({ timeout: 60_000 });
  });
  await Promise.all(tasks);
  return names;
}
