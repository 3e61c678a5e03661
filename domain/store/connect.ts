/**
 * Connects to the store: an external Meilisearch (MEILI_URL) or the embedded
 * one, with the index settings applied and a search-only key. Shared by the API
 * and the ingest worker, each of which builds what it needs on top.
 */
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { swedishLanguage } from '../swedish/language.js';
import { createAdminClient, createSearchClient, searchGate } from './client.js';
import { ensureIndexes, type IndexNames } from './index-settings.js';
import { startEmbeddedMeili, type EmbeddedMeili } from './server.js';

export interface Store {
  readonly meiliUrl: string;
  readonly embedded: EmbeddedMeili | null;
  /** Master-key client: ingest, settings, keys. */
  readonly admin: Meilisearch;
  /** Search-only-key client: every query the API serves. */
  readonly searchClient: Meilisearch;
  readonly names: IndexNames;
  /** Stops the embedded Meilisearch, if this store started one. */
  close(): Promise<void>;
}

/** Waits until an external Meilisearch answers /health, or fails naming its URL. */
async function waitForExternal(url: string, timeoutMs: number): Promise<void> {
  // Deadlines and durations on the monotonic clock: a VM's wall clock can step and end a wait at once.
  const deadline = performance.now() + timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    try {
      const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last =
        (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new AppError(
    'search-unavailable',
    `Meilisearch at ${url} did not answer within ${timeoutMs / 1000} s (${last}). Check MEILI_URL, or unset it to use the bundled server.`,
  );
}

export interface ConnectOptions {
  log?: (line: string) => void;
  /** How long to wait for an external server. */
  externalTimeoutMs?: number;
}

export async function connectStore(config: Config, options: ConnectOptions = {}): Promise<Store> {
  const log = options.log ?? (() => {});
  let embedded: EmbeddedMeili | null = null;
  let url: string;
  let masterKey: string | undefined;
  if (config.MEILI_URL) {
    url = config.MEILI_URL.replace(/\/$/, '');
    masterKey = config.MEILI_MASTER_KEY;
    await waitForExternal(url, options.externalTimeoutMs ?? 10_000);
    log(`Using external Meilisearch at ${url}`);
  } else {
    embedded = await startEmbeddedMeili({
      dataDir: path.join(config.DATA_DIR, 'meilisearch'),
      port: config.MEILI_PORT,
      maxIndexingMemory: config.MEILI_MAX_INDEXING_MEMORY,
      log,
    });
    url = embedded.url;
    masterKey = embedded.masterKey;
  }
  try {
    const conn = { url, masterKey, timeoutMs: config.MEILI_TIMEOUT_MS };
    searchGate.configure({
      concurrency: config.SEARCH_CONCURRENCY,
      maxQueue: config.SEARCH_QUEUE,
      maxWaitMs: config.SEARCH_QUEUE_WAIT_MS,
    });
    const admin = createAdminClient(conn);
    const names = await ensureIndexes(admin, config.INDEX_PREFIX, swedishLanguage);
    const client = await createSearchClient(admin, conn, `${config.INDEX_PREFIX}-*`);
    return {
      meiliUrl: url,
      embedded,
      admin,
      searchClient: client,
      names,
      close: async () => {
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
