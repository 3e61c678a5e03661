/**
 * The OCR marker in a real browser: a protocol with a scanned attachment page
 * (read by the real Tesseract) shows "Text från OCR (säkerhet NN %)" on its hit
 * and in the protocol view; its born-digital items show no marker.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildUiInto, launchChromium, pagesPerTest } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { DEFAULT_OCR_SETTINGS } from '../../ingest/ocr/settings.js';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';
import { mixedPdf, renderPages } from '../helpers/scans.js';

let runtime: Runtime;
let api: RunningApp;
let browser: Browser;
const newPage = pagesPerTest(() => browser);
let publicDir: string;
const corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ocr-ui-'));

beforeAll(async () => {
  publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ui-'));
  await buildUiInto(publicDir);
  const source = new Uint8Array(readFileSync(path.join(projectRoot, 'corpus/002_dd3eb397fa6549bb.pdf')));
  writeFileSync(
    path.join(corpus, 'med-inskannad-bilaga.pdf'),
    await mixedPdf((await renderPages(source, 150, 3)).get(3)!),
  );
  ({ runtime } = await testRuntime());
  // A shared test machine can take far longer a page than production: no page time limit in the way here.
  const summary = await ingestFiles(runtime.indexer, await listCorpus(corpus), {
    maxFileBytes: 10 * 1024 * 1024,
    ocr: { ...DEFAULT_OCR_SETTINGS, pageTimeoutMs: 300_000 },
  });
  expect(summary.failed).toEqual([]);
  api = await startAppOver(runtime, {}, { publicDir });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (runtime) await dropIndexes(runtime);
  rmSync(publicDir, { recursive: true, force: true });
  rmSync(corpus, { recursive: true, force: true });
});

describe('the OCR marker', () => {
  it('marks a hit and the protocol when their text came from OCR, and only those items', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?q=expeditionsresor`);
    await page.waitForSelector('.hit');
    await expect(page.locator('.hit .badge.ocr').first().textContent()).resolves.toMatch(
      /^Text från OCR \(säkerhet \d{2,3} %\)$/,
    );

    await page.goto(`${api.url}/?q=v%C3%A4lkomna`);
    await page.waitForSelector('.hit');
    await expect(page.locator('.hit .badge.ocr').count()).resolves.toBe(0);

    await page.locator('.hit-title').first().click();
    await page.waitForSelector('.item');
    await expect(page.locator('h1 + .meta .badge.ocr').textContent()).resolves.toMatch(
      /^Text från OCR \(säkerhet \d{2,3} %\)$/,
    );
    const marked = await page
      .locator('.item')
      .evaluateAll((els) => els.map((e) => e.querySelector('.badge.ocr') !== null));
    expect(marked).toContain(true);
    expect(marked).toContain(false);
  });
});
