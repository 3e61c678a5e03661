/**
 * Writes ingest results into Meilisearch so that a protocol is never half there.
 *
 * A write (`writeProtocols`) is a transaction over a group of protocols:
 *  1. enqueue the item documents (replace by stable id), the deletion of the
 *     group's items left from an older version, and the clearing of resolved
 *     failure records;
 *  2. wait for EVERY one of those tasks and check each one's status
 *     (Meilisearch batches tasks per index, so a later task can finish before
 *     an earlier one of another index: waiting for the last proves nothing);
 *  3. only then enqueue the protocol documents (which carry the content hash
 *     that marks a file as done) and wait for and check that task;
 *  4. when any step fails, is refused or outruns the write deadline (its
 *     tasks are then canceled), roll back: every item and the protocol
 *     document of every protocol in the group are deleted, and the error is
 *     rethrown. Such a protocol is simply ingested again by the next run.
 * A rollback that cannot reach Meilisearch (it crashed mid-write) is kept and
 * retried in the background until it succeeds, and done first by the next
 * write of the same protocol (so a later upload is never rolled back); should
 * the process end before that, the consistency check at the next start
 * (ingest/consistency.ts) finds and removes what was left.
 *
 * The protocols of writes in progress in this process are listed
 * (`writing()`), so the consistency check never takes a write's items, which
 * exist a moment before their protocol, for orphans.
 */
import type { Meilisearch, Task } from 'meilisearch';
import type { IngestFailure, ItemDocument, ProtocolDocument } from '../domain/schemas.js';
import { type IndexNames, MAX_VALUES_PER_FACET } from '../domain/store/index-settings.js';
import { meiliApiError } from '../domain/store/http-client.js';
import { addNdjsonFile, type SpooledGroup } from './spool.js';
import { withDeadline } from './storage.js';
import { CorpusTaxonomy } from './retag.js';

/** Meilisearch stayed unreachable through every retry: stop the run, lose nothing. */
export class IndexUnavailableError extends Error {
  override readonly name: string = 'IndexUnavailableError';
}

/**
 * A write outran its deadline (WRITE_TIMEOUT_MS): its tasks were canceled and
 * the write rolled back. Meilisearch is reachable but not keeping up (or its
 * disk is full), so the caller answers 503 rather than hang.
 */
export class IndexWriteTimeoutError extends IndexUnavailableError {
  override readonly name = 'IndexWriteTimeoutError';
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
    options?: { cause?: unknown; code?: string | undefined },
  ) {
    super(`Meilisearch refused to ${what}: ${meiliMessage}`, options);
    this.code = options?.code;
  }
  /** Meilisearch's error code (`no_space_left_on_device`, `invalid_document_id`, …), when it gave one. */
  readonly code: string | undefined;
}

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  onRetry?: (attempt: number, error: unknown) => void;
}

export interface IndexerOptions extends RetryOptions {
  /**
   * Longest time one write may take, from its first task enqueued to its last
   * task checked; past it the write's tasks are canceled and it is rolled back.
   */
  writeTimeoutMs?: number;
}

const DEFAULT_WRITE_TIMEOUT_MS = 60_000;

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

/** Protocols named in one filter expression at most. */
const FILTER_SLICE = 200;
const slices = <T>(all: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.slice(i * size, i * size + size));

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the index knows of a protocol's build, for incremental ingest. */
export interface IndexedProtocol {
  id: string;
  contentHash: string;
  sourceHash: string | null;
  pipeline: Readonly<Record<string, string>> | null;
  /** The protocol's body, for the corpus's alias table of bodies. */
  body: string | null;
}

/** One protocol of a write: its document and its agenda items. */
export interface ProtocolWrite {
  protocol: ProtocolDocument;
  items: readonly ItemDocument[];
}

