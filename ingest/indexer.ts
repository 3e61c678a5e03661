/**
 * Writes ingest results into Meilisearch so that a protocol is never half there.
 *
 * Order per batch: item documents (replace by stable id) → delete the protocol's
 * items left from an older version → failures cleared → protocol documents last.
 * The protocol document carries the content hash that marks the file as done, so
 * a crash anywhere before it means the file is simply ingested again next run:
 * nothing lost, nothing duplicated (ids are derived from the source path).
 */
import type { Meilisearch } from 'meilisearch';
import type { IngestFailure, ItemDocument, ProtocolDocument } from '../domain/schemas.js';
import type { IndexNames } from '../domain/store/index-settings.js';
import { meiliApiError } from '../domain/store/http-client.js';
import { CorpusTaxonomy } from './retag.js';

/** Meilisearch stayed unreachable through every retry: stop the run, lose nothing. */
export class IndexUnavailableError extends Error {
  override readonly name = 'IndexUnavailableError';
}

/**
 * Meilisearch answered but refused a write (a failed task, a 4xx): the
 * protocols of that write are set aside as `index-error`, the run goes on.
 */
export class IndexWriteError extends Error {
  override readonly name = 'IndexWriteError';
  constructor(
    readonly what: string,
    /** Meilisearch's own words, for the failure record. */
    readonly meiliMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`Meilisearch refused to ${what}: ${meiliMessage}`, options);
  }
}

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  onRetry?: (attempt: number, error: unknown) => void;
}

const isTransient = (error: unknown) => {
  const answered = meiliApiError(error);
  return !answered || (answered.response?.status ?? 500) >= 500;
};

/** Retries transient failures (unreachable, 5xx, timeouts) with exponential backoff. */
export async function withRetry<T>(what: string, call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= attempts) {
        throw new IndexUnavailableError(
          `Meilisearch did not answer while trying to ${what} (${attempts} attempts): ${(error as Error).message}`,
          { cause: error },
        );
      }
      options.onRetry?.(attempt, error);
      await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1)));
    }
  }
}

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** What the index knows of a protocol's build, for incremental ingest. */
export interface IndexedProtocol {
  id: string;
  contentHash: string;
  sourceHash: string | null;
  pipeline: Readonly<Record<string, string>> | null;
}

export class Indexer {
  /** The taxonomy in use: applied to every protocol written, and the re-tagging of stored items (retag.ts). */
  readonly taxonomy: CorpusTaxonomy;

  constructor(
    private readonly admin: Meilisearch,
    readonly names: IndexNames,
    private readonly retry: RetryOptions = {},
  ) {
    this.taxonomy = new CorpusTaxonomy(admin, names);
  }

  private async run(what: string, enqueue: () => Promise<{ taskUid: number }>): Promise<void> {
    const enqueued = await this.enqueue(what, enqueue);
    await this.settle(what, enqueued);
  }

  /** Content hashes of what is indexed, by source file (for incremental ingest). */
  async indexedHashes(): Promise<Map<string, IndexedProtocol>> {
    const out = new Map<string, IndexedProtocol>();
    const index = this.admin.index<ProtocolDocument>(this.names.protocols);
    for (let offset = 0; ; offset += 1000) {
      const page = await withRetry(
        'read indexed protocols',
        () =>
          index.getDocuments({
            fields: ['id', 'sourceFile', 'contentHash', 'sourceHash', 'pipeline'],
            limit: 1000,
            offset,
          }),
        this.retry,
      );
      // Protocols indexed before manifests were stored lack sourceHash and pipeline.
      for (const doc of page.results)
        out.set(doc.sourceFile, {
          id: doc.id,
          contentHash: doc.contentHash,
          sourceHash: doc.sourceHash ?? null,
          pipeline: doc.pipeline ?? null,
        });
      if (page.results.length < 1000) return out;
    }
  }

  /** One indexed protocol's identity, or null. */
  async findProtocol(
    id: string,
  ): Promise<Pick<ProtocolDocument, 'id' | 'sourceFile' | 'contentHash' | 'sourceHash'> | null> {
    const index = this.admin.index<ProtocolDocument>(this.names.protocols);
    try {
      return await withRetry(
        'read a protocol',
        () => index.getDocument(id, { fields: ['id', 'sourceFile', 'contentHash', 'sourceHash'] }),
        this.retry,
      );
    } catch (error) {
      if (meiliApiError(error)?.response?.status === 404) return null;
      throw error;
    }
  }

  /** Enqueues a task, retrying while Meilisearch is unreachable; a refusal becomes an IndexWriteError. */
  private async enqueue(what: string, call: () => Promise<{ taskUid: number }>): Promise<{ taskUid: number }> {
    try {
      return await withRetry(what, call, this.retry);
    } catch (error) {
      const refused = meiliApiError(error);
      if (refused) throw new IndexWriteError(what, refused.message, { cause: refused });
      throw error;
    }
  }

