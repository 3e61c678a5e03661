/**
 * Test wiring against the one real Meilisearch of the run (see global-setup.ts):
 * each test file gets its own index prefix, so files run in parallel.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../domain/config.js';
import { projectRoot } from '../../domain/paths.js';
import { connect, type Runtime } from '../../src/runtime.js';
import { ingestFiles, listCorpus, type RunSummary } from '../../ingest/run.js';

export const CORPUS_DIR = path.join(projectRoot, 'corpus');

/** A config for tests: the shared server, a fresh index prefix, no rate limit. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    INDEX_PREFIX: `t${randomBytes(4).toString('hex')}`,
    CORPUS_DIR,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_REQUESTS: 'false',
    ...overrides,
  });
}

export async function testRuntime(
  overrides: Record<string, string> = {},
): Promise<{ config: Config; runtime: Runtime }> {
  const config = testConfig(overrides);
  const runtime = await connect(config);
  return { config, runtime };
}

/** Ingests the bundled corpus (the five seed PDFs) into the runtime's indexes. */
export async function ingestBundledCorpus(runtime: Runtime, dir = CORPUS_DIR): Promise<RunSummary> {
  const files = await listCorpus(dir);
  return ingestFiles(runtime.indexer, files, { maxFileBytes: 50 * 1024 * 1024, removeMissing: true });
}

/** Deletes a test file's indexes. */
export async function dropIndexes(runtime: Runtime): Promise<void> {
  await Promise.all(
    [runtime.names.items, runtime.names.protocols, runtime.names.failures, runtime.names.annotations].map((uid) =>
      runtime.admin
        .deleteIndex(uid)
        .waitTask()
        .catch(() => undefined),
    ),
  );
}
