/** Calls to our own API, with Swedish errors from its problem+json. */
import type { Problem } from '../../src/api/responses.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** The request parameter that was refused (400s), for a message in the user's words. */
    readonly param: string | null = null,
  ) {
    super(detail);
  }
}

let controller: AbortController | null = null;

/** Fetches JSON; a newer call cancels the one still running (results as you type). */
export async function api<T>(path: string, { cancelPrevious = false } = {}): Promise<T> {
  if (cancelPrevious) {
    controller?.abort();
    controller = new AbortController();
  }
  let res: Response;
  try {
    res = await fetch(path, cancelPrevious && controller ? { signal: controller.signal } : {});
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'Kunde inte nå servern. Kontrollera anslutningen.');
  }
  if (!res.ok) {
    let detail = `Servern svarade ${res.status}.`;
    let param: string | null = null;
    try {
      const problem = (await res.json()) as Partial<Problem>;
      detail = problem.detail ?? detail;
      param = problem.param ?? null;
    } catch {
      // not problem+json
    }
    throw new ApiError(res.status, detail, param);
  }
  return (await res.json()) as T;
}

export const isAbort = (e: unknown) => (e as Error | null)?.name === 'AbortError';

// The server's own answer types (src/api/responses.ts): erased at bundle time, so the UI and the API cannot
// drift apart. The UI declares none of its own.
export type {
  AssignmentPage,
  AssignmentStatus,
  BodyCoverage,
  Capabilities,
  Concordance,
  ConcordanceLine,
  CorpusFacets,
  Coverage,
  DecisionsResult,
  DryRunAnswer,
  DuplicateProblem,
  ExcludedList,
  FacetCounts,
  HistoryEntry,
  Hit,
  Keyness,
  Problem,
  ProtocolItem,
  ProtocolView,
  RelatedHit,
  RelatedResult,
  RegisterEntry,
  SaveAnswer,
  SearchResult,
  SuggestResult,
  Suggestion,
  TaxonomyAnswer,
  Timeline,
  TimelineMeeting,
  TopicsResult,
  TrendPoint,
  Trends,
  UploadResult,
  YearCell,
} from '../../src/api/responses.js';
