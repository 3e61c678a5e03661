/**
 * Meilisearch clients: an admin client (master key; ingest, settings, keys) and
 * a search client holding a search-only key the API creates for itself, so the
 * master key never serves a query. Meilisearch failures become AppErrors here.
 */
import { createHash } from 'node:crypto';
import { Meilisearch, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { AppError } from '../errors.js';
import { AdmissionGate } from './admission.js';
import { keepAliveHttpClientWithin, meiliApiError } from './http-client.js';

export { meiliApiError } from './http-client.js';

/**
 * Node's fetch asks for compressed responses; Meilisearch then spends ~40 ms
 * compressing each response over ~3 KB (measured 20x slower). Ask for identity.
 */
const requestInit = { headers: { 'Accept-Encoding': 'identity' } } as const;

export interface MeiliConnection {
  url: string;
  /** Master key, or undefined for an unsecured server. */
  masterKey: string | undefined;
  /** Request timeout for searches, in ms. */
  timeoutMs?: number;
}

export function createAdminClient(conn: MeiliConnection): Meilisearch {
  return new Meilisearch({
    host: conn.url,
    ...(conn.masterKey ? { apiKey: conn.masterKey } : {}),
    requestInit,
    // One deadline mechanism for both clients: the HTTP client's timer (see keepAliveHttpClientWithin).
    httpClient: keepAliveHttpClientWithin(30_000),
  });
}

/**
 * The search key's uid is derived from the indexes it may search, so restarts
 * reuse the same key instead of piling up new ones, and another INDEX_PREFIX
 * gets a key of its own.
 */
export function searchKeyUid(indexPattern: string): string {
  // `-read`: the key also reads documents by id (a ranked page); a key's actions cannot change, so a new uid.
  const h = createHash('sha256').update(`protokollsok-search-read:${indexPattern}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Creates (once) a key allowed only to search (and read documents of) the given indexes and returns a
 * client using it. Against an unsecured server, returns a keyless client.
 */
export async function createSearchClient(
  admin: Meilisearch,
  conn: MeiliConnection,
  indexPattern: string,
): Promise<Meilisearch> {
  // As for the admin client: the HTTP client's timer, not meilisearch-js's `timeout` (an AbortController a call).
  const options = { host: conn.url, requestInit, httpClient: keepAliveHttpClientWithin(conn.timeoutMs ?? 1000) };
  if (!conn.masterKey) return new Meilisearch(options);
  let key: string;
  try {
    key = (await admin.getKey(searchKeyUid(indexPattern))).key;
  } catch (error) {
    if (meiliApiError(error)?.cause?.code !== 'api_key_not_found') throw toAppError(error);
    key = (
      await admin.createKey({
        uid: searchKeyUid(indexPattern),
        name: 'protokollsok-api-search',
        description:
          'Search-only key of the Protokollsök API (created by the API; the master key never serves queries).',
        // Search, and read documents by id (the ranked page's items): nothing a search could not return.
        actions: ['search', 'documents.get'],
        indexes: [indexPattern],
        expiresAt: null,
      })
    ).key;
  }
  return new Meilisearch({ ...options, apiKey: key });
}

/** Maps a Meilisearch client error to an AppError: unreachable or slow → 503. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const answered = meiliApiError(error);
  if (answered) {
    const code = answered.cause?.code;
    if (code === 'index_not_found') {
      return new AppError(
        'search-unavailable',
        'Sökindexet är inte skapat ännu. Vänta tills inläsningen av protokollen är klar.',
        { cause: answered },
      );
    }
    if (code === 'invalid_search_attributes_to_search_on') {
      // Meilisearch knows a field only once a document has it: an index with no protocol yet (the
      // first ingest after a fresh start, or an empty corpus) refuses a search on `stems`.
      return new AppError(
        'search-unavailable',
        'Sökindexet har inga protokoll ännu. Vänta tills inläsningen av protokollen är klar och försök igen.',
        { cause: answered },
      );
    }
    if (code === 'invalid_search_filter' || code === 'invalid_search_q') {
      return new AppError('invalid-parameter', 'Sökfrågan kunde inte tolkas.', { cause: answered });
    }
    return new AppError('internal', 'Sökmotorn svarade med ett fel.', { cause: answered });
  }
  if (error instanceof MeilisearchRequestTimeOutError || error instanceof MeilisearchRequestError) {
    return new AppError('search-unavailable', 'Sökmotorn svarar inte just nu. Försök igen om en stund.', {
      cause: error,
    });
  }
  return new AppError('internal', 'Ett oväntat fel inträffade.', { cause: error });
}

/**
 * The gate every search passes (see admission.ts); `connectStore` sizes it from
 * the config. The defaults keep a 2-core machine answering under load.
 */
export const searchGate = new AdmissionGate({ concurrency: 8, maxQueue: 64, maxWaitMs: 750 });

/** Wraps a Meilisearch call: admitted by the gate, its failures surfacing as AppErrors. */
export async function meili<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await searchGate.run(call);
  } catch (error) {
    throw toAppError(error);
  }
}
