/**
 * One real Meilisearch per test run: the same module `npm start` uses, on a free
 * port with a temporary data folder, stopped afterwards. With MEILI_URL set, the
 * tests use that server instead. Test files get the URL and key by `inject`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedMeili } from '../domain/store/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliKey: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.MEILI_URL) {
    project.provide('meiliUrl', process.env.MEILI_URL);
    project.provide('meiliKey', process.env.MEILI_MASTER_KEY ?? '');
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-test-meili-'));
  const meili = await startEmbeddedMeili({ dataDir, maxIndexingMemory: '256Mb' });
  project.provide('meiliUrl', meili.url);
  project.provide('meiliKey', meili.masterKey);
  return async () => {
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