/** A protocol's identity fields, as the consistency check reads them. */
export type ProtocolRow = Pick<ProtocolDocument, 'id' | 'sourceFile' | 'contentHash' | 'sourceHash' | 'itemCount'>;
/** An item's identity fields, as the consistency check reads them. */
export type ItemRow = Pick<ItemDocument, 'id' | 'protocolId' | 'contentHash'>;

interface Enqueued {
  taskUid: number;
  what: string;
}

export class Indexer {
  private readonly writeTimeoutMs: number;
  /** Protocol ids of writes in progress in this process, with how many writes hold each. */
  private readonly inFlight = new Map<string, number>();
  /** Protocol ids of failed writes whose rollback could not reach Meilisearch yet. */
  private readonly pendingRollback = new Set<string>();
  private rollbackTimer: NodeJS.Timeout | null = null;
  private rollbackDelayMs = 1000;
  /** The background retry of pending rollbacks, while it runs: a write of one of them waits for it. */
  private rollbackRun: Promise<void> | null = null;
  /** The taxonomy in use: applied to every protocol written, and the re-tagging of stored items (retag.ts). */
  readonly taxonomy: CorpusTaxonomy;

  constructor(
    private readonly admin: Meilisearch,
    readonly names: IndexNames,
    private readonly retry: IndexerOptions = {},
  ) {
    this.writeTimeoutMs = retry.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    this.taxonomy = new CorpusTaxonomy(admin, names);
  }

  /**
   * Protocol ids whose write is in progress in this process (their items may exist before their
   * protocol), or whose rollback is still pending.
   */
  writing(): ReadonlySet<string> {
    return new Set([...this.inFlight.keys(), ...this.pendingRollback]);
  }

  /** Rollbacks of failed writes still waiting for Meilisearch. */
  pendingRollbacks(): number {
    return this.pendingRollback.size;
  }

  /** Content hashes of what is indexed, by source file (for incremental ingest). */
  async indexedHashes(): Promise<Map<string, IndexedProtocol>> {
    const out = new Map<string, IndexedProtocol>();
    const docs = await this.allDocuments<ProtocolDocument>(this.names.protocols, [
      'id',
      'sourceFile',
      'contentHash',
      'sourceHash',
      'pipeline',
      'body',
    ]);
    // Protocols indexed before manifests were stored lack sourceHash and pipeline.
    for (const doc of docs)
      out.set(doc.sourceFile, {
        id: doc.id,
        contentHash: doc.contentHash,
        sourceHash: doc.sourceHash ?? null,
        pipeline: doc.pipeline ?? null,
        body: doc.body ?? null,
      });
    return out;
  }

  /**
   * How many protocols each body has, from one search's facet (Meilisearch reads no document): what an
   * upload files its body against, without reading every protocol.
   */
  async bodyCounts(): Promise<Map<string, number>> {
    const res = await withRetry(
      'count protocols by body',
      () => this.admin.index(this.names.protocols).search(null, { facets: ['body'], limit: 0 }),
      this.retry,
    );
    return new Map(Object.entries(res.facetDistribution?.body ?? {}));
  }

  /** Every protocol's identity (for the consistency check). */
  protocolRows(): Promise<ProtocolRow[]> {
    return this.allDocuments<ProtocolRow>(this.names.protocols, [
      'id',
      'sourceFile',
      'contentHash',
      'sourceHash',
      'itemCount',
    ]);
  }

  /**
   * Agenda items counted by protocol and by content hash, from one search's facets (Meilisearch
   * reads no document), or null when there are more values than it counts (`maxValuesPerFacet`).
   */
  async itemCounts(): Promise<{
    total: number;
    byProtocol: Record<string, number>;
    byHash: Record<string, number>;
  } | null> {
    const res = await withRetry(
      'count agenda items',
      () => this.admin.index(this.names.items).search(null, { facets: ['protocolId', 'contentHash'], limit: 0 }),
      this.retry,
    );
    const byProtocol = res.facetDistribution?.protocolId ?? {};
    const byHash = res.facetDistribution?.contentHash ?? {};
    if (Math.max(Object.keys(byProtocol).length, Object.keys(byHash).length) >= MAX_VALUES_PER_FACET) return null;
    return { total: res.estimatedTotalHits ?? 0, byProtocol, byHash };
  }

