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
import { warmKeyness } from './search/keyness.js';
import { createIngestService, describeReingest, ocrAvailability, startHarvesting } from '../ingest/index.js';

const log = (line: string) => console.log(line);

async function main() {
  const config = loadConfig();
  const runtime: Runtime = await connect(config, { log });
  const ingest = createIngestService({ config, indexer: runtime.indexer, log });
  const embedded = runtime.embedded;
  const app = createApp({
    config,
    search: runtime.search,
    indexer: runtime.indexer,
    ingest,
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

  if (config.INGEST_ON_START) {
    // The API is already serving: a failed start-up ingest is reported, never fatal.
    try {
      log(`Ingesting ${config.CORPUS_DIR} (unchanged files are skipped)…`);
      const summary = await ingest.ingestCorpus();
      const why = describeReingest(summary);
      log(
        `Ingest done in ${summary.seconds.toFixed(1)} s: ${summary.ingested} ingested, ${summary.unchanged} unchanged, ` +
          `${summary.removed} removed, ${summary.failed.length} failed.${why ? ` (${why})` : ''}`,
      );
      for (const f of summary.failed) log(`  failed: ${f.sourceFile}: ${f.reason}`);
    } catch (error) {
      log(
        `Start-up ingest failed, the API keeps serving what is indexed: ${error instanceof Error ? error.message : String(error)}. Run \`npm run ingest\` once the cause is fixed.`,
      );
    }
  }
  // Keyness reads every item's word counts once: now, in the background, not on the first question.
  warmKeyness(runtime.search).then(
    ({ items, seconds }) => log(`Keyness ready: word counts of ${items} agenda items read in ${seconds.toFixed(1)} s.`),
    (error: unknown) =>
      log(
        `Keyness word counts not read yet (${error instanceof Error ? error.message : String(error)}); the first question reads them.`,
      ),
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
