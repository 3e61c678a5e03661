/**
 * The ingest layer's public entry for the API: upload, reindex, remove, the
 * failures list, the bytes behind a protocol, and the integrity of the index
 * (clean start, consistency check). Routes stay thin; everything that decides
 * lives here, as named steps.
 *
 * One `IngestPool` per service is the process's one ingest queue: uploads and
 * reindex runs share it (INGEST_WORKERS processes, each memory-capped).
 *
 * An upload is a transaction, in these steps:
 *  1. `checkInput`: not empty, a supported type (400, 415);
 *  2. admission (`UploadAdmission`): one ingest of the same bytes at a time —
 *     the others answer 409 with a link to the one that won — and at most
 *     UPLOAD_QUEUE uploads at once (past it 503 with Retry-After);
 *  3. `refuseIndexed`: the same bytes already indexed answer 409 with a link;
 *  4. `ensureFreeSpace`: below MIN_FREE_DISK_MB after the write, 507
 *     storage-full at once;
 *  5. `stage`: the bytes go to a temp file in uploads/ (O_EXCL, no symlinks,
 *     fsynced) within WRITE_TIMEOUT_MS (else 507);
 *  6. `parse` in the pool; a file that does not parse is set aside (422);
 *  7. `publish`: linked to its final name, never an existing one (a colliding
 *     cleaned name gets a short hash of the bytes);
 *  8. `commit`: the stored copy, then one index write (`Indexer.writeProtocols`:
 *     every task awaited and checked, rolled back on failure). A failed commit
 *     takes back the published file and sets the bytes aside with the reason:
 *     503 when Meilisearch is down or too slow, 507 when its disk is full, 422
 *     when it refuses the protocol. Never a 500, never an item without its
 *     protocol.
 * A failure at any step leaves every existing file and the index as they were.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../domain/config.js';
import { AppError } from '../domain/errors.js';
import { fileTypeOf, unsupportedUploadReason } from '../domain/file-types.js';
import type { IngestFailure, ProtocolDocument } from '../domain/schemas.js';
import { checkConsistency, describeConsistency, type ConsistencyReport } from './consistency.js';
import {
  type Indexer,
  type IndexedProtocol,
  IndexUnavailableError,
  IndexWriteError,
  IndexWriteTimeoutError,
} from './indexer.js';
import { sourceDigest } from './fingerprint.js';
import { ocrSettingsFrom } from './ocr/index.js';
import { failureIdFor, protocolIdFor, type IngestResult } from './pipeline.js';
import { IngestPool } from './pool.js';
import { ingestFiles, listCorpus, type RunSummary } from './run.js';
import {
  ensureFreeSpace,
  nameTaken,
  publishNoReplace,
  removeLeftoverTemps,
  SourceStore,
  type StorageHooks,
  withDeadline,
  writeTempFile,
} from './storage.js';

export interface IngestServiceDeps {
  config: Config;
  indexer: Indexer;
  /** The process's ingest queue; one is made from the config when not given (and closed by `close`). */
  pool?: IngestPool;
  /** Storage failure injection for drills. */
  storage?: StorageHooks;
  log?: (line: string) => void;
}

export interface UploadResult {
  sourceFile: string;
  protocolId: string;
  /** The protocol in the API. */
  url: string;
  status: 'ingested';
  items: number;
  pages: number;
}

export interface ReindexState {
  running: boolean;
  startedAt: string | null;
  summary: (Omit<RunSummary, 'failed'> & { failed: number }) | null;
  error: string | null;
}

/** What /health says of the index's integrity: the last consistency check and the clean start. */
export interface IntegrityState {
  /** The last consistency check (at start, after each reindex), or null before the first. */
  check: ConsistencyReport | null;
  /** Temp uploads a killed process had left, removed at start. */
  leftoverTempsRemoved: number;
  /** Why the last check could not run, if it could not. */
  error: string | null;
}

