/**
 * Ingests a set of files into the index: incremental by content hash, one file
 * in memory at a time (the corpus is streamed, never loaded), written in small
 * batches. Used by the worker CLI, by `npm start` and by the upload endpoint.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { detectKind, failureReason, SUPPORTED_EXTENSIONS } from '../domain/file-types.js';
import type { IngestFailure, ItemDocument, ProtocolDocument } from '../domain/schemas.js';
import { IndexUnavailableError, IndexWriteError, type Indexer } from './indexer.js';
import { changedComponents, contentHashOf, describeComponent, manifestWithOcr, sourceDigest } from './fingerprint.js';
import { failureIdFor, ingestFile, type IngestResult } from './pipeline.js';
import { IngestPool } from './pool.js';
import type { SourceStore } from './storage.js';
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
   * Text per Meilisearch write, at most (UTF-16 code units of the items' text
   * fields, roughly the write's JSON size): a write is flushed at whichever of
   * this and `batchSize` comes first, so the worker's memory does not depend on
   * how long the protocols are.
   */
  batchChars?: number;
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
 * Default text per write: ~1 MB of JSON, 25 of the benchmark's 5-page protocols.
 * Measured on 400 of them: batches of 100 held the main process at 155-160 MB
 * resident, of 25 at 125-140 MB, in the same time.
 */
export const DEFAULT_BATCH_CHARS = 1_000_000;

/** What a protocol's items weigh in a write: their long text fields. */
function documentChars(items: readonly ItemDocument[]): number {
  let n = 0;
  for (const i of items)
    n += i.text.length + i.stems.length + i.repeatedStems.length + i.title.length + i.decisionText.length + 200;
  return n;
}

const failure = (sourceFile: string, kind: IngestFailure['kind'], reason: string): IngestFailure => ({
  id: failureIdFor(sourceFile),
  sourceFile,
  kind,
  reason,
  at: new Date().toISOString(),
});

