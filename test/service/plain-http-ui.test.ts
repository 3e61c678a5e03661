/**
 * The UI over plain HTTP under a name other than localhost, as behind docker
 * compose: with `upgrade-insecure-requests` in the CSP the browser fetched
 * app.js over https and the page stayed at "Laddar…".
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOST = 'protokoll.test';

let runtime: Runtime;
let api: RunningApp;
let browser: Browser;
let publicDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run "npm test" (its pretest installs Debian's chromium) or apt-get install chromium`);
  publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-plain-ui-'));
  // @ts-expect-error: a plain .mjs build script without type declarations
  const { buildUi } = (await import('../../scripts/build-ui.mjs')) as { buildUi: (o: { outDir: string; quiet: boolean }) => Promise<unknown> };
  await buildUi({ outDir: publicDir, quiet: true });
  ({ runtime } = await testRuntime());
  api = await startApp({ config: testConfig({ INDEX_PREFIX: runtime.names.items.replace(/-items$/, '') }), search: runtime.search, indexer: runtime.indexer, publicDir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      // A real host name for the browser, resolved to this machine's loopback only.
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (runtime) await dropIndexes(runtime);
  rmSync(publicDir, { recursive: true, force: true });
});

describe('the UI over plain HTTP', () => {
  it(`renders at http://${HOST}:<port>/ with every request over http`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const schemes = new Set<string>();
    page.on('request', (r) => schemes.add(new URL(r.url()).protocol));
    const url = `http://${HOST}:${new URL(api.url).port}/`;
    await page.goto(url);
    await expect.poll(() => page.getByLabel('Sökord').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('Laddar…');
    expect([...schemes].filter((s) => s !== 'data:')).toEqual(['http:']);
    mkdirSync(path.join(projectRoot, 'test-results', 'screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(projectRoot, 'test-results', 'screenshots', 'plain-http-protokoll-test.png') });
    await page.close();
  }, 60_000);
});