export interface IngestService {
  /** Stores and indexes one file; throws AppError 409 (same bytes), 415, 422, 503 or 507. */
  upload(input: { bytes: Uint8Array; name: string }): Promise<UploadResult>;
  /** Starts a forced re-ingest of the corpus folder in the background unless one runs; returns its state. */
  reindex(): ReindexState;
  reindexState(): ReindexState;
  /** Incremental ingest of the whole corpus folder (start-up), on the shared queue. */
  ingestCorpus(options?: {
    force?: boolean;
    onProgress?: Parameters<typeof ingestFiles>[2]['onProgress'];
  }): Promise<RunSummary>;
  /** Clean start: removes temp uploads a killed process left, then checks (and repairs) the index. */
  start(): Promise<IntegrityState>;
  /** The consistency check on its own (also run by `start` and after each reindex). */
  checkIntegrity(): Promise<ConsistencyReport>;
  integrity(): IntegrityState;
  /** Removes a protocol: its items, the protocol, its stored copy and its file in the corpus. */
  remove(protocolId: string): Promise<{ protocolId: string; sourceFile: string }>;
  failures(): Promise<IngestFailure[]>;
  /** The file holding exactly the bytes the protocol was indexed from, and its media type. */
  source(protocolId: string): Promise<{ file: string; mediaType: string }>;
  readonly pool: IngestPool;
  close(): Promise<void>;
}

/** A safe file name inside uploads/: letters, digits, . _ - only. */
export function uploadName(original: string): string {
  const base = path.basename(original).normalize('NFC');
  const ext = fileTypeOf(base)?.extension ?? '';
  const stem = base
    .slice(0, base.length - ext.length)
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return `${stem || 'protokoll'}${ext}`;
}

const sha8 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 8);
const protocolUrl = (id: string) => `/api/protocols/${id}`;

const inside = (root: string, file: string) => {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

async function moveAcross(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await unlink(from);
  }
}

/* ───────────────────────────── admission ───────────────────────────── */

/** An admitted upload: tells the uploads it turned away where it went, and leaves. */
export interface UploadTicket {
  /** The protocol's URL, once the upload has chosen its name. */
  named(url: string): void;
  release(): void;
}

/**
 * Admission per content: one upload of the same bytes at a time (the others are
 * told which upload won), at most `capacity` uploads at once. Decided
 * synchronously, so two requests arriving together never both get in.
 */
export class UploadAdmission {
  private readonly inFlight = new Map<string, { url: Promise<string | null>; resolve: (url: string | null) => void }>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.inFlight.size;
  }

  /**
   * Admits an upload of bytes with this digest, or says why not: `same` with the winner's URL
   * (null when it failed before naming itself), or throws 503 when the queue is full.
   */
  admit(digest: string): { ticket: UploadTicket } | { same: Promise<string | null> } {
    const running = this.inFlight.get(digest);
    if (running) return { same: running.url };
    if (this.inFlight.size >= Math.max(1, this.capacity))
      throw new AppError(
        'overloaded',
        `Många uppladdningar pågår redan (${this.inFlight.size}, UPLOAD_QUEUE). Försök igen om en stund.`,
      );
    let resolve!: (url: string | null) => void;
    const url = new Promise<string | null>((r) => {
      resolve = r;
    });
    const entry = { url, resolve };
    this.inFlight.set(digest, entry);
    return {
      ticket: {
        named: (u) => entry.resolve(u),
        release: () => {
          entry.resolve(null);
          if (this.inFlight.get(digest) === entry) this.inFlight.delete(digest);
        },
      },
    };
  }
}

/* ───────────────────────────── names ───────────────────────────── */

/** Names chosen by uploads in progress, so two concurrent uploads never pick the same one. */
export class NameReservations {
  private readonly reserved = new Set<string>();

  constructor(private readonly uploadsDir: string) {}

  /** A free name for `name` in uploads/: itself, else with a short hash of the bytes (and a counter). */
  async choose(name: string, bytes: Uint8Array, indexed: ReadonlyMap<string, unknown>): Promise<string> {
    const ext = fileTypeOf(name)?.extension ?? '';
    const stem = name.slice(0, name.length - ext.length);
    // Reserved before the first await, so two concurrent uploads never both take a name.
    const free = async (candidate: string) => {
      if (this.reserved.has(candidate) || indexed.has(`uploads/${candidate}`)) return false;
      this.reserved.add(candidate);
      if (!(await nameTaken(path.join(this.uploadsDir, candidate)))) return true;
      this.reserved.delete(candidate);
      return false;
    };
    if (await free(name)) return name;
    const hashed = `${stem}-${sha8(bytes)}`;
    for (let n = 1; n < 1000; n++) {
      const candidate = `${hashed}${n === 1 ? '' : `-${n}`}${ext}`;
      if (await free(candidate)) return candidate;
    }
    throw new AppError('conflict', `Det finns redan för många filer med namnet "${name}".`);
  }

