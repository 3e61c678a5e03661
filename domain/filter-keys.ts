/**
 * The search filters' URL parameters: the one list that the API's request
 * schema (src/search/params.ts), the web UI (its filter panel, chips and
 * requests, public/src) and the Atom feeds (src/search/feed.ts,
 * public/src/views/watch.ts) read, so a filter added here reaches all of them
 * and none can drop one the others know. Browser-safe: no imports.
 */

/** Every parameter that narrows the items a question finds, in the order a URL or a feed writes them. */
export const FILTER_KEYS = [
  'body',
  'type',
  'agendas',
  'topics',
  'topicsMode',
  'municipality',
  'present',
  'yearFrom',
  'yearTo',
  'dateFrom',
  'dateTo',
  'hasDecision',
  'caseNumber',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The question and its filters: what travels with the user between views and into a feed. */
export const QUESTION_KEYS = ['q', ...FILTER_KEYS] as const;
export type QuestionKey = (typeof QUESTION_KEYS)[number];

/** Each filter as the user knows it from the form (chips, error messages, the "Om datat" of an export). */
export const FILTER_LABELS: Readonly<Record<FilterKey, string>> = {
  body: 'Organ',
  type: 'Dokumenttyp',
  agendas: 'Kallelser och föredragningslistor',
  topics: 'Ämne',
  topicsMode: 'Alla valda ämnen',
  municipality: 'Kommun',
  present: 'Närvarande kommun',
  yearFrom: 'Från år',
  yearTo: 'Till år',
  dateFrom: 'Från datum',
  dateTo: 'Till datum',
  hasDecision: 'Bara beslut',
  caseNumber: 'Diarienummer',
};

export const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key);