export async function ingestFiles(
  indexer: Indexer,
  files: readonly SourceFile[],
  options: RunOptions,
): Promise<RunSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 100;
  const batchChars = options.batchChars ?? DEFAULT_BATCH_CHARS;
  const summary: RunSummary = {
    total: files.length,
    ingested: 0,
    reingested: {},
    unchanged: 0,
    removed: 0,
    failed: [],
    pages: 0,
    items: 0,
    seconds: 0,
    suspectBodies: [],
  };
  options.onProgress?.({ type: 'start', total: files.length });

  const indexed = await indexer.indexedHashes();
  // Each body filed under the name the corpus already uses for it.
  const bodies = new BodyAliases([...indexed.values()].map((v) => v.body));
  const replacing = new Set([...indexed.values()].map((v) => v.id));
  const failedBefore = new Set((await indexer.listFailures()).map((f) => f.sourceFile));
  const restored: string[] = [];
  let batch: { protocol: ProtocolDocument; items: ItemDocument[] }[] = [];
  let batchText = 0;
  let failures: IngestFailure[] = [];
  // One write in flight while the workers go on parsing: Meilisearch indexes batch n
  // as batch n + 1 is extracted.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const b = batch;
    const f = failures;
    batch = [];
    batchText = 0;
    failures = [];
    await writing;
    writing = (async () => {
      f.push(...(await writeOrSetAside(b)));
      await indexer.recordFailures(f);
    })();
    writing.catch(() => undefined);
  };
  /**
   * Writes a batch; when Meilisearch refuses it, writes its protocols one by one
   * so one bad protocol cannot sink the others, and sets aside those it refuses
   * as `index-error` (failures are values: the run goes on).
   */
  const writeOrSetAside = async (b: typeof batch): Promise<IngestFailure[]> => {
    try {
      await indexer.writeProtocols(b, { replacing, failed: failedBefore });
      return [];
    } catch (error) {
      if (!(error instanceof IndexWriteError) || b.length === 0) throw error;
    }
    const refused: IngestFailure[] = [];
    for (const one of b) {
      try {
        await indexer.writeProtocols([one], { replacing, failed: failedBefore });
      } catch (error) {
        if (!(error instanceof IndexWriteError)) throw error;
        const f = failure(
          one.protocol.sourceFile,
          'index-error',
          `Sökindexet tog inte emot protokollet (${error.meiliMessage}). Läs in filen igen; kvarstår felet, kontrollera Meilisearch-loggen.`,
        );
        refused.push(f);
        summary.failed.push(f);
        summary.ingested--;
        summary.items -= one.items.length;
        summary.pages -= one.protocol.pageCount;
      }
    }
    return refused;
  };
  const ocrPrint = await currentOcrFingerprint(options.ocr);
  const manifest = manifestWithOcr(ocrPrint);
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

  type Outcome = { status: 'ingested' | 'unchanged' | 'failed'; pages: number; reason?: string };
  const setAside = (f: IngestFailure): Outcome => {
    failures.push(f);
    summary.failed.push(f);
    return { status: 'failed', pages: 0, reason: f.reason };
  };
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
    if (batch.length >= batchSize || batchText >= batchChars) await flush();
  };
  const handle = async (file: SourceFile): Promise<{ outcome: Promise<Outcome> }> => {
    const size = (await stat(file.absolute)).size;
    if (size > options.maxFileBytes) {
      return {
        outcome: Promise.resolve(
          setAside(
            failure(
              file.sourceFile,
              'too-large',
              failureReason('too-large', { mb: size / 1e6, limitMb: options.maxFileBytes / 1e6 }),
            ),
          ),
        ),
      };
    }
    if (detectKind(file.sourceFile) === null)
      return {
        outcome: Promise.resolve(
          setAside(failure(file.sourceFile, 'unsupported-type', failureReason('unsupported-type'))),
        ),
      };
    const bytes = new Uint8Array(await readFile(file.absolute));
    const before = indexed.get(file.sourceFile);
    const source = sourceDigest(bytes);
    const hash = contentHashOf(source, manifest);
    if (!options.force && before?.contentHash === hash) {
      summary.unchanged++;
      // Restored to the indexed version (after a broken copy was set aside): the failure is stale.
      if (failedBefore.has(file.sourceFile)) restored.push(file.sourceFile);
      if (options.sourceStore && !(await options.sourceStore.has(hash, file.sourceFile)))
        await options.sourceStore.save(hash, file.sourceFile, bytes);
      return { outcome: Promise.resolve<Outcome>({ status: 'unchanged', pages: 0 }) };
    }
    const why = before
      ? options.force
        ? ['forced']
        : changedComponents({ source: before.sourceHash, manifest: before.pipeline }, { source, manifest })
      : [];
    const provenance = await readProvenance(file.absolute);
    const outcome = processFile(bytes, file.sourceFile).then(async (result): Promise<Outcome> => {
      if (!result.ok) return setAside(result.failure);
      const ingested = fileBody(result, bodies);
      const suspect = suspectBody(ingested.protocol);
      if (suspect) summary.suspectBodies?.push(suspect);
      // The copy first: an indexed protocol always has its bytes to serve.
      await options.sourceStore?.save(ingested.protocol.contentHash, file.sourceFile, bytes);
      batch.push({
        protocol: withProvenance(ingested.protocol, provenance),
        items: ingested.items.map((i) => withProvenance(i, provenance)),
      });
      batchText += documentChars(ingested.items);
      summary.ingested++;
      for (const key of why) summary.reingested[key] = (summary.reingested[key] ?? 0) + 1;
      summary.pages += ingested.protocol.pageCount;
      summary.items += ingested.items.length;
      return { status: 'ingested', pages: ingested.protocol.pageCount };
    });
    return { outcome };
  };

  // Files in flight at once: enough to keep every worker busy, few enough to keep memory flat.
  const window = pool ? pool.size * 2 : 1;
  const inFlight: { file: SourceFile; outcome: Promise<Outcome> }[] = [];
  try {
    for (const file of files) {
      let outcome: Promise<Outcome>;
      try {
        ({ outcome } = await handle(file));
      } catch (error) {
        outcome = Promise.reject(error);
      }
      outcome.catch(() => undefined);
      inFlight.push({ file, outcome });
      if (inFlight.length >= window) {
        const next = inFlight.shift()!;
        await settle(next.file, next.outcome);
      }
    }
    for (const next of inFlight.splice(0)) await settle(next.file, next.outcome);
  } finally {
    await ownPool?.close();
  }
  await flush();
  await writing;
  await indexer.clearFailures(restored);

  if (options.removeMissing) {
    const present = new Set(files.map((f) => f.sourceFile));
    const gone = [...indexed].filter(([sourceFile]) => !present.has(sourceFile));
    await indexer.removeProtocols(gone.map(([, v]) => v.id));
    summary.removed = gone.length;
    const staleFailures = (await indexer.listFailures())
      .filter((f) => !present.has(f.sourceFile))
      .map((f) => f.sourceFile);
    await indexer.clearFailures(staleFailures);
    if (options.sourceStore) {
      const now = await indexer.indexedHashes();
      await options.sourceStore.prune(new Set([...now.values()].map((v) => v.contentHash)));
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  options.onProgress?.({ type: 'done', summary });
  return summary;
}
