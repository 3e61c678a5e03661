/**
 * Ingests a set of files into the index: incremental by content hash, the
 * corpus streamed (never loaded), written in groups sized by their text. Used
 * by the worker CLI, by `npm start` and by reindex. `ingestFiles` is four named
 * steps: `prepareRun` (what the index holds), `planFile` (set aside, unchanged
 * or to ingest), a `BatchWriter` (groups committed as transactions, a refused
 * group split to isolate the offending protocol) and `finishRun` (restored
 * failures, files gone, stored copies pruned).
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { detectKind, failureReason, SUPPORTED_EXTENSIONS } from '../domain/file-types.js';
import type { IngestFailure } from '../domain/schemas.js';
import {
  type IndexedProtocol,
  IndexUnavailableError,
  IndexWriteError,
  type Indexer,
  type ProtocolWrite,
  withRetry,
} from './indexer.js';
import { SpooledGroup } from './spool.js';
import { changedComponents, contentHashOf, describeComponent, manifestWithOcr, sourceDigest } from './fingerprint.js';
import { failureIdFor, ingestFile, type IngestResult } from './pipeline.js';
import { IngestPool } from './pool.js';
import { ensureFreeSpace, type SourceStore } from './storage.js';
import { BodyAliases, fileBody, type SuspectBody, suspectBody } from './body-aliases.js';
import { readProvenance, withProvenance } from './harvest/provenance.js';
import { currentOcrFingerprint, type OcrSettings } from './ocr/index.js';

export { ocrAvailability, ocrSettingsFrom, type OcrAvailability, type OcrSettings } from './ocr/index.js';

export { SUPPORTED_EXTENSIONS };

export interface SourceFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path relative to the corpus root: the stable identity of the protocol. */
  sourceFile: string;
}

export interface RunOptions {
  maxFileBytes: number;
  timeoutMs?: number;
  /** Protocols per Meilisearch write, at most. */
  batchSize?: number;
  /**
   * Bytes of item documents per Meilisearch write, at most (the NDJSON spooled to disk): a write
   * is flushed at whichever of this and `batchSize` comes first. The documents wait on disk, so
   * the worker's memory does not depend on either.
   */
  batchChars?: number;
  /**
   * How long an open group's first protocol waits at most before the group is written (default
   * DEFAULT_BATCH_WAIT_MS): a long run (a large first ingest, scanned protocols that take seconds
   * each) becomes searchable as it goes, not only when it ends or a group fills.
   */
  batchWaitMs?: number;
  /**
   * Writes in progress at once while the next group fills (default 2): Meilisearch then
   * finds several writes waiting and indexes them as one batch.
   */
  writesInFlight?: number;
  /** Free space to keep: checked before every write; below it the run stops with 507 storage-full. */
  diskFloor?: { dirs: readonly string[]; bytes: number };
  /** Re-ingest even when the content hash is unchanged. */
  force?: boolean;
  /**
   * Remove indexed protocols whose files are no longer in `files` (only when
   * `files` is the whole corpus folder).
   */
  removeMissing?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Worker threads processing files in parallel (0: in this thread). Worker
   * threads also enforce the time limit on a PDF that hangs its parser.
   */
  workers?: number;
  /**
   * The process's shared ingest queue: when given, `workers` is ignored and the
   * pool is left open (its owner closes it).
   */
  pool?: IngestPool;
  /** Keeps a copy of the bytes of every protocol written, for `/source`. */
  sourceStore?: SourceStore;
  /** OCR of PDF pages without a text layer (from the OCR_* config); defaults to on. */
  ocr?: OcrSettings;
}

export type ProgressEvent =
  | { type: 'start'; total: number }
  | { type: 'file'; file: string; status: 'ingested' | 'unchanged' | 'failed'; pages: number; reason?: string }
  | { type: 'done'; summary: RunSummary };

export interface RunSummary {
  total: number;
  ingested: number;
  /** Of the ingested, those already indexed before, counted by what changed (`source`, `data:<file>`, `stage:<name>`, `lib:<package>`). */
  reingested: Record<string, number>;
  unchanged: number;
  removed: number;
  failed: IngestFailure[];
  pages: number;
  items: number;
  seconds: number;
  /** Body values of this run that do not read as a body's name (furniture, digits, names): to look at. */
  suspectBodies?: SuspectBody[];
}

/**
 * Why protocols were re-ingested, in words: "5 re-ingested: domain/taxonomy.json changed".
 * Empty when nothing already indexed was ingested again.
 */
