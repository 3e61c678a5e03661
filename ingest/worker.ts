/**
 * The ingest worker CLI.
 *
 *   npm run ingest                       ingest CORPUS_DIR incrementally
 *   npm run ingest -- <dir|file…>        ingest these (paths inside CORPUS_DIR keep their corpus identity)
 *   npm run ingest -- --force …          re-ingest even unchanged files
 *   npm run ingest -- --watch [dir]      ingest, then keep watching the folder (docker compose's inbox)
 *
 * A progress bar (files, pages/s, ETA) on a terminal, plain lines otherwise.
 * Exit 0 when everything was ingested, 1 when some files failed (summary printed),
 * 2 when Meilisearch could not be reached or the configuration is invalid.
 */
import './lean-heap.js';
import '../domain/quiet-dotenv.js';
import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type cliProgress from 'cli-progress';
import { ConfigError, loadConfig, type Config } from '../domain/config.js';
import { connectStore, type Store } from '../domain/store/connect.js';
import { SUPPORTED_EXTENSIONS } from '../domain/file-types.js';
import { Indexer, IndexUnavailableError } from './indexer.js';
import { IngestPool } from './pool.js';
import { currentOcrFingerprint } from './ocr/index.js';
import {
  describeReingest,
  ingestFiles,
  listCorpus,
  ocrSettingsFrom,
  type ProgressEvent,
  type RunSummary,
  type SourceFile,
} from './run.js';
import { describeSync } from './retag.js';
import { SourceStore } from './storage.js';

const isInside = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Resolves CLI arguments to source files; paths inside CORPUS_DIR keep their corpus-relative identity. */
export async function resolveTargets(
  config: Config,
  args: readonly string[],
): Promise<{ files: SourceFile[]; wholeCorpus: boolean }> {
  if (args.length === 0) return { files: await listCorpus(config.CORPUS_DIR), wholeCorpus: true };
  const files: SourceFile[] = [];
  let wholeCorpus = false;
  for (const arg of args) {
    const absolute = path.resolve(arg);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new Error(`No such file or folder: ${arg}`);
    const root = isInside(config.CORPUS_DIR, absolute)
      ? config.CORPUS_DIR
      : info.isDirectory()
        ? absolute
        : path.dirname(absolute);
    if (info.isDirectory()) {
      if (path.resolve(absolute) === path.resolve(config.CORPUS_DIR)) wholeCorpus = true;
      const listed = await listCorpus(absolute);
      for (const f of listed)
        files.push({ absolute: f.absolute, sourceFile: path.relative(root, f.absolute).split(path.sep).join('/') });
    } else {
      files.push({ absolute, sourceFile: path.relative(root, absolute).split(path.sep).join('/') });
    }
  }
  return { files, wholeCorpus: wholeCorpus && args.length === 1 };
}

/**
 * Progress as files settle: a bar on a terminal (`progressBar`: cli-progress, imported only then),
 * plain lines otherwise. Modules only some runs need are imported when they do, so an unchanged
 * corpus's re-ingest, a process start and little else, does not load them.
 */
function reporter(progressBar: typeof cliProgress | null) {
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  let pages = 0;
  const started = performance.now();
  return (event: ProgressEvent) => {
    if (event.type === 'start') {
      if (progressBar && event.total > 0) {
        bar = new progressBar.SingleBar(
          {
            format: '{bar} {value}/{total} filer | {pps} sidor/s | ETA {eta_formatted} | {file}',
            hideCursor: true,
            clearOnComplete: false,
          },
          progressBar.Presets.shades_classic,
        );
        bar.start(event.total, 0, { pps: '0', file: '' });
      } else console.log(`Läser in ${event.total} filer…`);
      return;
    }
    if (event.type === 'file') {
      done++;
      pages += event.pages;
      const pps = (pages / ((performance.now() - started) / 1000)).toFixed(0);
      if (bar) {
        // Failures are listed in the summary under the bar.
        bar.update(done, { pps, file: event.file });
      } else {
        console.log(
          `${event.status === 'ingested' ? 'inläst' : event.status === 'unchanged' ? 'oförändrad' : 'MISSLYCKADES'}: ${event.file}${event.reason ? ` – ${event.reason}` : ''}`,
        );
      }
      return;
    }
    bar?.stop();
  };
}

const MB = 1024 * 1024;
const mainPeakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
/**
 * The worker's peak as the machine sees it: the main process and its ingest
 * children together. Sampled sums when the pool ran files (the two peaks
 * rarely coincide), never less than the main process's own peak.
 */
const peakMb = () => Math.max(mainPeakMb(), Math.round((pool?.peakTreeRss ?? 0) / MB));