  release(name: string): void {
    this.reserved.delete(name);
  }
}

/* ───────────────────────────── the service ───────────────────────────── */

/** What every step of the service reads: config, the index, the queue, the folders. */
interface ServiceContext {
  config: Config;
  indexer: Indexer;
  pool: IngestPool;
  store: SourceStore;
  storage: StorageHooks;
  corpusRoot: string;
  uploadsDir: string;
  rejectedDir: string;
  ocr: ReturnType<typeof ocrSettingsFrom>;
  maxFileBytes: number;
  floorBytes: number;
  log: (line: string) => void;
}

function checkInput(bytes: Uint8Array, name: string): void {
  if (bytes.length === 0)
    throw new AppError('invalid-parameter', 'Ingen fil skickades (fältet "file" saknas eller är tomt).', {
      param: 'file',
    });
  if (!fileTypeOf(name)) throw new AppError('unsupported-media-type', unsupportedUploadReason);
}

/**
 * The same bytes, whatever the name, already indexed: 409 with a link. Compared by the source
 * digest, which (unlike the content hash) does not change with the pipeline or the OCR settings.
 */
function refuseIndexed(digest: string, indexed: ReadonlyMap<string, IndexedProtocol>): void {
  for (const [sourceFile, v] of indexed) {
    if (v.sourceHash !== digest) continue;
    throw new AppError(
      'conflict',
      `Samma fil finns redan inläst som "${sourceFile}" (innehållet är identiskt, oavsett filnamn).`,
      { extensions: { protocolId: v.id, protocolUrl: protocolUrl(v.id), sourceFile } },
    );
  }
}

/** Writes the bytes to a temp file in uploads/, within the write deadline (a full disk: 507). */
async function stage(ctx: ServiceContext, bytes: Uint8Array): Promise<string> {
  const deadlineSeconds = Math.round(ctx.config.WRITE_TIMEOUT_MS / 1000);
  try {
    return await withDeadline(
      writeTempFile(ctx.uploadsDir, bytes, ctx.storage),
      ctx.config.WRITE_TIMEOUT_MS,
      () => Object.assign(new Error(`the write took more than ${deadlineSeconds} s`), { code: 'ETIMEDOUT' }),
      (late) => unlink(late),
    );
  } catch (error) {
    throw new AppError(
      'storage-error',
      `Filen kunde inte sparas (${(error as NodeJS.ErrnoException).code ?? 'skrivfel'}; är disken full?). Inget befintligt protokoll ändrades.`,
      { cause: error },
    );
  }
}

/**
 * Keeps the bytes of an upload that did not make it, with why, in DATA_DIR/rejected
 * (`<time>-<name>` and `<time>-<name>.reason.txt`): nothing a person sent is lost.
 */
async function setAside(ctx: ServiceContext, file: string, name: string, reason: string): Promise<void> {
  await mkdir(ctx.rejectedDir, { recursive: true });
  const target = path.join(ctx.rejectedDir, `${Date.now()}-${name}`);
  await moveAcross(file, target).catch(() => undefined);
  await writeFile(`${target}.reason.txt`, `${reason}\n`).catch(() => undefined);
}

/** An index write that failed, as the answer to the person who uploaded. */
function commitError(error: unknown, original: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof IndexWriteTimeoutError)
    return new AppError(
      'search-unavailable',
      'Sökindexet hann inte spara protokollet och inget sparades. Försök igen om en stund.',
      { cause: error },
    );
  if (error instanceof IndexUnavailableError)
    return new AppError(
      'search-unavailable',
      'Sökmotorn svarar inte just nu, så protokollet sparades inte. Försök igen om en stund.',
      { cause: error },
    );
  if (error instanceof IndexWriteError && error.code === 'no_space_left_on_device')
    return new AppError(
      'storage-full',
      'Sökindexets disk är full, så protokollet sparades inte. Frigör utrymme och försök igen.',
      { cause: error },
    );
  if (error instanceof IndexWriteError)
    return new AppError(
      'unprocessable-file',
      `Sökindexet tog inte emot "${original}" (${error.meiliMessage}). Inget sparades.`,
      { param: 'file', cause: error },
    );
  return new AppError('storage-error', 'Protokollet kunde inte sparas. Inget befintligt protokoll ändrades.', {
    cause: error,
  });
}

