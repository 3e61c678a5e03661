/**
 * THE place for index names and Meilisearch settings: what is searchable (and in
 * which order of importance), filterable, sortable, faceted; Swedish locale,
 * stop words and the domain's synonyms. Ingest and tests apply these settings;
 * the search module reads the names.
 */
import type { Meilisearch, Settings } from 'meilisearch';

export interface IndexNames {
  /** One document per agenda item (dagordningspunkt): the search unit. */
  items: string;
  /** One document per protocol: metadata, attendees, hashes for incremental ingest. */
  protocols: string;
  /** Files the ingest worker set aside, with the reason. */
  failures: string;
}

export function indexNames(prefix: string): IndexNames {
  return { items: `${prefix}-items`, protocols: `${prefix}-protocols`, failures: `${prefix}-failures` };
}

/** Language data owned by ingest/swedish, passed in so meili/ does not import ingest/. */
export interface LanguageSettings {
  stopWords: readonly string[];
  synonyms: Readonly<Record<string, readonly string[]>>;
}

/**
 * Exact fields first, derived fields last: the `attribute` ranking rule then puts
 * exact matches above matches found only through stems, compound parts or
 * diacritic folding.
 */
export const ITEM_SEARCHABLE = ['title', 'decisionText', 'text', 'presenters', 'body', 'stems', 'folded'] as const;

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

export function itemSettings(language: LanguageSettings): Settings {
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
    // Without `swe` Meilisearch folds å/ä/ö, so "for" matches "för"; with it, folding
    // stops: the derived `folded` field brings "nara vard" back.
    localizedAttributes: [{ attributePatterns: ['title', 'text', 'decisionText', 'body', 'presenters'], locales: ['swe'] }],
    stopWords: [...language.stopWords],
    synonyms: Object.fromEntries(Object.entries(language.synonyms).map(([k, v]) => [k, [...v]])),
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      // Abbreviations and numbers must match exactly (SIP is not SIS).
      disableOnAttributes: ['presenters'],
      disableOnNumbers: true,
    },
    proximityPrecision: 'byWord',
  };
}

export function protocolSettings(): Settings {
  return {
    searchableAttributes: ['body', 'place', 'sourceFile', 'attendees.name', 'secretary', 'chair'],
    filterableAttributes: ['id', 'body', 'organisation', 'docType', 'year', 'meetingDay', 'municipalitiesPresent', 'topics', 'sourceFile', 'contentHash', 'dateStatus', 'dateSource', 'hasDecision'],
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

/**
 * Creates the indexes when missing and applies the settings, waiting for the
 * tasks so a search right after sees them. Idempotent: unchanged settings are
 * a no-op task in Meilisearch.
 */
export async function ensureIndexes(admin: Meilisearch, prefix: string, language: LanguageSettings): Promise<IndexNames> {
  const names = indexNames(prefix);
  const wanted: [string, Settings][] = [
    [names.items, itemSettings(language)],
    [names.protocols, protocolSettings()],
    [names.failures, failureSettings()],
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
