/** Calls to our own API, with Swedish errors from its problem+json. */
import type { Understood } from '../../domain/swedish/query-syntax.js';

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
      const problem = (await res.json()) as { detail?: string; param?: string };
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

export interface Hit {
  id: string;
  protocolId: string;
  body: string | null;
  meetingDate: string | null;
  year: number | null;
  itemNumber: string;
  title: string;
  topics: string[];
  /** Why each topic: the words as written and where they stood ("taggad för"). */
  topicEvidence?: TopicTag[];
  hasDecision: boolean;
  page: number;
  snippet: string;
  pdfUrl: string;
  /** Where a harvested protocol was published. */
  sourceUrl?: string;
  decisions?: {
    text: string;
    kind: 'substantive' | 'routine';
    page: number;
    proposal?: { text: string; by?: string };
  }[];
  caseNumbers?: string[];
  ocr?: boolean;
  ocrConfidence?: number | null;
  /** Related items: why this one is related. */
  relation?: 'earlier' | 'later' | 'same-day' | 'undated';
  matched?: string[];
}

export interface SearchResult {
  total: number;
  page: number;
  limit: number;
  hits: Hit[];
  /** Not every word required: the hits have some of them, the best first. */
  partial?: boolean;
  /** What the query's own syntax asked for (years, phrases, exclusions, OR), and whether it was ranked. */
  understood?: Understood;
  facets: Record<'body' | 'type' | 'year' | 'topics' | 'municipality', Record<string, number>>;
}

// The server's own types: erased at bundle time, so the UI and the API cannot drift apart.
import type { TopicTag } from '../../domain/schemas.js';
export type { TrendPoint, Trends } from '../../src/search/trends.js';