/** Step 8: the stored copy and the index write, as one unit; any failure leaves neither. */
async function commit(ctx: ServiceContext, parsed: Extract<IngestResult, { ok: true }>, bytes: Uint8Array) {
  const { protocol, items } = parsed;
  await ensureFreeSpace([ctx.store.dir], bytes.length, ctx.floorBytes);
  await withDeadline(
    ctx.store.save(protocol.contentHash, protocol.sourceFile, bytes),
    ctx.config.WRITE_TIMEOUT_MS,
    () => Object.assign(new Error('storing the copy took too long'), { code: 'ETIMEDOUT' }),
  );
  try {
    await ctx.indexer.writeProtocols([{ protocol, items }]);
  } catch (error) {
    await ctx.store.remove(protocol.contentHash, protocol.sourceFile).catch(() => undefined);
    throw error;
  }
}

async function uploadOne(
  ctx: ServiceContext,
  admission: UploadAdmission,
  names: NameReservations,
  { bytes, name: original }: { bytes: Uint8Array; name: string },
): Promise<UploadResult> {
  checkInput(bytes, original);
  const digest = sourceDigest(bytes);
  const admitted = admission.admit(digest);
  if ('same' in admitted) {
    const url = await admitted.same;
    // The upload that got in stopped before naming itself (the same bytes were indexed already?).
    if (!url) refuseIndexed(digest, await ctx.indexer.indexedHashes());
    throw new AppError('conflict', 'Samma fil läses redan in just nu (innehållet är identiskt, oavsett filnamn).', {
      extensions: url ? { protocolUrl: url, protocolId: url.slice(url.lastIndexOf('/') + 1) } : {},
    });
  }
  const { ticket } = admitted;
  let name: string | null = null;
  let temp: string | null = null;
  try {
    const indexed = await ctx.indexer.indexedHashes();
    refuseIndexed(digest, indexed);
    // Twice the bytes: the corpus file and the stored copy.
    await ensureFreeSpace([ctx.uploadsDir, ctx.store.dir], 2 * bytes.length, ctx.floorBytes);
    name = await names.choose(uploadName(original), bytes, indexed);
    const sourceFile = `uploads/${name}`;
    ticket.named(protocolUrl(protocolIdFor(sourceFile)));
    temp = await stage(ctx, bytes);
    const parsed = await ctx.pool.ingest(bytes, sourceFile);
    if (!parsed.ok) {
      await setAside(ctx, temp, name, parsed.failure.reason);
      temp = null;
      await ctx.indexer.recordFailures([parsed.failure]).catch(() => undefined);
      throw new AppError('unprocessable-file', `Filen "${original}" kunde inte läsas in: ${parsed.failure.reason}`, {
        param: 'file',
        extensions: { failureKind: parsed.failure.kind },
      });
    }
    const final = path.join(ctx.uploadsDir, name);
    if (!(await publishNoReplace(temp, final)))
      throw new AppError('conflict', `En annan fil fick namnet "${name}" under tiden. Ladda upp igen.`);
    temp = null;
    try {
      await commit(ctx, parsed, bytes);
    } catch (error) {
      // Not indexed: take back the file this upload added (and only that one), keep its bytes aside.
      const answer = commitError(error, original);
      await setAside(ctx, final, name, answer.detail);
      await ctx.indexer.recordFailures([failureOf(parsed.protocol, answer.detail)]).catch(() => undefined);
      throw answer;
    }
    ctx.log(`upload: ${sourceFile} (${parsed.items.length} items)`);
    return {
      sourceFile,
      protocolId: parsed.protocol.id,
      url: protocolUrl(parsed.protocol.id),
      status: 'ingested',
      items: parsed.items.length,
      pages: parsed.protocol.pageCount,
    };
  } finally {
    ticket.release();
    if (name) names.release(name);
    if (temp) await unlink(temp).catch(() => undefined);
  }
}

