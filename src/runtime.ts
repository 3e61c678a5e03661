/**
 * The composition root: connects to (or starts) Meilisearch, applies the index
 * settings, creates the search-only key, and wires the indexer and the search
 * context. Used by `main.ts`, the worker, tests and benchmarks alike.
 */
import type { Meilisearch } from 'meilisearch';
import type { Config } from './domain/config.js';
import { AppError } from './domain/errors.js';
import { createAdminClient, createSearchClient } from './domain/store/client.js';
import { ensureIndexes, type IndexNames } from './domain/store/index-settings.js';
import { startEmbeddedMeili, type EmbeddedMeili } from './domain/store/server.js';
import type { SearchContext } from './search/context.js';
import { Indexer } from '../ingest/indexer.js';
import { swedishLanguage } from './domain/swedish/language.js';
import path from 'node:path';

export interface Runtime {
  readonly meiliUrl: string;
  readonly embedded: EmbeddedMeili | null;
  readonly admin: Meilisearch;
  readonly names: IndexNames;
  readonly indexer: Indexer;
  readonly search: SearchContext;
  /** Stops the embedded Meilisearch, if this runtime started one. */
  close(): Promise<void>;
}

/** Waits until an external Meilisearch answers /health, or fails naming its URL. */
async function waitForExternal(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new AppError('search-unavailable', `Meilisearch at ${url} did not answer within ${timeoutMs / 1000} s (${last}). Check MEILI_URL, or unset it to use the bundled server.`);
}

export interface ConnectOptions {
  log?: (line: string) => void;
  /** How long to wait for an external server. */
  externalTimeoutMs?: number;
}

export async function connect(config: Config, options: ConnectOptions = {}): Promise<Runtime> {
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
    const admin = createAdminClient(conn);
    const names = await ensureIndexes(admin, config.INDEX_PREFIX, swedishLanguage);
    const client = await createSearchClient(admin, conn, `${config.INDEX_PREFIX}-*`);
    return {
      meiliUrl: url,
      embedded,
      admin,
      names,
      indexer: new Indexer(admin, names),
      search: { client, names },
      close: async () => {
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
