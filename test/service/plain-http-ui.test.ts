/**
 * The UI over plain HTTP under a name other than localhost, as behind docker
 * compose: with `upgrade-insecure-requests` in the CSP the browser fetched
 * app.js over https and the page stayed at "Laddar…".
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildUiInto, launchChromium } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

const HOST = 'protokoll.test';

let runtime: Runtime;
let api: RunningApp;
let browser: Browser;
let publicDir: string;

beforeAll(async () => {
  publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-plain-ui-'));
  await buildUiInto(publicDir);
  ({ runtime } = await testRuntime());
  api = await startAppOver(runtime, {}, { publicDir });
  // A real host name for the browser, resolved to this machine's loopback only.
  browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
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
    await page.screenshot({
      path: path.join(projectRoot, 'test-results', 'screenshots', 'plain-http-protokoll-test.png'),
    });
    await page.close();
  }, 60_000);
});
