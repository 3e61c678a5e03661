/** The real Express app on a free port, over a test runtime. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type AppDeps } from '../../src/api/app.js';
import { serve } from '../../src/api/serve.js';
import type { Runtime } from '../../src/runtime.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import { dropIndexes, ingestBundledCorpus, testConfig, testRuntime } from './runtime.js';

export interface RunningApp {
  url: string;
  get: (path: string, init?: RequestInit) => Promise<Response>;
  json: <T = Record<string, unknown>>(path: string) => Promise<{ status: number; type: string; body: T }>;
  close: () => Promise<void>;
}

export async function startApp(deps: AppDeps): Promise<RunningApp> {
  const app = createApp({ log: () => {}, ...deps });
  const server: Server = await serve(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  return {
    url,
    get,
    json: async <T>(path: string) => {
      const res = await get(path);
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The app over a test runtime's indexes: its prefix, config overrides, other dependencies (a built UI's `publicDir`). */
export function startAppOver(
  runtime: Runtime,
  overrides: Record<string, string> = {},
  deps: Partial<AppDeps> = {},
): Promise<RunningApp> {
  return startApp({
    config: testConfig({ INDEX_PREFIX: runtime.names.prefix, ...overrides }),
    search: runtime.search,
    indexer: runtime.indexer,
    annotations: runtime.annotations,
    ...deps,
  });
}

/**
 * A describe block's (or file's) app over its own index of the bundled corpus, started before its
 * tests and torn down after them: read `api` and `runtime` inside the tests.
 */
export function appOverBundledCorpus(): { readonly api: RunningApp; readonly runtime: Runtime } {
  const held = {} as { api: RunningApp; runtime: Runtime };
  beforeAll(async () => {
    ({ runtime: held.runtime } = await testRuntime());
    await ingestBundledCorpus(held.runtime);
    held.api = await startAppOver(held.runtime);
  }, 120_000);
  afterAll(async () => {
    await held.api?.close();
    if (held.runtime) await dropIndexes(held.runtime);
  });
  return held;
}

/**
 * A file's app over its own index of the protocols given (file name → text) in a temporary corpus
 * directory, ingested through the production wiring before its tests and torn down after them.
 * `write` ingests files again, as the worker process would after a change on disk.
 */
export function appOverFiles(files: Record<string, string>): {
  readonly api: RunningApp;
  readonly runtime: Runtime;
  write: (changed: Record<string, string>) => Promise<void>;
} {
  const corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-files-'));
  const held = {} as { api: RunningApp; runtime: Runtime };
  const write = async (changed: Record<string, string>) => {
    for (const [name, text] of Object.entries(changed)) writeFileSync(path.join(corpus, name), text);
    const summary = await ingestFiles(held.runtime.indexer, await listCorpus(corpus), { maxFileBytes: 1024 * 1024 });
    expect(summary.failed).toEqual([]);
  };
  beforeAll(async () => {
    ({ runtime: held.runtime } = await testRuntime({ CORPUS_DIR: corpus }));
    await write(files);
    held.api = await startAppOver(held.runtime, { CORPUS_DIR: corpus });
  }, 120_000);
  afterAll(async () => {
    await held.api?.close();
    if (held.runtime) await dropIndexes(held.runtime);
    rmSync(corpus, { recursive: true, force: true });
  });
  return Object.assign(held, { write });
}
