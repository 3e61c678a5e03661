/**
 * The ingest layer's public entry for the API: upload, reindex, remove, the
 * failures list and the bytes behind a protocol. Routes stay thin; storage,
 * the rejected-file move, duplicate detection and reindex state live here.
 *
 * One `IngestPool` per service is the process's one ingest queue: uploads and
 * reindex runs share it (INGEST_WORKERS processes, each memory-capped).
 *
 * An upload is never written over anything: the bytes go to a temp file in
 * uploads/ (O_EXCL, no symlinks, fsynced), are parsed, and only a file that
 * parsed is linked to its final name, which is never an existing one (a
 * colliding cleaned name gets a short hash of the bytes). A failure leaves every
 * existing file and the index as they were.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../domain/config.js';
import { AppError } from '../domain/errors.js';
import { fileTypeOf, unsupportedUploadReason } from '../domain/file-types.js';
import type { IngestFailure } from '../domain/schemas.js';
import type { Indexer } from './indexer.js';
import { sourceDigest } from './fingerprint.js';
import { ocrSettingsFrom } from './ocr/index.js';
import { IngestPool } from './pool.js';
import { ingestFiles, listCorpus, type RunSummary } from './run.js';
import { nameTaken, publishNoReplace, SourceStore, writeTempFile, type StorageHooks } from './storage.js';

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

export interface IngestService {
  /** Stores and indexes one file; throws AppError 409 (same bytes indexed), 415, 422 or 507. */
  upload(input: { bytes: Uint8Array; name: string }): Promise<UploadResult>;
  /** Starts a forced re-ingest of the corpus folder in the background unless one runs; returns its state. */
  reindex(): ReindexState;
  reindexState(): ReindexState;
  /** Incremental ingest of the whole corpus folder (start-up), on the shared queue. */
  ingestCorpus(options?: {
    force?: boolean;
    onProgress?: Parameters<typeof ingestFiles>[2]['onProgress'];
  }): Promise<RunSummary>;
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

