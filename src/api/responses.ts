/**
 * The JSON answers of the API, named. The web UI imports these types (type
 * only: erased from its bundle, see scripts/check-layers.ts) and declares
 * none of its own, so a field renamed or added here is one the UI sees at
 * type-check time. Each is what its route's handler returns.
 */
import type { UploadResult } from '../../ingest/index.js';
import type { Concordance, ConcordanceLine } from '../search/concordance.js';
import type { searchDecisions } from '../search/decisions.js';
import type { withDecisionMarks } from '../search/marks.js';
import type { corpusFacets, corpusVersion, topicsWithCounts } from '../search/facets.js';
import type { getProtocol } from '../search/protocols.js';
import type { relatedItems } from '../search/related.js';
import type { searchItems } from '../search/search.js';
import type { suggest } from '../search/suggest.js';

import type { Problem } from './problem.js';

export type { Problem };
export type { BodyCoverage, Coverage, YearCell } from '../search/coverage.js';
export type { Hit } from '../search/search.js';
export type { Timeline, TimelineMeeting } from '../search/timeline.js';
export type { ExcludedList, TrendPoint, Trends } from '../search/trends.js';
export type { Keyness } from '../search/keyness.js';
export type { AssignmentPage, AssignmentStatus, RegisterEntry } from '../search/assignments.js';

/** GET /api/search. */
export type SearchResult = Awaited<ReturnType<typeof searchItems>>;
export type FacetCounts = SearchResult['facets'];
/** GET /api/decisions: with each decision's marks (where the question's words stand in it). */
export type DecisionsResult = ReturnType<typeof withDecisionMarks<Awaited<ReturnType<typeof searchDecisions>>>>;
/** GET /api/items/{id}/related ("Följ frågan"). */
export type RelatedResult = Awaited<ReturnType<typeof relatedItems>>;
export type RelatedHit = RelatedResult['earlier'][number];
/** GET /api/protocols/{id}. */
export type ProtocolView = Awaited<ReturnType<typeof getProtocol>>;
export type ProtocolItem = ProtocolView['items'][number];
/** GET /api/facets. */
export type CorpusFacets = Awaited<ReturnType<typeof corpusFacets>> & {
  corpus: Awaited<ReturnType<typeof corpusVersion>>;
};
/** GET /api/topics. */
export interface TopicsResult {
  topics: Awaited<ReturnType<typeof topicsWithCounts>>;
}
/** GET /api/concordance. */
export type { Concordance, ConcordanceLine };
/** POST /api/ingest (201). */
export type { UploadResult };
/** POST /api/ingest (409): the same bytes are already indexed, as this protocol (ingest/service.ts). */
export type DuplicateProblem = Problem & { protocolId: string; protocolUrl: string; sourceFile: string };
/** GET /api/capabilities. */
export interface Capabilities {
  /** Upload, delete and reindex are on (ADMIN_API_KEY is set). */
  admin: boolean;
}
/** GET /api/suggest: completions of the word being typed. */
export type SuggestResult = Awaited<ReturnType<typeof suggest>>;
export type { Suggestion } from '../search/suggest.js';
/** GET /api/taxonomy, its history, a dry run and a save (the Ämnen view). */
export type { DryRunAnswer, HistoryEntry, SaveAnswer, TaxonomyAnswer } from '../search/taxonomy.js';
