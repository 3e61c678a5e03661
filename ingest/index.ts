/**
 * The ingest service's public entry: the only module of ingest/ that the API
 * (src/) imports. Everything else in ingest/ is internal to the worker.
 */
export { Indexer, IndexUnavailableError, type IndexedProtocol } from './indexer.js';
export { checkConsistency, describeConsistency, type ConsistencyReport } from './consistency.js';
export {
  describeReingest,
  ingestFiles,
  listCorpus,
  SUPPORTED_EXTENSIONS,
  type RunOptions,
  type RunSummary,
  type SourceFile,
} from './run.js';
export { contentHash, ingestFile, protocolIdFor, type IngestResult } from './pipeline.js';
export { progressLines, type ProgressLineOptions } from './progress.js';
export {
  createIngestService,
  uploadName,
  type IntegrityState,
  type IngestService,
  type IngestServiceDeps,
  type ReindexState,
  type UploadResult,
} from './service.js';
export { startHarvesting } from './harvest/schedule.js';
export { CorpusTaxonomy, type DryRun, type DryRunTopic, type RetagSummary, type SyncResult } from './retag.js';
export { ocrAvailability, ocrSettingsFrom, type OcrAvailability, type OcrSettings } from './ocr/index.js';