function printSummary(summary: RunSummary) {
  const pps = summary.seconds > 0 ? (summary.pages / summary.seconds).toFixed(0) : '–';
  console.log(
    `Klart på ${summary.seconds.toFixed(1)} s: ${summary.ingested} inlästa, ${summary.unchanged} oförändrade, ` +
      `${summary.removed} borttagna, ${summary.failed.length} misslyckade (${summary.pages} sidor, ${pps} sidor/s, ${summary.items} dagordningspunkter; ` +
      `minnestopp ${peakMb()} MB totalt (huvudprocessen ${mainPeakMb()} MB, inläsningsprocesserna högst ${Math.round((pool?.peakChildRss ?? 0) / MB)} MB var)` +
      `${pool?.peakTreePss ? `, ${Math.round(pool.peakTreePss / MB)} MB med delat minne räknat en gång` : ''}).`,
  );
  const why = describeReingest(summary, 'sv');
  if (why) console.log(`Omlästa: ${why}.`);
  if (summary.suspectBodies?.length) {
    console.log('Organ som inte ser ut som ett organs namn (kontrollera dem):');
    for (const b of summary.suspectBodies) console.log(`  "${b.body}" (${b.problems.join(', ')}): ${b.sourceFile}`);
  }
  if (summary.failed.length > 0) {
    console.log('Misslyckade filer (lagda åt sidan, resten lästes in):');
    for (const f of summary.failed) console.log(`  ${f.sourceFile} [${f.kind}]: ${f.reason}`);
  }
}

/** The worker's own connection: the store and the indexer it writes through. */
interface WorkerRuntime {
  readonly store: Store;
  readonly indexer: Indexer;
}

/** The one ingest queue of this process: every run (and every watch rescan) shares it. */
let pool: IngestPool | null = null;
const sharedPool = (config: Config) =>
  (pool ??= new IngestPool({
    size: config.INGEST_WORKERS,
    timeoutMs: config.INGEST_FILE_TIMEOUT_MS,
    memoryMb: config.INGEST_MEMORY_MB,
    ocr: ocrSettingsFrom(config),
  }));

async function runOnce(
  runtime: WorkerRuntime,
  config: Config,
  args: readonly string[],
  force: boolean,
  check = false,
): Promise<RunSummary> {
  const { files, wholeCorpus } = await resolveTargets(config, args);
  const sources = new SourceStore(path.join(config.DATA_DIR, 'sources'));
  const summary = await ingestFiles(runtime.indexer, files, {
    maxFileBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    timeoutMs: config.INGEST_FILE_TIMEOUT_MS,
    ocr: ocrSettingsFrom(config),
    force,
    removeMissing: wholeCorpus,
    onProgress: reporter(process.stdout.isTTY ? (await import('cli-progress')).default : null),
    pool: sharedPool(config),
    // The same copies the API serves /source from (DATA_DIR/sources).
    sourceStore: sources,
    diskFloor: { dirs: [sources.dir], bytes: config.MIN_FREE_DISK_MB * 1024 * 1024 },
  });
  printSummary(summary);
  // After a run over the whole corpus that changed the index or was forced (a reindex), not after every watch
  // rescan: the index checked against itself and the disk. (The API checks at every start.)
  const changed = summary.ingested > 0 || summary.removed > 0 || summary.failed.length > 0 || force;
  if (check && wholeCorpus && changed) {
    const { checkConsistency, describeConsistency } = await import('./consistency.js');
    const report = await checkConsistency(runtime.indexer, { corpusRoot: config.CORPUS_DIR, sources });
    for (const line of describeConsistency(report)) console.log(line);
  }
  return summary;
}

/** Watches a folder and ingests it again (incrementally) shortly after anything changes. */
async function watchFolder(runtime: WorkerRuntime, config: Config, dir: string): Promise<never> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      running = running
        .then(() => runOnce(runtime, config, [dir], false))
        .catch((error: unknown) => {
          console.error(`Inläsningen avbröts: ${(error as Error).message}`);
          if (error instanceof IndexUnavailableError) process.exit(2);
        });
    }, 1000);
  };
  watch(dir, { recursive: true }, (_event, name) => {
    if (name && SUPPORTED_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) schedule();
  });
  // A periodic rescan catches events a network or container filesystem did not deliver.
  setInterval(schedule, 60_000).unref();
  console.log(`Bevakar ${dir} efter nya och ändrade protokoll…`);
  return new Promise<never>(() => {});
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      force: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log('Användning: npm run ingest -- [--force] [--watch] [mapp|fil …]   (utan argument: CORPUS_DIR)');
    return 0;
  }
  const config = loadConfig();
  // The OCR tools' versions are part of every content hash: probed (three short child processes)
  // while the store connects, not after it.
  currentOcrFingerprint(ocrSettingsFrom(config)).catch(() => undefined);
  const store = await connectStore(config, { log: (line) => console.error(line) });
  const runtime: WorkerRuntime = {
    store,
    indexer: new Indexer(store.admin, store.names, { writeTimeoutMs: config.WRITE_TIMEOUT_MS }),
  };
  const stop = async () => {
    await pool?.close();
    await store.close();
    process.exit(130);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    // The taxonomy in use (seeded from, or a changed domain/taxonomy.json imported into, the store) before any tagging.
    for (const line of describeSync(await runtime.indexer.taxonomy.sync())) console.log(line);
    const summary = await runOnce(runtime, config, positionals, values.force, true);
    if (values.watch)
      (await import('./harvest/schedule.js')).startHarvesting(config, runtime.indexer, (line) => console.log(line));
    if (values.watch)
      await watchFolder(runtime, config, positionals[0] ? path.resolve(positionals[0]) : config.CORPUS_DIR);
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    if (!values.watch) {
      await pool?.close();
      await store.close();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`Felaktig konfiguration: ${error.message}`);
    else if (error instanceof IndexUnavailableError)
      console.error(
        `Meilisearch svarar inte; inläsningen stoppades. Kör igen när sökmotorn är tillbaka – inget går förlorat. (${error.message})`,
      );
    else console.error(`Inläsningen misslyckades: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