export function describeReingest(summary: Pick<RunSummary, 'reingested'>, language: 'en' | 'sv' = 'en'): string {
  const entries = Object.entries(summary.reingested);
  if (entries.length === 0) return '';
  const forced = language === 'sv' ? 'omläsning begärd' : 'forced';
  const phrase = (key: string) => (key === 'forced' ? forced : describeComponent(key, language));
  return entries
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${n} ${language === 'sv' ? 'lästes om' : 're-ingested'}: ${phrase(key)}`)
    .join('; ');
}

/** Lists supported files under `dir`, recursively, in a stable order. */
export async function listCorpus(dir: string): Promise<SourceFile[]> {
  const root = path.resolve(dir);
  const out: SourceFile[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolute = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile() && SUPPORTED_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        out.push({ absolute, sourceFile: path.relative(root, absolute).split(path.sep).join('/') });
      }
    }
  };
  await walk(root);
  return out;
}

/**
 * Default size of a write: 64 MB of item documents as NDJSON, about 1,200 of the benchmark's
 * 5-page protocols, spooled to disk (ingest/spool.ts) so the process holds none of them, and below
 * Meilisearch's default payload limit of 100 MB. Meilisearch's cost is per batch, and grows with
 * the index each batch merges into: 1,000 protocols cost it 17–20 s of CPU in 40 writes, ~10.5 s
 * in 5, 9.3 s in 8 and 6.8 s in one (measured on this machine).
 */
export const DEFAULT_BATCH_CHARS = 64 * 1024 * 1024;
const DEFAULT_BATCH_SIZE = 5000;
/**
 * A minute: Meilisearch's cost is per batch (1,000 generated protocols: 12.5 s in 16 batches, 6.5 s in
 * 2), so groups stay as large as a minute of ingest fills, while nothing a run has read waits longer.
 */
export const DEFAULT_BATCH_WAIT_MS = 60_000;

const failure = (sourceFile: string, kind: IngestFailure['kind'], reason: string): IngestFailure => ({
  id: failureIdFor(sourceFile),
  sourceFile,
  kind,
  reason,
  at: new Date().toISOString(),
});

const emptySummary = (total: number): RunSummary => ({
  total,
  ingested: 0,
  reingested: {},
  unchanged: 0,
  removed: 0,
  failed: [],
  pages: 0,
  items: 0,
  seconds: 0,
  suspectBodies: [],
});

/* ───────────────────────────── step 1: what the index holds ───────────────────────────── */

interface RunContext {
  indexed: Map<string, IndexedProtocol>;
  /** Ids of protocols indexed before the run: only they can have outdated items. */
  replacing: Set<string>;
  /** Source files with a failure record before the run. */
  failedBefore: Set<string>;
  /** The failure records before the run (finishRun reads them again only if the run wrote any). */
  failuresBefore: readonly IngestFailure[];
  /** Names in the source store when the run began: an unchanged file's copy is looked up here, not with a stat each. */
  storedCopies: ReadonlySet<string>;
  /** The pipeline's manifest (stages, data files, libraries, OCR): half of the content hash. */
  manifest: ReturnType<typeof manifestWithOcr>;
  processFile: (bytes: Uint8Array, sourceFile: string) => Promise<IngestResult>;
  /** Files in flight at once: enough to keep every worker busy, few enough to keep memory flat. */
  window: number;
  /** The pool this run made (closed by the run), if it was given none. */
  ownPool: IngestPool | null;
  /** Each body filed under the name the corpus already uses for it. */
  bodies: BodyAliases;
}

async function prepareRun(indexer: Indexer, options: RunOptions): Promise<RunContext> {
  // Independent reads at once: the index (its hashes, then its failures: one retry sequence when it
  // is unreachable), the stored copies, the OCR tools' versions.
  const [[indexed, failuresBefore], stored, ocrFingerprint] = await Promise.all([
    (async () => [await indexer.indexedHashes(), await indexer.listFailures()] as const)(),
    options.sourceStore ? readdir(options.sourceStore.dir).catch(() => []) : [],
    currentOcrFingerprint(options.ocr),
  ]);
  const failedBefore = new Set(failuresBefore.map((f) => f.sourceFile));
  const storedCopies = new Set(stored);
  const manifest = manifestWithOcr(ocrFingerprint);
  const ownPool =
    !options.pool && (options.workers ?? 0) > 0
      ? new IngestPool({
          size: options.workers ?? 1,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.ocr === undefined ? {} : { ocr: options.ocr }),
        })
      : null;
  const pool = options.pool ?? ownPool;
  const processFile = (bytes: Uint8Array, sourceFile: string): Promise<IngestResult> =>
    pool
      ? pool.ingest(bytes, sourceFile)
      : ingestFile(bytes, sourceFile, {
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.ocr === undefined ? {} : { ocr: options.ocr }),
        });
  return {
    indexed,
    replacing: new Set([...indexed.values()].map((v) => v.id)),
    failedBefore,
    failuresBefore,
    storedCopies,
    manifest,
    processFile,
    window: pool ? pool.size * 2 : 1,
    ownPool,
    bodies: new BodyAliases([...indexed.values()].map((v) => v.body)),
  };
}

/* ───────────────────────────── step 2: what to do with a file ───────────────────────────── */

/** Files up to this size are read synchronously (~1 ms at most); larger ones through the thread pool. */
const SYNC_READ_MAX = 2 * 1024 * 1024;

type Plan =
  | { kind: 'set-aside'; failure: IngestFailure }
  | { kind: 'unchanged'; bytes: Uint8Array; hash: string }
  | { kind: 'ingest'; bytes: Uint8Array; why: string[] };

/** Too large or unsupported (set aside), unchanged since it was indexed, or to be ingested (and why). */
async function planFile(file: SourceFile, ctx: RunContext, options: RunOptions): Promise<Plan> {
  const size = statSync(file.absolute).size;
  if (size > options.maxFileBytes)
    return {
      kind: 'set-aside',
      failure: failure(
        file.sourceFile,
        'too-large',
        failureReason('too-large', { mb: size / 1e6, limitMb: options.maxFileBytes / 1e6 }),
      ),
    };
  if (detectKind(file.sourceFile) === null)
    return {
      kind: 'set-aside',
      failure: failure(file.sourceFile, 'unsupported-type', failureReason('unsupported-type')),
    };
  // A small file is read at once: node's promise API costs ~0.1 ms of CPU a file in thread-pool hops
  // (1,000 unchanged protocols: 150 ms against 40 ms), more than the read blocks the loop.
  const bytes = new Uint8Array(size <= SYNC_READ_MAX ? readFileSync(file.absolute) : await readFile(file.absolute));
  const before = ctx.indexed.get(file.sourceFile);
  const source = sourceDigest(bytes);
  const hash = contentHashOf(source, ctx.manifest);
  if (!options.force && before?.contentHash === hash) return { kind: 'unchanged', bytes, hash };
  const why = before
    ? options.force
      ? ['forced']
      : changedComponents({ source: before.sourceHash, manifest: before.pipeline }, { source, manifest: ctx.manifest })
    : [];
  return { kind: 'ingest', bytes, why };
}

/* ───────────────────────────── step 3: groups written as transactions ───────────────────────────── */

/**
 * Collects ingested protocols into groups (by count and by bytes), their item documents spooled to
 * disk as they come (ingest/spool.ts), and commits each group as one transaction
 * (`Indexer.writeGroup`: the items in one request streamed from the spool), up to `writesInFlight`
 * at once. A group Meilisearch
 * refuses is written again one protocol at a time, so one bad protocol cannot sink the others;
 * those it refuses alone are set aside as `index-error` (failures are values: the run goes on).
 * Unreachable Meilisearch, a write past its deadline or a full disk stop the run: the first such
 * error is rethrown by `add`, `flush` or `finish`.
 */
export class BatchWriter {
  /** The open group: its item documents on disk, made when the first protocol comes. */
  private group: SpooledGroup | null = null;
  private failures: IngestFailure[] = [];
  private readonly writing = new Set<Promise<void>>();
  private error: unknown = null;

  constructor(
    private readonly indexer: Indexer,
    private readonly known: { replacing: ReadonlySet<string>; failed: ReadonlySet<string> },
    private readonly summary: RunSummary,
    private readonly limits: {
      batchSize: number;
      batchChars: number;
      batchWaitMs: number;
      inFlight: number;
      diskFloor?: RunOptions['diskFloor'];
    },
  ) {}

  /**
   * Adds an ingested protocol to the open group, tagged with the store's taxonomy version
   * (`taxonomy.apply`, which `writeProtocols` does within its transaction) before it is spooled.
   */
  async add(write: ProtocolWrite): Promise<void> {
    const [tagged] = await withRetry('read the taxonomy', () => this.indexer.taxonomy.apply([write]));
    this.group ??= new SpooledGroup();
    this.group.add(tagged ?? write);
  }

  /** A failure record, written with the next group. */
  setAside(f: IngestFailure): void {
    this.failures.push(f);
  }

  /** Commits the open group when it is full, or its first protocol has waited long enough. */
  async flushIfFull(): Promise<void> {
    const group = this.group;
    if (
      group &&
      (group.length >= this.limits.batchSize ||
        group.bytes >= this.limits.batchChars ||
        performance.now() - group.openedAt >= this.limits.batchWaitMs)
    )
      await this.flush();
  }

  /** Commits the open group (waiting while `inFlight` groups are being written). */
  async flush(): Promise<void> {
    this.rethrow();
    const group = this.group;
    const failures = this.failures;
    this.group = null;
    this.failures = [];
    if (group === null && failures.length === 0) return;
    group?.seal();
    while (this.writing.size >= Math.max(1, this.limits.inFlight)) await Promise.race(this.writing);
    this.rethrow();
    const write: Promise<void> = this.commit(group, failures)
      .catch((error: unknown) => {
        this.error ??= error;
      })
      .finally(() => this.writing.delete(write));
    this.writing.add(write);
  }

  /** Commits what is left and waits for every write. */
  async finish(): Promise<void> {
    await this.flush();
    while (this.writing.size > 0) await Promise.race(this.writing);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.error !== null) throw this.error;
  }

  private async commit(group: SpooledGroup | null, failures: IngestFailure[]): Promise<void> {
    try {
      const floor = this.limits.diskFloor;
      if (floor && group) await ensureFreeSpace(floor.dirs, group.bytes, floor.bytes);
      if (group) failures.push(...(await this.writeOrIsolate(group)));
      await this.indexer.recordFailures(failures);
    } finally {
      group?.dispose();
    }
  }

  private async writeOrIsolate(group: SpooledGroup): Promise<IngestFailure[]> {
    // Tagged when spooled, up to `batchWaitMs` ago: under a taxonomy saved since, each protocol is
    // written alone, and `writeProtocols` tags it with the one in use, as any write.
    const { version } = await withRetry('read the taxonomy', () => this.indexer.taxonomy.active());
    if (group.protocols.every((p) => p.taxonomyDigest === version.digest))
      try {
        await this.indexer.writeGroup(group, this.known);
        return [];
      } catch (error) {
        if (!(error instanceof IndexWriteError)) throw error;
      }
    // Read back from the spool one protocol at a time.
    const refused: IngestFailure[] = [];
    for await (const one of group.writes()) {
      try {
        await this.indexer.writeProtocols([one], this.known);
      } catch (error) {
        if (!(error instanceof IndexWriteError)) throw error;
        const f = failure(
          one.protocol.sourceFile,
          'index-error',
          `Sökindexet tog inte emot protokollet (${error.meiliMessage}). Läs in filen igen; kvarstår felet, kontrollera Meilisearch-loggen.`,
        );
        refused.push(f);
        this.summary.failed.push(f);
        this.summary.ingested--;
        this.summary.items -= one.items.length;
        this.summary.pages -= one.protocol.pageCount;
      }
    }
    return refused;
  }
}

/* ───────────────────────────── step 4: after the last write ───────────────────────────── */

async function finishRun(
  indexer: Indexer,
  files: readonly SourceFile[],
  ctx: RunContext,
  options: RunOptions,
  restored: readonly string[],
  summary: RunSummary,
): Promise<void> {
  await indexer.clearFailures(restored);
  if (!options.removeMissing) return;
  const present = new Set(files.map((f) => f.sourceFile));
  const gone = [...ctx.indexed].filter(([sourceFile]) => !present.has(sourceFile));
  await indexer.removeProtocols(gone.map(([, v]) => v.id));
  summary.removed = gone.length;
  // Nothing written, removed or set aside: the index holds what prepareRun read, so it is not read again.
  const wrote = summary.ingested > 0 || gone.length > 0 || summary.failed.length > 0 || restored.length > 0;
  const staleFailures = (wrote ? await indexer.listFailures() : ctx.failuresBefore)
    .filter((f) => !present.has(f.sourceFile))
    .map((f) => f.sourceFile);
  await indexer.clearFailures(staleFailures);
  if (options.sourceStore) {
    const now = wrote ? await indexer.indexedHashes() : ctx.indexed;
    await options.sourceStore.prune(new Set([...now.values()].map((v) => v.contentHash)));
  }
}

/* ───────────────────────────── the run ───────────────────────────── */

type Outcome = { status: 'ingested' | 'unchanged' | 'failed'; pages: number; reason?: string };

export async function ingestFiles(
  indexer: Indexer,
  files: readonly SourceFile[],
  options: RunOptions,
): Promise<RunSummary> {
  const started = performance.now();
  const summary = emptySummary(files.length);
  options.onProgress?.({ type: 'start', total: files.length });
  const ctx = await prepareRun(indexer, options);
  const writer = new BatchWriter(indexer, { replacing: ctx.replacing, failed: ctx.failedBefore }, summary, {
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    batchChars: options.batchChars ?? DEFAULT_BATCH_CHARS,
    batchWaitMs: options.batchWaitMs ?? DEFAULT_BATCH_WAIT_MS,
    inFlight: options.writesInFlight ?? 2,
    ...(options.diskFloor ? { diskFloor: options.diskFloor } : {}),
  });
  const restored: string[] = [];

  const setAside = (f: IngestFailure): Outcome => {
    writer.setAside(f);
    summary.failed.push(f);
    return { status: 'failed', pages: 0, reason: f.reason };
  };

  /** Starts one file: its plan now, its parse (in the pool) as a promise. */
  const start = async (file: SourceFile): Promise<Outcome> => {
    const plan = await planFile(file, ctx, options);
    if (plan.kind === 'set-aside') return setAside(plan.failure);
    if (plan.kind === 'unchanged') {
      summary.unchanged++;
      // Restored to the indexed version (after a broken copy was set aside): the failure is stale.
      if (ctx.failedBefore.has(file.sourceFile)) restored.push(file.sourceFile);
      const store = options.sourceStore;
      if (store && !ctx.storedCopies.has(path.basename(store.pathFor(plan.hash, file.sourceFile))))
        await store.save(plan.hash, file.sourceFile, plan.bytes);
      return { status: 'unchanged', pages: 0 };
    }
    const provenance = await readProvenance(file.absolute);
    const result = await ctx.processFile(plan.bytes, file.sourceFile);
    if (!result.ok) return setAside(result.failure);
    const ingested = fileBody(result, ctx.bodies);
    const suspect = suspectBody(ingested.protocol);
    if (suspect) summary.suspectBodies?.push(suspect);
    // The copy first: an indexed protocol always has its bytes to serve.
    await options.sourceStore?.save(ingested.protocol.contentHash, file.sourceFile, plan.bytes);
    await writer.add({
      protocol: withProvenance(ingested.protocol, provenance),
      items: ingested.items.map((i) => withProvenance(i, provenance)),
    });
    summary.ingested++;
    for (const key of plan.why) summary.reingested[key] = (summary.reingested[key] ?? 0) + 1;
    summary.pages += ingested.protocol.pageCount;
    summary.items += ingested.items.length;
    return { status: 'ingested', pages: ingested.protocol.pageCount };
  };

  /** Waits for one file's outcome, reports it, and commits the open group when it is full. */
  const settle = async (file: SourceFile, outcome: Promise<Outcome>) => {
    let result: Outcome;
    try {
      result = await outcome;
    } catch (error) {
      if (error instanceof IndexUnavailableError) throw error;
      // A bug or an unreadable file: set this one aside, keep going with the rest.
      result = setAside(failure(file.sourceFile, 'corrupt', `Filen kunde inte läsas: ${(error as Error).message}`));
    }
    options.onProgress?.({ type: 'file', file: file.sourceFile, ...result });
    await writer.flushIfFull();
  };

  const inFlight: { file: SourceFile; outcome: Promise<Outcome> }[] = [];
  try {
    for (const file of files) {
      const outcome = start(file);
      outcome.catch(() => undefined);
      inFlight.push({ file, outcome });
      if (inFlight.length >= ctx.window) {
        const next = inFlight.shift()!;
        await settle(next.file, next.outcome);
      }
    }
    for (const next of inFlight.splice(0)) await settle(next.file, next.outcome);
    await writer.finish();
  } finally {
    await ctx.ownPool?.close();
  }
  await finishRun(indexer, files, ctx, options, restored, summary);
  summary.seconds = (performance.now() - started) / 1000;
  options.onProgress?.({ type: 'done', summary });
  return summary;
}
