/**
 * Where a meeting's date came from, in a real browser: a protocol whose text
 * states no date is dated from its file name, and its view says so
 * ("(datum ur filnamnet)"); a protocol dated by its text says nothing of the kind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolDocument } from '../../domain/schemas.js';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { buildUiInto, launchChromium } from '../helpers/browser.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

const AGENDA =
  '\n\n§ 1 Val av justerare\nAnna Berg utses att justera.\n\n§ 2 Budget\nNämnden beslutar att anta budgeten.';

let runtime: Runtime;
let api: RunningApp;
let browser: Browser;
let publicDir: string;
let protocols: ProtocolDocument[];
const corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-date-source-'));

beforeAll(async () => {
  publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ui-'));
  await buildUiInto(publicDir);
  writeFileSync(path.join(corpus, 'socialnamnden-2019-03-05.txt'), `Protokoll Socialnämnden${AGENDA}`);
  writeFileSync(path.join(corpus, 'omsorg.txt'), `Protokoll Omsorgsnämnden\nDatum: 2019-04-02${AGENDA}`);
  ({ runtime } = await testRuntime());
  const summary = await ingestFiles(runtime.indexer, await listCorpus(corpus), { maxFileBytes: 1024 * 1024 });
  expect(summary.failed).toEqual([]);
  protocols = (await runtime.admin.index<ProtocolDocument>(runtime.names.protocols).getDocuments({ limit: 10 }))
    .results;
  api = await startAppOver(runtime, {}, { publicDir });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (runtime) await dropIndexes(runtime);
  rmSync(publicDir, { recursive: true, force: true });
  rmSync(corpus, { recursive: true, force: true });
});

describe('the date source in the protocol view', () => {
  it('says a date was taken from the file name, and only then', async () => {
    const byFile = (file: string) => protocols.find((p) => p.sourceFile === file)!;
    expect(byFile('socialnamnden-2019-03-05.txt')).toMatchObject({ meetingDate: '2019-03-05', dateSource: 'filename' });
    expect(byFile('omsorg.txt')).toMatchObject({ meetingDate: '2019-04-02', dateSource: 'label' });
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    try {
      await page.goto(`${api.url}/?view=protokoll&id=${encodeURIComponent(byFile('socialnamnden-2019-03-05.txt').id)}`);
      await page.waitForSelector('.item');
      await expect(page.locator('h1 + .meta').textContent()).resolves.toMatch(/\(datum ur filnamnet\)/);
      await page.screenshot({ path: path.join(os.tmpdir(), 'protokollsok-date-source.png') });
      await page.goto(`${api.url}/?view=protokoll&id=${encodeURIComponent(byFile('omsorg.txt').id)}`);
      await page.waitForSelector('.item');
      await expect(page.locator('h1').textContent()).resolves.toBe('Omsorgsnämnden');
      await expect(page.locator('h1 + .meta').textContent()).resolves.not.toMatch(/filnamnet/);
    } finally {
      await page.close();
    }
  });
});
