/**
 * Meilisearch clients: an admin client (master key; ingest, settings, keys) and
 * a search client holding a search-only key the API creates for itself, so the
 * master key never serves a query. Meilisearch failures become AppErrors here.
 */
import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { AppError } from '../core/errors.js';

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
    timeout: 30_000,
  });
}

/** Fixed uid so restarts reuse the same key instead of piling up new ones. */
const SEARCH_KEY_UID = '6b1f4c55-2f7e-4c3a-9a53-70726f746f6b';

/**
 * Creates (once) a key allowed only to search the given indexes and returns a
 * client using it. Against an unsecured server, returns a keyless client.
 */
export async function createSearchClient(
  admin: Meilisearch,
  conn: MeiliConnection,
  indexPattern: string,
): Promise<Meilisearch> {
  const options = { host: conn.url, requestInit, timeout: conn.timeoutMs ?? 1000 };
  if (!conn.masterKey) return new Meilisearch(options);
  let key: string;
  try {
    key = (await admin.getKey(SEARCH_KEY_UID)).key;
  } catch (error) {
    if (!(error instanceof MeilisearchApiError) || error.cause?.code !== 'api_key_not_found') throw toAppError(error);
    key = (
      await admin.createKey({
        uid: SEARCH_KEY_UID,
        name: 'protokollsok-api-search',
        description: 'Search-only key of the Protokollsök API (created by the API; the master key never serves queries).',
        actions: ['search'],
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
  if (error instanceof MeilisearchRequestTimeOutError || error instanceof MeilisearchRequestError) {
    return new AppError('search-unavailable', 'Sökmotorn svarar inte just nu. Försök igen om en stund.', { cause: error });
  }
  if (error instanceof MeilisearchApiError) {
    const code = error.cause?.code;
    if (code === 'index_not_found') {
      return new AppError('search-unavailable', 'Sökindexet är inte skapat ännu. Vänta tills inläsningen av protokollen är klar.', { cause: error });
    }
    if (code === 'invalid_search_filter' || code === 'invalid_search_q') {
      return new AppError('invalid-parameter', 'Sökfrågan kunde inte tolkas.', { cause: error });
    }
    return new AppError('internal', 'Sökmotorn svarade med ett fel.', { cause: error });
  }
  return new AppError('internal', 'Ett oväntat fel inträffade.', { cause: error });
}

/** Wraps a Meilisearch call so its failures surface as AppErrors. */
export async function meili<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error);
  }
}