  /** Every agenda item's identity (for the consistency check): ~100 bytes an item. */
  itemRows(): Promise<ItemRow[]> {
    return this.allDocuments<ItemRow>(this.names.items, ['id', 'protocolId', 'contentHash']);
  }

  private async allDocuments<T>(uid: string, fields: string[]): Promise<T[]> {
    const out: T[] = [];
    const index = this.admin.index(uid);
    const page = 5000;
    for (let offset = 0; ; offset += page) {
      const got = await withRetry(`read ${uid}`, () => index.getDocuments({ fields, limit: page, offset }), this.retry);
      out.push(...(got.results as T[]));
      if (got.results.length < page) return out;
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

  /**
   * Enqueues a task, retrying while Meilisearch is unreachable, by `deadline` (performance.now(),
   * default the write deadline from now); a refusal becomes an IndexWriteError.
   */
  private async enqueue(
    what: string,
    call: () => Promise<{ taskUid: number }>,
    deadline = performance.now() + this.writeTimeoutMs,
  ): Promise<Enqueued> {
    try {
      const { taskUid } = await this.before(deadline, what, call);
      return { taskUid, what };
    } catch (error) {
      const refused = meiliApiError(error);
      if (refused) throw new IndexWriteError(what, refused.message, { cause: refused, code: refused.cause?.code });
      throw error;
    }
  }

  /**
   * `call` (retried while Meilisearch is unreachable), or an IndexWriteTimeoutError once
   * `deadline` (performance.now()) passes: a request Meilisearch does not answer (measured: its
   * task list stalled for two minutes while it indexed a large batch on a loaded machine) must
   * not hold a write past its deadline.
   */
  private before<T>(deadline: number, what: string, call: () => Promise<T>): Promise<T> {
    const timedOut = () =>
      new IndexWriteTimeoutError(`Meilisearch did not ${what} within the write deadline (WRITE_TIMEOUT_MS)`);
    const remaining = deadline - performance.now();
    if (remaining <= 0) return Promise.reject(timedOut());
    return withDeadline(withRetry(what, call, this.retry), remaining, timedOut);
  }

  /**
   * Waits until every one of `tasks` has finished, then checks that each succeeded. One request
   * per poll asks for all of them. Past `deadline` (performance.now()) the unfinished ones are
   * canceled (unless `cancel` is false: a rollback's deletions are left to run) and an
   * IndexWriteTimeoutError is thrown.
   */
  private async settle(tasks: readonly Enqueued[], deadline: number, cancel = true): Promise<void> {
    if (tasks.length === 0) return;
    const uids = tasks.map((t) => t.taskUid);
    const what = tasks[0]!.what;
    let finished: Task[] = [];
    for (let interval = 10; ; interval = Math.min(200, interval * 2)) {
      let page: Awaited<ReturnType<Meilisearch['tasks']['getTasks']>>;
      try {
        page = await this.before(deadline, `report on the task to ${what}`, () =>
          this.admin.tasks.getTasks({ uids, limit: uids.length }),
        );
      } catch (error) {
        if (error instanceof IndexWriteTimeoutError && cancel) await this.cancel(uids);
        throw error;
      }
      const open = page.results.filter((t) => t.status === 'enqueued' || t.status === 'processing');
      if (open.length === 0 && page.results.length === uids.length) {
        finished = page.results;
        break;
      }
      if (page.results.length < uids.length) {
        // A task Meilisearch no longer knows was lost in a crash before it was stored: not written.
        const known = new Set(page.results.map((t) => t.uid));
        const lost = tasks.find((t) => !known.has(t.taskUid))!;
        throw new IndexUnavailableError(`Meilisearch lost the task to ${lost.what} (restarted meanwhile?)`);
      }
      if (performance.now() > deadline) {
        if (cancel) await this.cancel(open.map((t) => t.uid));
        throw new IndexWriteTimeoutError(
          `Meilisearch did not finish the task to ${tasks.find((t) => t.taskUid === open[0]!.uid)?.what ?? 'write'} within the write deadline (WRITE_TIMEOUT_MS)${cancel ? '; canceled' : ''}`,
        );
      }
      await sleep(interval);
    }
    for (const t of tasks) {
      const task = finished.find((f) => f.uid === t.taskUid)!;
      if (task.status !== 'succeeded')
        throw new IndexWriteError(t.what, `${task.status}: ${task.error?.message ?? 'no error message'}`, {
          cause: task.error,
          code: task.error?.code,
        });
    }
  }

  /** How long a cancelation (and a rollback before it is left to the background) may take. */
  private get graceMs(): number {
    return Math.min(10_000, Math.max(1000, this.writeTimeoutMs / 4));
  }

  /**
   * Cancels tasks and waits (at most `graceMs`) until Meilisearch has; a task already processing
   * may still finish, and the rollback that follows removes what it wrote.
   */
  private async cancel(uids: number[]): Promise<void> {
    if (uids.length === 0) return;
    const until = performance.now() + this.graceMs;
    try {
      await this.before(until, 'cancel tasks', () => this.admin.tasks.cancelTasks({ uids }));
      while (performance.now() < until) {
        const page = await this.before(until, 'report on canceled tasks', () =>
          this.admin.tasks.getTasks({ uids, statuses: ['enqueued', 'processing'], limit: 1 }),
        );
        if (page.results.length === 0) return;
        await sleep(50);
      }
    } catch {
      // Past the grace: the rollback removes what a task that still finishes wrote.
    }
  }

  /** Runs `steps` as one write of `what`: with the write deadline, its protocols listed as in flight. */
  private async transaction(protocolIds: readonly string[], steps: (deadline: number) => Promise<void>) {
    for (const id of protocolIds) this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    try {
      await steps(performance.now() + this.writeTimeoutMs);
    } finally {
      for (const id of protocolIds) {
        const n = (this.inFlight.get(id) ?? 1) - 1;
        if (n > 0) this.inFlight.set(id, n);
        else this.inFlight.delete(id);
      }
    }
  }

  /**
   * Writes a group of ingested protocols as one transaction (see the module
   * comment). `replacing` names the protocols indexed before (only they can
   * have outdated items) and `failed` the source files with a failure record
   * to clear. On any failure the group is rolled back and the error rethrown.
   */
  async writeProtocols(
    written: readonly ProtocolWrite[],
    known: { replacing?: ReadonlySet<string>; failed?: ReadonlySet<string> } = {},
  ): Promise<void> {
    if (written.length === 0) return;
    const ids = written.map((b) => b.protocol.id);
    await this.transaction(ids, async (deadline) => {
      // Tagged with the store's taxonomy version, whichever process ingested them. Within the deadline:
      // the first write of a new index seeds the taxonomy store, a task that queues behind any other.
      const batch = await this.before(deadline, 'read the taxonomy', () => this.taxonomy.apply(written));
      const itemDocs = batch.flatMap((b) => b.items);
      const items = this.admin.index<ItemDocument>(this.names.items);
      await this.commit(
        batch.map((b) => b.protocol),
        itemDocs.length > 0 ? () => items.addDocuments(itemDocs, { primaryKey: 'id' }) : null,
        known,
        deadline,
      );
    });
  }

  /**
   * Writes a group spooled to disk (run.ts's BatchWriter) as one transaction, like `writeProtocols`:
   * its item documents go to Meilisearch in one request streamed from the spool file. The group's
   * protocols were tagged with the store's taxonomy (`taxonomy.apply`) before they were spooled.
   */
  async writeGroup(
    group: SpooledGroup,
    known: { replacing?: ReadonlySet<string>; failed?: ReadonlySet<string> } = {},
  ): Promise<void> {
    if (group.length === 0) return;
    group.seal();
    await this.transaction(
      group.protocols.map((p) => p.id),
      (deadline) =>
        this.commit(
          group.protocols,
          group.items > 0 ? () => addNdjsonFile(this.admin, this.names.items, group.file) : null,
          known,
          deadline,
        ),
    );
  }

  /** The steps of a write (see the module comment), rolled back when one fails. */
  private async commit(
    protocols: readonly ProtocolDocument[],
    addItems: (() => Promise<{ taskUid: number }>) | null,
    known: { replacing?: ReadonlySet<string>; failed?: ReadonlySet<string> },
    deadline: number,
  ): Promise<void> {
    const ids = protocols.map((p) => p.id);
    // A pending rollback of one of these protocols goes first, so it never takes back this write.
    if (ids.some((id) => this.pendingRollback.has(id))) await this.rollbackRun;
    const pending = ids.filter((id) => this.pendingRollback.has(id));
    if (pending.length > 0) {
      await this.deleteProtocols(pending, deadline);
      for (const id of pending) this.pendingRollback.delete(id);
    }
    try {
      await this.settle(await this.enqueueItems(protocols, addItems, known, deadline), deadline);
      // Last, and only once every item task succeeded: the protocol document marks the file as done.
      const added = await this.enqueue(
        'add protocols',
        () =>
          this.admin.index<ProtocolDocument>(this.names.protocols).addDocuments([...protocols], { primaryKey: 'id' }),
        deadline,
      );
      await this.settle([added], deadline);
    } catch (error) {
      await this.rollback(ids);
      throw error;
    }
  }

  /** Step 1 of a write: the item documents, the outdated items' deletion, the resolved failures. */
  private async enqueueItems(
    protocols: readonly ProtocolDocument[],
    addItems: (() => Promise<{ taskUid: number }>) | null,
    known: { replacing?: ReadonlySet<string>; failed?: ReadonlySet<string> },
    deadline: number,
  ): Promise<Enqueued[]> {
    const items = this.admin.index<ItemDocument>(this.names.items);
    const tasks: Enqueued[] = [];
    if (addItems) tasks.push(await this.enqueue('add agenda items', addItems, deadline));
    const replaced = known.replacing ? protocols.filter((p) => known.replacing!.has(p.id)) : protocols;
    // A spooled group can hold a thousand protocols: its filters go in slices a filter expression takes.
    for (const slice of slices(replaced, FILTER_SLICE)) {
      const stale = slice
        .map((p) => `(protocolId = ${quote(p.id)} AND contentHash != ${quote(p.contentHash)})`)
        .join(' OR ');
      tasks.push(
        await this.enqueue('remove outdated agenda items', () => items.deleteDocuments({ filter: stale }), deadline),
      );
    }
    const resolved = known.failed ? protocols.filter((p) => known.failed!.has(p.sourceFile)) : protocols;
    for (const slice of slices(resolved, FILTER_SLICE)) {
      const filter = slice.map((p) => `sourceFile = ${quote(p.sourceFile)}`).join(' OR ');
      tasks.push(
        await this.enqueue(
          'clear resolved failures',
          () => this.admin.index(this.names.failures).deleteDocuments({ filter }),
          deadline,
        ),
      );
    }
    return tasks;
  }

  /**
   * Takes a failed write back: every item and the protocol document of each protocol, whatever
   * version the write left. When Meilisearch cannot be reached to do it, the rollback is kept and
   * retried in the background; one it refuses is left to the consistency check.
   */
  private async rollback(protocolIds: readonly string[]): Promise<void> {
    try {
      await this.deleteProtocols(protocolIds, performance.now() + this.graceMs, false);
    } catch (error) {
      if (!(error instanceof IndexUnavailableError)) return;
      for (const id of protocolIds) this.pendingRollback.add(id);
      this.scheduleRollbacks();
    }
  }

  private scheduleRollbacks(): void {
    if (this.rollbackTimer || this.pendingRollback.size === 0) return;
    this.rollbackTimer = setTimeout(() => {
      this.rollbackTimer = null;
      this.rollbackRun = this.retryRollbacks().finally(() => {
        this.rollbackRun = null;
      });
    }, this.rollbackDelayMs);
    this.rollbackTimer.unref();
  }

  /** Retries the pending rollbacks (those of protocols not being written again right now). */
  private async retryRollbacks(): Promise<void> {
    const ids = [...this.pendingRollback].filter((id) => !this.inFlight.has(id));
    if (ids.length === 0) return;
    try {
      await this.deleteProtocols(ids, performance.now() + this.writeTimeoutMs, false);
      for (const id of ids) if (!this.inFlight.has(id)) this.pendingRollback.delete(id);
      this.rollbackDelayMs = 1000;
    } catch (error) {
      if (error instanceof IndexUnavailableError) this.rollbackDelayMs = Math.min(30_000, this.rollbackDelayMs * 2);
      // Refused: retrying would not help; the consistency check takes what is left.
      else for (const id of ids) this.pendingRollback.delete(id);
    }
    this.scheduleRollbacks();
  }

  /** Deletes protocols with all their items, items first; waits for and checks both tasks. */
  private async deleteProtocols(protocolIds: readonly string[], deadline: number, cancel = true): Promise<void> {
    if (protocolIds.length === 0) return;
    const filter = `protocolId IN [${protocolIds.map(quote).join(', ')}]`;
    const items = await this.enqueue(
      'remove agenda items',
      () => this.admin.index(this.names.items).deleteDocuments({ filter }),
      deadline,
    );
    const protocols = await this.enqueue(
      'remove protocols',
      () => this.admin.index(this.names.protocols).deleteDocuments([...protocolIds]),
      deadline,
    );
    await this.settle([items, protocols], deadline, cancel);
  }

  /** Removes protocols (and their items) whose source files are gone. */
  async removeProtocols(protocolIds: readonly string[]): Promise<void> {
    if (protocolIds.length === 0) return;
    await this.transaction(protocolIds, (deadline) => this.deleteProtocols(protocolIds, deadline));
  }

  /** Deletes agenda items by id (orphans the consistency check found). */
  async removeItems(itemIds: readonly string[]): Promise<void> {
    if (itemIds.length === 0) return;
    const task = await this.enqueue('remove orphan agenda items', () =>
      this.admin.index(this.names.items).deleteDocuments([...itemIds]),
    );
    await this.settle([task], performance.now() + this.writeTimeoutMs);
  }

  /** Waits until Meilisearch has no enqueued or processing task on these indexes (at most `timeoutMs`). */
  async quiet(timeoutMs: number): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    const indexUids = [this.names.items, this.names.protocols];
    while (performance.now() < until) {
      const open = await withRetry(
        'read the task queue',
        () => this.admin.tasks.getTasks({ indexUids, statuses: ['enqueued', 'processing'], limit: 1 }),
        this.retry,
      );
      if (open.results.length === 0) return true;
      await sleep(100);
    }
    return false;
  }

  async recordFailures(failures: readonly IngestFailure[]): Promise<void> {
    if (failures.length === 0) return;
    const task = await this.enqueue('record failures', () =>
      this.admin.index<IngestFailure>(this.names.failures).addDocuments([...failures], { primaryKey: 'id' }),
    );
    await this.settle([task], performance.now() + this.writeTimeoutMs);
  }

  async clearFailures(sourceFiles: readonly string[]): Promise<void> {
    if (sourceFiles.length === 0) return;
    const filter = `sourceFile IN [${sourceFiles.map(quote).join(', ')}]`;
    const task = await this.enqueue('clear failures of deleted files', () =>
      this.admin.index(this.names.failures).deleteDocuments({ filter }),
    );
    await this.settle([task], performance.now() + this.writeTimeoutMs);
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
