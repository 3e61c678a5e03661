/**
 * `npm start`: load config → start (or reach) Meilisearch → serve the API and UI
 * → ingest the corpus folder incrementally in the background. Ctrl-C stops the
 * API and the Meilisearch child.
 */
import '../domain/quiet-dotenv.js';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from '../domain/config.js';
import { createApp } from './api/app.js';
import { serve } from './api/serve.js';
import { connect, type Runtime } from './runtime.js';
import { TaxonomyService } from './search/taxonomy.js';
import { warmKeyness } from './search/keyness.js';
import { heldPostingsOf } from './search/held-postings.js';
import { termIndexOf } from './search/term-index.js';
import { warmSearch } from './search/warm-up.js';
import { indexChangedHere } from './search/changed.js';
import { warmWordAnalysis } from '../domain/swedish/analyse.js';
import {
  createIngestService,
  describeReingest,
  ocrAvailability,
  progressLines,
  startHarvesting,
} from '../ingest/index.js';

const log = (line: string) => console.log(line);

async function main() {
  const config = loadConfig();
  const runtime: Runtime = await connect(config, { log });
  const ingest = createIngestService({ config, indexer: runtime.indexer, log });
  const taxonomy = new TaxonomyService(runtime.indexer.taxonomy, () => indexChangedHere(runtime.search));
  const embedded = runtime.embedded;
  const app = createApp({
    config,
    search: runtime.search,
    indexer: runtime.indexer,
    ingest,
    taxonomy,
    annotations: runtime.annotations,
    log,
    ...(embedded ? { meiliRestarts: () => embedded.restarts } : {}),
  });
  const server: Server = await serve(app, config.PORT, config.HOST).catch(async (error: NodeJS.ErrnoException) => {
    await runtime.close();
    throw error.code === 'EADDRINUSE'
      ? new ConfigError('PORT', `${config.PORT} is already in use; choose another port`)
      : error;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    server.close();
    server.closeAllConnections();
    await ingest.pool.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  log(
    `Protokollsök is listening on http://${host}:${config.PORT}/  (try: curl 'http://${host}:${config.PORT}/api/search?q=samsjuklighet')`,
  );

  // One line saying whether scanned pages can be read (the service runs either way).
  if (config.OCR_ENABLED) log((await ocrAvailability()).messageEn);
  else log('OCR disabled (OCR_ENABLED=false): PDFs without a text layer are set aside.');

  // Clean start: temp files of an interrupted upload removed, the index checked and repaired (logged; /health).
  await ingest.start();

  // The taxonomy in use: seeded from domain/taxonomy.json, and protocols tagged with an older version re-tagged.
  await taxonomy
    .sync(log)
    .catch((error: unknown) =>
      log(
        `Taxonomy: could not sync (${error instanceof Error ? error.message : String(error)}); tags stay as they are.`,
      ),
    );

  if (config.INGEST_ON_START) {
    // The API is already serving: a failed start-up ingest is reported, never fatal.
    try {
      log(`Ingesting ${config.CORPUS_DIR} (unchanged files are skipped)…`);
      // A line every few seconds: a log is no terminal, and a first ingest of many files takes minutes.
      const summary = await ingest.ingestCorpus({ onProgress: progressLines(log) });
      const why = describeReingest(summary);
      log(
        `Ingest done in ${summary.seconds.toFixed(1)} s: ${summary.ingested} ingested, ${summary.unchanged} unchanged, ` +
          `${summary.removed} removed, ${summary.failed.length} failed.${why ? ` (${why})` : ''}`,
      );
      for (const f of summary.failed) log(`  failed: ${f.sourceFile}: ${f.reason}`);
      for (const b of summary.suspectBodies ?? [])
        log(`  body that does not read as a body's name: "${b.body}" (${b.problems.join(', ')}): ${b.sourceFile}`);
    } catch (error) {
      log(
        `Start-up ingest failed, the API keeps serving what is indexed: ${error instanceof Error ? error.message : String(error)}. Run \`npm run ingest\` once the cause is fixed.`,
      );
    }
  }
  // Keyness reads every item's word counts once, and ranked questions the items' posting lists: now, in
  // the background, one after the other, not on the first question.
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  void warmKeyness(runtime.search)
    .then(
      ({ items, seconds }) =>
        log(`Keyness ready: word counts of ${items} agenda items read in ${seconds.toFixed(1)} s.`),
      (error: unknown) => log(`Keyness word counts not read yet (${reason(error)}); the first question reads them.`),
    )
    .then(() => heldPostingsOf(runtime.search).warm(runtime.search))
    .then(
      ({ items, held, seconds }) =>
        log(
          held
            ? `Questions ready: posting lists of ${items} agenda items held, read in ${seconds.toFixed(1)} s.`
            : 'Questions ask Meilisearch: the posting lists are not held (too large, or the index moved while they were read).',
        ),
      (error: unknown) => log(`Posting lists not read yet (${reason(error)}); the first question reads them.`),
    )
    // The corpus's words analysed as the snippets and the rerank of the first searches will need them.
    .then(() => warmWordAnalysis(termIndexOf(runtime.search).forms))
    .catch((error: unknown) => log(`Word analysis not warmed (${reason(error)}).`))
    // Then questions of the corpus's own words through the search, so the first users' do not wait for the JIT.
    .then(() => warmSearch(runtime.search, termIndexOf(runtime.search).forms, config.WARM_SEARCH_QUESTIONS))
    .then(
      ({ questions, seconds }) =>
        questions > 0 && log(`Search warmed: ${questions} sample questions run in ${seconds.toFixed(1)} s.`),
      (error: unknown) => log(`Search not warmed (${reason(error)}).`),
    );
  // After the first ingest, so the two never read the same new file at once.
  startHarvesting(config, runtime.indexer, log);
}

// A promise nobody awaited failed: log it and stop cleanly instead of running on in an unknown state.
process.on('unhandledRejection', (reason) => {
  console.error(
    `Protokollsök stopped on an unhandled error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
  );
  process.exitCode = 1;
  process.kill(process.pid, 'SIGTERM');
});

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Protokollsök cannot start: ${error.message}`);
  else console.error(`Protokollsök cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
