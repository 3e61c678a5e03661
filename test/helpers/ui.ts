/**
 * A browser test file's world: the UI bundle built into a folder of its own, the real app over its
 * own index of a corpus (the bundled one unless the file brings its own), and Chromium; all started
 * before the file's tests and torn down after them. `newPage` opens a page that is closed after its
 * test, and a test fails on a console error or uncaught exception of its own pages (pagesPerTest),
 * so each test is checked alone and in any order.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from './app.js';
import { buildUiInto, launchChromium, pagesPerTest } from './browser.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from './runtime.js';

/** Where browser tests save the screenshots people look at. */
export const SHOTS = path.join(projectRoot, 'test-results', 'screenshots');

export interface UiWorld {
  readonly api: RunningApp;
  readonly runtime: Runtime;
  /** A page of `width` × `height` px in Swedish, closed after the test that opened it. */
  newPage(width?: number, height?: number): Promise<Page>;
}

export interface UiWorldOptions {
  /** Config overrides for the app (ADMIN_API_KEY, …). */
  env?: Record<string, string>;
  /** The corpus folder to ingest and serve (made before the app starts), instead of the bundled one. */
  corpus?: () => string;
  /** Console errors a test provokes on purpose (a refused request's status). */
  ignoreErrors?: RegExp;
}

export function uiOverCorpus(options: UiWorldOptions = {}): UiWorld {
  const held = {} as { api: RunningApp; runtime: Runtime; browser: Browser; publicDir: string };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    held.publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ui-'));
    await buildUiInto(held.publicDir);
    const corpus = options.corpus?.();
    ({ runtime: held.runtime } = await testRuntime());
    await ingestBundledCorpus(held.runtime, corpus);
    held.api = await startAppOver(
      held.runtime,
      { ...(corpus ? { CORPUS_DIR: corpus } : {}), ...options.env },
      { publicDir: held.publicDir },
    );
    held.browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await held.browser?.close();
    await held.api?.close();
    if (held.runtime) await dropIndexes(held.runtime);
    if (held.publicDir) rmSync(held.publicDir, { recursive: true, force: true });
  });
  const newPage = pagesPerTest(() => held.browser, options.ignoreErrors);
  return {
    get api() {
      return held.api;
    },
    get runtime() {
      return held.runtime;
    },
    newPage,
  };
}