const failureOf = (protocol: ProtocolDocument, reason: string): IngestFailure => ({
  id: failureIdFor(protocol.sourceFile),
  sourceFile: protocol.sourceFile,
  kind: 'index-error',
  reason,
  at: new Date().toISOString(),
});

/* ───────────────────────────── corpus runs and integrity ───────────────────────────── */

/**
 * Whole-corpus runs (start-up, reindex), one at a time, and the integrity of the index:
 * the clean start and the consistency check, at start and after each reindex.
 */
class CorpusRuns {
  private running: Promise<RunSummary> | null = null;
  state: ReindexState = { running: false, startedAt: null, summary: null, error: null };
  integrity: IntegrityState = { check: null, leftoverTempsRemoved: 0, error: null };

  constructor(private readonly ctx: ServiceContext) {}

  /** One whole-corpus run at a time; a second caller shares the first's result. */
  run(force: boolean, onProgress?: Parameters<typeof ingestFiles>[2]['onProgress']): Promise<RunSummary> {
    const { ctx } = this;
    this.running ??= listCorpus(ctx.corpusRoot)
      .then((files) =>
        ingestFiles(ctx.indexer, files, {
          maxFileBytes: ctx.maxFileBytes,
          timeoutMs: ctx.config.INGEST_FILE_TIMEOUT_MS,
          ocr: ctx.ocr,
          force,
          removeMissing: true,
          pool: ctx.pool,
          sourceStore: ctx.store,
          diskFloor: { dirs: [ctx.store.dir], bytes: ctx.floorBytes },
          ...(onProgress ? { onProgress } : {}),
        }),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** A forced re-ingest in the background, then the consistency check (and a pass for what it removed). */
  reindex(): ReindexState {
    if (this.state.running) return this.state;
    this.state = { running: true, startedAt: new Date().toISOString(), summary: null, error: null };
    void (async () => {
      try {
        const summary = await this.run(true);
        this.state = { ...this.state, summary: { ...summary, failed: summary.failed.length } };
        const report = await this.check();
        if (report.incompleteProtocols.length > 0) await this.run(false);
        this.state = { ...this.state, running: false };
      } catch (error) {
        this.state = { ...this.state, running: false, error: error instanceof Error ? error.message : String(error) };
      }
    })();
    return this.state;
  }

  /** The consistency check, logged and kept for /health. */
  async check(): Promise<ConsistencyReport> {
    try {
      const report = await checkConsistency(this.ctx.indexer, {
        corpusRoot: this.ctx.corpusRoot,
        sources: this.ctx.store,
      });
      for (const line of describeConsistency(report)) this.ctx.log(line);
      this.integrity = { ...this.integrity, check: report, error: null };
      return report;
    } catch (error) {
      this.integrity = { ...this.integrity, error: error instanceof Error ? error.message : String(error) };
      throw error;
    }
  }

  /** Clean start: temp files a killed process left (uploads/ and the stored copies), then the check. */
  async start(): Promise<IntegrityState> {
    let removed = 0;
    for (const dir of [this.ctx.uploadsDir, this.ctx.store.dir]) {
      for (const leftover of await removeLeftoverTemps(dir)) {
        removed++;
        this.ctx.log(
          `Removed a temp file left by an interrupted upload: ${path.join(dir, leftover.name)} (${(leftover.bytes / 1e6).toFixed(1)} MB)`,
        );
      }
    }
    this.integrity = { ...this.integrity, leftoverTempsRemoved: removed };
    await this.check().catch((error: unknown) =>
      this.ctx.log(
        `Consistency check could not run: ${error instanceof Error ? error.message : String(error)}. It runs again after the next reindex.`,
      ),
    );
    return this.integrity;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}

async function removeProtocol(ctx: ServiceContext, protocolId: string) {
  const protocol = await ctx.indexer.findProtocol(protocolId);
  if (!protocol) throw new AppError('not-found', `Det finns inget protokoll med id "${protocolId}".`);
  const file = path.resolve(ctx.corpusRoot, protocol.sourceFile);
  // The file first: were the index write to fail, the next start removes the protocol
  // (its file is gone) instead of bringing a deleted protocol back.
  if (inside(ctx.corpusRoot, file)) await rm(file, { force: true });
  try {
    await ctx.indexer.removeProtocols([protocol.id]);
    await ctx.indexer.clearFailures([protocol.sourceFile]);
  } catch (error) {
    throw commitError(error, protocol.sourceFile);
  }
  await ctx.store.remove(protocol.contentHash, protocol.sourceFile);
  ctx.log(`removed: ${protocol.sourceFile}`);
  return { protocolId: protocol.id, sourceFile: protocol.sourceFile };
}

async function sourceOf(ctx: ServiceContext, protocolId: string): Promise<{ file: string; mediaType: string }> {
  const protocol = await ctx.indexer.findProtocol(protocolId);
  if (!protocol) throw new AppError('not-found', `Det finns inget protokoll med id "${protocolId}".`);
  const type = fileTypeOf(protocol.sourceFile);
  const mediaType = !type || type.kind === 'text' ? 'text/plain; charset=utf-8' : type.mediaType;
  const stored = ctx.store.pathFor(protocol.contentHash, protocol.sourceFile);
  if (await ctx.store.has(protocol.contentHash, protocol.sourceFile)) return { file: stored, mediaType };
  // No copy (indexed before copies were kept): the corpus file, if it still holds those bytes.
  const file = path.resolve(ctx.corpusRoot, protocol.sourceFile);
  if (!inside(ctx.corpusRoot, file)) throw new AppError('not-found', 'Källfilen ligger utanför korpusmappen.');
  const bytes = await readFile(file).catch(() => null);
  if (!bytes)
    throw new AppError(
      'not-found',
      `Källfilen "${protocol.sourceFile}" finns inte längre. Läs in korpusen igen (POST /api/reindex).`,
    );
  if (sourceDigest(new Uint8Array(bytes)) !== protocol.sourceHash) {
    throw new AppError(
      'not-found',
      `Källfilen "${protocol.sourceFile}" har ändrats sedan den lästes in. Läs in korpusen igen (POST /api/reindex).`,
    );
  }
  return { file, mediaType };
}

/** The context every step reads, from the config (and a pool made from it unless given). */
function serviceContext(deps: IngestServiceDeps): { ctx: ServiceContext; ownPool: IngestPool | null } {
  const { config } = deps;
  const ownPool = deps.pool
    ? null
    : new IngestPool({
        size: config.INGEST_WORKERS,
        timeoutMs: config.INGEST_FILE_TIMEOUT_MS,
        memoryMb: config.INGEST_MEMORY_MB,
        ocr: ocrSettingsFrom(config),
      });
  const corpusRoot = path.resolve(config.CORPUS_DIR);
  const ctx: ServiceContext = {
    config,
    indexer: deps.indexer,
    pool: deps.pool ?? ownPool!,
    store: new SourceStore(path.join(config.DATA_DIR, 'sources'), deps.storage ?? {}),
    storage: deps.storage ?? {},
    corpusRoot,
    uploadsDir: path.join(corpusRoot, 'uploads'),
    rejectedDir: path.join(config.DATA_DIR, 'rejected'),
    ocr: ocrSettingsFrom(config),
    maxFileBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    floorBytes: config.MIN_FREE_DISK_MB * 1024 * 1024,
    log: deps.log ?? (() => {}),
  };
  return { ctx, ownPool };
}

export function createIngestService(deps: IngestServiceDeps): IngestService {
  const { ctx, ownPool } = serviceContext(deps);
  const admission = new UploadAdmission(ctx.config.UPLOAD_QUEUE);
  const names = new NameReservations(ctx.uploadsDir);
  const corpus = new CorpusRuns(ctx);
  return {
    pool: ctx.pool,
    upload: (input) => uploadOne(ctx, admission, names, input),
    reindex: () => corpus.reindex(),
    reindexState: () => corpus.state,
    ingestCorpus: (options = {}) => corpus.run(options.force ?? false, options.onProgress),
    start: () => corpus.start(),
    checkIntegrity: () => corpus.check(),
    integrity: () => corpus.integrity,
    remove: (protocolId) => removeProtocol(ctx, protocolId),
    failures: async () => (await ctx.indexer.listFailures()).sort((a, b) => b.at.localeCompare(a.at)),
    source: (protocolId) => sourceOf(ctx, protocolId),
    async close() {
      await corpus.close();
      await ownPool?.close();
    },
  };
}