export function createIngestService(deps: IngestServiceDeps): IngestService {
  const { config, indexer } = deps;
  const log = deps.log ?? (() => {});
  const ocr = ocrSettingsFrom(config);
  const ownPool = deps.pool
    ? null
    : new IngestPool({
        size: config.INGEST_WORKERS,
        timeoutMs: config.INGEST_FILE_TIMEOUT_MS,
        memoryMb: config.INGEST_MEMORY_MB,
        ocr,
      });
  const pool = deps.pool ?? ownPool!;
  const store = new SourceStore(path.join(config.DATA_DIR, 'sources'), deps.storage ?? {});
  const corpusRoot = path.resolve(config.CORPUS_DIR);
  const uploadsDir = path.join(corpusRoot, 'uploads');
  const maxFileBytes = config.MAX_UPLOAD_MB * 1024 * 1024;
  /** Names chosen by uploads in progress, so two concurrent uploads never pick the same one. */
  const reserved = new Set<string>();
  let corpusRun: Promise<RunSummary> | null = null;
  let state: ReindexState = { running: false, startedAt: null, summary: null, error: null };

  const chooseName = async (
    name: string,
    bytes: Uint8Array,
    indexed: ReadonlyMap<string, unknown>,
  ): Promise<string> => {
    const ext = fileTypeOf(name)?.extension ?? '';
    const stem = name.slice(0, name.length - ext.length);
    // Reserved before the first await, so two concurrent uploads never both take a name.
    const free = async (candidate: string) => {
      if (reserved.has(candidate) || indexed.has(`uploads/${candidate}`)) return false;
      reserved.add(candidate);
      if (!(await nameTaken(path.join(uploadsDir, candidate)))) return true;
      reserved.delete(candidate);
      return false;
    };
    if (await free(name)) return name;
    const hashed = `${stem}-${sha8(bytes)}`;
    for (let n = 1; n < 1000; n++) {
      const candidate = `${hashed}${n === 1 ? '' : `-${n}`}${ext}`;
      if (await free(candidate)) return candidate;
    }
    throw new AppError('conflict', `Det finns redan för många filer med namnet "${name}".`);
  };

  const runCorpus = (
    force: boolean,
    onProgress?: Parameters<typeof ingestFiles>[2]['onProgress'],
  ): Promise<RunSummary> => {
    // One whole-corpus run at a time; a second caller shares the first's result.
    corpusRun ??= listCorpus(corpusRoot)
      .then((files) =>
        ingestFiles(indexer, files, {
          maxFileBytes,
          timeoutMs: config.INGEST_FILE_TIMEOUT_MS,
          ocr,
          force,
          removeMissing: true,
          pool,
          sourceStore: store,
          ...(onProgress ? { onProgress } : {}),
        }),
      )
      .finally(() => {
        corpusRun = null;
      });
    return corpusRun;
  };

  return {
    pool,

    async upload({ bytes, name: original }) {
      if (bytes.length === 0)
        throw new AppError('invalid-parameter', 'Ingen fil skickades (fältet "file" saknas eller är tomt).', {
          param: 'file',
        });
      if (!fileTypeOf(original)) throw new AppError('unsupported-media-type', unsupportedUploadReason);
      // The same bytes, whatever the name: compared by the source digest, which (unlike the
      // content hash) does not change with the pipeline or the OCR settings.
      const source = sourceDigest(bytes);
      const indexed = await indexer.indexedHashes();
      for (const [sourceFile, v] of indexed) {
        if (v.sourceHash === source) {
          throw new AppError(
            'conflict',
            `Samma fil finns redan inläst som "${sourceFile}" (innehållet är identiskt, oavsett filnamn).`,
            {
              extensions: { protocolId: v.id, protocolUrl: `/api/protocols/${v.id}`, sourceFile },
            },
          );
        }
      }
      const name = await chooseName(uploadName(original), bytes, indexed);
      let temp: string | null = null;
      try {
        try {
          temp = await writeTempFile(uploadsDir, bytes, deps.storage ?? {});
        } catch (error) {
          throw new AppError(
            'storage-error',
            `Filen kunde inte sparas (${(error as NodeJS.ErrnoException).code ?? 'skrivfel'}; är disken full?). Inget befintligt protokoll ändrades.`,
            { cause: error },
          );
        }
        const sourceFile = `uploads/${name}`;
        const result = await pool.ingest(bytes, sourceFile);
        if (!result.ok) {
          // Set aside, not lost: the bytes move to DATA_DIR/rejected; nothing in the corpus changed.
          const rejected = path.join(config.DATA_DIR, 'rejected');
          await mkdir(rejected, { recursive: true });
          await moveAcross(temp, path.join(rejected, `${Date.now()}-${name}`)).catch(() => undefined);
          temp = null;
          await indexer.recordFailures([result.failure]);
          throw new AppError(
            'unprocessable-file',
            `Filen "${original}" kunde inte läsas in: ${result.failure.reason}`,
            { param: 'file', extensions: { failureKind: result.failure.kind } },
          );
        }
        const final = path.join(uploadsDir, name);
        if (!(await publishNoReplace(temp, final)))
          throw new AppError('conflict', `En annan fil fick namnet "${name}" under tiden. Ladda upp igen.`);
        temp = null;
        try {
          await store.save(result.protocol.contentHash, sourceFile, bytes);
          await indexer.writeProtocols([{ protocol: result.protocol, items: result.items }]);
        } catch (error) {
          // Not indexed: take back the file this upload added (and only that one).
          await unlink(final).catch(() => undefined);
          throw error;
        }
        log(`upload: ${sourceFile} (${result.items.length} items)`);
        return {
          sourceFile,
          protocolId: result.protocol.id,
          url: `/api/protocols/${result.protocol.id}`,
          status: 'ingested',
          items: result.items.length,
          pages: result.protocol.pageCount,
        };
      } finally {
        reserved.delete(name);
        if (temp) await unlink(temp).catch(() => undefined);
      }
    },

    reindex() {
      if (!state.running) {
        state = { running: true, startedAt: new Date().toISOString(), summary: null, error: null };
        void runCorpus(true).then(
          (summary) => (state = { ...state, running: false, summary: { ...summary, failed: summary.failed.length } }),
          (error: unknown) =>
            (state = { ...state, running: false, error: error instanceof Error ? error.message : String(error) }),
        );
      }
      return state;
    },

    reindexState: () => state,

    ingestCorpus: (options = {}) => runCorpus(options.force ?? false, options.onProgress),

    async remove(protocolId) {
      const protocol = await indexer.findProtocol(protocolId);
      if (!protocol) throw new AppError('not-found', `Det finns inget protokoll med id "${protocolId}".`);
      const file = path.resolve(corpusRoot, protocol.sourceFile);
      // The file first: were the index write to fail, the next start removes the protocol
      // (its file is gone) instead of bringing a deleted protocol back.
      if (inside(corpusRoot, file)) await rm(file, { force: true });
      await indexer.removeProtocols([protocol.id]);
      await indexer.clearFailures([protocol.sourceFile]);
      await store.remove(protocol.contentHash, protocol.sourceFile);
      log(`removed: ${protocol.sourceFile}`);
      return { protocolId: protocol.id, sourceFile: protocol.sourceFile };
    },

    failures: async () => (await indexer.listFailures()).sort((a, b) => b.at.localeCompare(a.at)),

    async source(protocolId) {
      const protocol = await indexer.findProtocol(protocolId);
      if (!protocol) throw new AppError('not-found', `Det finns inget protokoll med id "${protocolId}".`);
      const type = fileTypeOf(protocol.sourceFile);
      const mediaType = !type || type.kind === 'text' ? 'text/plain; charset=utf-8' : type.mediaType;
      const stored = store.pathFor(protocol.contentHash, protocol.sourceFile);
      if (await store.has(protocol.contentHash, protocol.sourceFile)) return { file: stored, mediaType };
      // No copy (indexed before copies were kept): the corpus file, if it still holds those bytes.
      const file = path.resolve(corpusRoot, protocol.sourceFile);
      if (!inside(corpusRoot, file)) throw new AppError('not-found', 'Källfilen ligger utanför korpusmappen.');
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
    },

    async close() {
      await corpusRun?.catch(() => undefined);
      await ownPool?.close();
    },
  };
}
