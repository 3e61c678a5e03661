/**
 * Harvesting as a service: `npm start` and the ingest worker (--watch) harvest
 * HARVEST_SOURCES once at start and then every HARVEST_INTERVAL_MINUTES, one
 * run at a time. A failing run is logged and the next one comes as planned.
 */
import type { Config } from '../../domain/config.js';
import type { Indexer } from '../indexer.js';
import { harvest, summaryLine, type HarvestOptions } from './harvest.js';

/** The harvest options a configuration asks for. */
export function harvestOptionsFrom(
  config: Config,
  indexer: Indexer | null,
  listings: readonly string[],
  log: (line: string) => void,
): HarvestOptions {
  return {
    listings,
    allowHosts: config.HARVEST_ALLOW_HOSTS,
    corpusDir: config.CORPUS_DIR,
    dataDir: config.DATA_DIR,
    indexer,
    maxFileBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    delayMs: config.HARVEST_DELAY_MS,
    ingestTimeoutMs: config.INGEST_FILE_TIMEOUT_MS,
    // Harvested files are strangers' PDFs: parse them in a thread the time limit can stop.
    ingestWorkers: 1,
    log,
  };
}

/** Starts the schedule when HARVEST_SOURCES is set; returns a stop function. */
export function startHarvesting(config: Config, indexer: Indexer, log: (line: string) => void): () => void {
  if (config.HARVEST_SOURCES.length === 0) return () => {};
  let running: Promise<void> = Promise.resolve();
  const runOnce = () => {
    running = running
      .then(() => harvest(harvestOptionsFrom(config, indexer, config.HARVEST_SOURCES, log)))
      .then((report) => log(summaryLine(report)))
      .catch((error: unknown) => log(`Skördningen avbröts: ${error instanceof Error ? error.message : String(error)}`));
  };
  log(
    `Harvesting ${config.HARVEST_SOURCES.length} listing page(s)${config.HARVEST_INTERVAL_MINUTES > 0 ? ` every ${config.HARVEST_INTERVAL_MINUTES} min` : ' once'}: ${config.HARVEST_SOURCES.join(', ')}`,
  );
  runOnce();
  const timer =
    config.HARVEST_INTERVAL_MINUTES > 0 ? setInterval(runOnce, config.HARVEST_INTERVAL_MINUTES * 60_000) : null;
  timer?.unref();
  return () => {
    if (timer) clearInterval(timer);
  };
}
