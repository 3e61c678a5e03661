/**
 * THE place for index names and Meilisearch settings: what is searchable (and in
 * which order of importance), filterable, sortable, faceted; Swedish locale,
 * stop words and the domain's synonyms. Ingest and tests apply these settings;
 * the search module reads the names.
 */
import type { Meilisearch, Settings } from 'meilisearch';

export interface IndexNames {
  /** The INDEX_PREFIX these names were made from. */
  prefix: string;
  /** One document per agenda item (dagordningspunkt): the search unit. */
  items: string;
  /** One document per protocol: metadata, attendees, hashes for incremental ingest. */
  protocols: string;
  /** Files the ingest worker set aside, with the reason. */
  failures: string;
  /** Dated events drawn on the trend charts (admins edit them; ingest and reindex never touch them). */
  annotations: string;
}

export function indexNames(prefix: string): IndexNames {
  return {
    prefix,
    items: `${prefix}-items`,
    protocols: `${prefix}-protocols`,
    failures: `${prefix}-failures`,
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
export const ITEM_FACETS = ['body', 'organisation', 'docType', 'year', 'topics', 'municipalities'] as const;

/**
 * Facet values per facet the server keeps counts for. Trends and facets must
 * count exactly, so this is set far above any realistic number of distinct
 * bodies, years or topics (the contract test compares with brute-force counts).
 */
export const MAX_VALUES_PER_FACET = 10_000;

/** Hard cap on hits reachable by paging (timeline, exports). */
export const MAX_TOTAL_HITS = 100_000;

export function itemSettings(_language: LanguageSettings): Settings {
  return {
    searchableAttributes: [...ITEM_SEARCHABLE],
    filterableAttributes: [
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
      'sourceFile',
      // Incremental re-ingest removes a protocol's items of older versions by hash.
      'contentHash',
      // Trends sum words per year from this facet (value × count) for the per-10,000-words unit.
      'wordCount',
    ],
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

export function annotationSettings(): Settings {
  return {
    searchableAttributes: ['label', 'description'],
    filterableAttributes: ['id', 'topics', 'bodies'],
    sortableAttributes: ['date', 'updatedAt'],
  };
}

/**
 * Creates the indexes when missing and applies the settings, waiting for the
 * tasks so a search right after sees them. Idempotent: unchanged settings are
 * a no-op task in Meilisearch.
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
    [names.annotations, annotationSettings()],
  ];
  const tasks = wanted.map(async ([uid, settings]) => {
    try {
      await admin.getIndex(uid);
    } catch {
      await admin.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
    }
    await admin.index(uid).updateSettings(settings).waitTask({ timeout: 60_000 });
  });
  await Promise.all(tasks);
  return names;
}