  private async settle(what: string, ...tasks: { taskUid: number }[]): Promise<void> {
    // Meilisearch processes its queue in order: waiting for the last task waits for all;
    // every status is still checked, so no failure goes unnoticed.
    const last = tasks[tasks.length - 1];
    if (!last) return;
    await withRetry(
      `wait for ${what}`,
      () => this.admin.tasks.waitForTask(last.taskUid, { timeout: 300_000, interval: 20 }),
      this.retry,
    );
    for (const t of tasks) {
      const task = await withRetry(`check ${what}`, () => this.admin.tasks.getTask(t.taskUid), this.retry);
      if (task.status !== 'succeeded')
        throw new IndexWriteError(what, `${task.status}: ${task.error?.message ?? 'no error message'}`, {
          cause: task.error,
        });
    }
  }

  /**
   * Writes a batch of ingested protocols; see the module comment for the order.
   * `replacing` names the protocols indexed before (only they can have outdated
   * items) and `failed` the source files with a failure record to clear.
   */
  async writeProtocols(
    written: readonly { protocol: ProtocolDocument; items: readonly ItemDocument[] }[],
    known: { replacing?: ReadonlySet<string>; failed?: ReadonlySet<string> } = {},
  ): Promise<void> {
    if (written.length === 0) return;
    // Tagged with the store's taxonomy version, whichever process ingested them.
    const batch = await withRetry('read the taxonomy', () => this.taxonomy.apply(written), this.retry);
    const items = this.admin.index<ItemDocument>(this.names.items);
    const itemDocs = batch.flatMap((b) => b.items);
    const tasks: { taskUid: number }[] = [];
    if (itemDocs.length > 0)
      tasks.push(await this.enqueue('add agenda items', () => items.addDocuments(itemDocs, { primaryKey: 'id' })));
    const replaced = known.replacing ? batch.filter((b) => known.replacing!.has(b.protocol.id)) : batch;
    if (replaced.length > 0) {
      const stale = replaced
        .map((b) => `(protocolId = ${quote(b.protocol.id)} AND contentHash != ${quote(b.protocol.contentHash)})`)
        .join(' OR ');
      tasks.push(await this.enqueue('remove outdated agenda items', () => items.deleteDocuments({ filter: stale })));
    }
    const resolved = known.failed ? batch.filter((b) => known.failed!.has(b.protocol.sourceFile)) : batch;
    if (resolved.length > 0) {
      const filter = resolved.map((b) => `sourceFile = ${quote(b.protocol.sourceFile)}`).join(' OR ');
      tasks.push(
        await this.enqueue('clear resolved failures', () =>
          this.admin.index(this.names.failures).deleteDocuments({ filter }),
        ),
      );
    }
    await this.settle('write agenda items', ...tasks);
    // Last, and only once the items are in: the protocol document marks the file as done.
    await this.run('add protocols', () =>
      this.admin.index<ProtocolDocument>(this.names.protocols).addDocuments(
        batch.map((b) => b.protocol),
        { primaryKey: 'id' },
      ),
    );
  }

  /** Removes protocols (and their items) whose source files are gone. */
  async removeProtocols(protocolIds: readonly string[]): Promise<void> {
    if (protocolIds.length === 0) return;
    const filter = `protocolId IN [${protocolIds.map(quote).join(', ')}]`;
    await this.run('remove agenda items of deleted files', () =>
      this.admin.index(this.names.items).deleteDocuments({ filter }),
    );
    await this.run('remove deleted protocols', () =>
      this.admin.index(this.names.protocols).deleteDocuments([...protocolIds]),
    );
  }

  async recordFailures(failures: readonly IngestFailure[]): Promise<void> {
    if (failures.length === 0) return;
    await this.run('record failures', () =>
      this.admin.index<IngestFailure>(this.names.failures).addDocuments([...failures], { primaryKey: 'id' }),
    );
  }

  async clearFailures(sourceFiles: readonly string[]): Promise<void> {
    if (sourceFiles.length === 0) return;
    const filter = `sourceFile IN [${sourceFiles.map(quote).join(', ')}]`;
    await this.run('clear failures of deleted files', () =>
      this.admin.index(this.names.failures).deleteDocuments({ filter }),
    );
  }

  async listFailures(): Promise<IngestFailure[]> {
    const page = await withRetry(
      'read failures',
      () => this.admin.index<IngestFailure>(this.names.failures).getDocuments({ limit: 10_000 }),
      this.retry,
    );
    return page.results;
  }
}
