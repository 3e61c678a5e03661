/**
 * The web UI in a real browser (Debian's Chromium through playwright-core),
 * served by the real app over the real Meilisearch with the bundled corpus.
 * Screenshots of every view are saved under test-results/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { dropIndexes, ingestBundledCorpus, testConfig, testRuntime } from '../helpers/runtime.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(projectRoot, 'test-results', 'screenshots');

let runtime: Runtime;
let api: RunningApp;
let browser: Browser;
let publicDir: string;
const consoleErrors: string[] = [];

async function newPage(width = 1280, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run "npm test" (its pretest installs Debian's chromium) or apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ui-'));
  // @ts-expect-error: a plain .mjs build script without type declarations
  const { buildUi } = (await import('../../scripts/build-ui.mjs')) as { buildUi: (o: { outDir: string; quiet: boolean }) => Promise<unknown> };
  await buildUi({ outDir: publicDir, quiet: true });
  ({ runtime } = await testRuntime());
  await ingestBundledCorpus(runtime);
  api = await startApp({ config: testConfig({ INDEX_PREFIX: runtime.names.items.replace(/-items$/, '') }), search: runtime.search, indexer: runtime.indexer, publicDir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (runtime) await dropIndexes(runtime);
  rmSync(publicDir, { recursive: true, force: true });
});

describe('the web UI', () => {
  it('searches as you type, filters by a facet, opens the protocol at the item, and keeps the state in the URL', async () => {
    const page = await newPage();
    await page.goto(api.url);
    await page.getByLabel('Sökord').fill('samsjuklighet');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'samsjuklighet' && document.querySelector('.results')?.getAttribute('aria-busy') === 'false');
    await expect.poll(() => page.locator('.hit').count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.hit .snippet mark').count()).toBeGreaterThan(0);
    await shot(page, '1-sok');

    await page.getByRole('checkbox', { name: /Karlskoga/ }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('municipality') === 'Karlskoga' && document.querySelector('.results')?.getAttribute('aria-busy') === 'false');
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    await expect(page.locator('.hit .meta').first().textContent()).resolves.toMatch(/13 oktober 2022 · punkt 8/);
    const shared = page.url();

    await page.locator('.hit-title').first().click();
    await page.waitForSelector('#punkt-8.target');
    expect(new URL(page.url()).searchParams.get('view')).toBe('protokoll');
    await expect.poll(() => page.locator('mark.occurrence').count()).toBeGreaterThan(1);
    await expect(page.locator('mark.current').textContent()).resolves.toMatch(/^samsjuklighet/i);
    await page.getByRole('button', { name: /Nästa träff/ }).click();
    await expect(page.locator('.counter').textContent()).resolves.toMatch(/Träff \d+ av \d+/);
    await expect(page.locator('#punkt-8 a[href*="/source#page="]').first().getAttribute('href')).resolves.toMatch(/#page=10$/);
    await shot(page, '2-protokoll');

    await page.goBack();
    await page.waitForSelector('.hit');
    expect(page.url()).toBe(shared);
    await page.goForward();
    await page.waitForSelector('#punkt-8');

    // A shared link opens in the same state.
    const other = await newPage();
    await other.goto(shared);
    await other.waitForSelector('.hit');
    await expect(other.getByLabel('Sökord').inputValue()).resolves.toBe('samsjuklighet');
    await expect(other.getByRole('checkbox', { name: /Karlskoga/ }).isChecked()).resolves.toBe(true);
    await expect.poll(() => other.locator('.hit').count()).toBe(1);
    await other.close();
    await page.close();
  });

  it('charts the three topics with the same data as /api/trends and lists a point\'s items on click', async () => {
    const page = await newPage();
    await page.goto(api.url);
    await page.getByRole('link', { name: 'Trender' }).click();
    await page.waitForSelector('.chart canvas');
    const shown = await page.evaluate(() => window.__trendData);
    const expected = (await (await api.get('/api/trends?topics=n%C3%A4ra%20v%C3%A5rd&topics=psykisk%20h%C3%A4lsa&topics=samsjuklighet&unit=items')).json()) as unknown;
    expect(shown).toEqual(expected);
    expect(shown!.series.map((s) => s.label)).toEqual(['nära vård', 'psykisk hälsa', 'samsjuklighet']);
    await expect(page.locator('tr.denominator').textContent()).resolves.toMatch(/Totalt: punkter \(möten\)/);
    await expect(page.getByRole('link', { name: 'Ladda ner CSV' }).getAttribute('href')).resolves.toMatch(/format=csv/);
    await shot(page, '3-trender');

    const cell = page.locator('.trend-table tbody tr').nth(2).locator('td a').first();
    await cell.click();
    await page.waitForSelector('.hit');
    const url = new URL(page.url());
    expect(url.searchParams.get('view')).toBe('sok');
    expect(url.searchParams.get('topics')).toBe('samsjuklighet');
    await page.close();
  });

  it('shows the timeline of an issue and follows an item to related meetings', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=tidslinje&q=${encodeURIComponent('hälso- och sjukvård i hemmet')}`);
    await page.waitForSelector('.meeting');
    const dates = await page.locator('.meeting time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(dates).toEqual([...dates].sort());
    expect(dates.map((d) => d!.slice(0, 4))).toEqual(expect.arrayContaining(['2020', '2022', '2024']));
    await expect.poll(() => page.locator('.decision.substantive').count()).toBeGreaterThan(0);
    await shot(page, '4-tidslinje');
    await page.goto(`${api.url}/?view=sok&q=${encodeURIComponent('hälso- och sjukvård i hemmet')}`);
    await page.waitForSelector('.hit');
    await page.getByRole('link', { name: 'Följ frågan' }).first().click();
    await page.waitForSelector('text=Tidigare');
    await page.close();
  });

  it('lists decisions, shows Swedish errors, and works at phone width', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${api.url}/?view=beslut&q=suicidsamordning`);
    await page.waitForSelector('.hit .decision.substantive');
    await shot(page, '5-beslut-mobil');
    await page.goto(`${api.url}/?view=sok&yearFrom=2030&yearTo=2020`);
    await page.waitForSelector('.error');
    await expect(page.locator('.error').textContent()).resolves.toMatch(/Sökningen misslyckades – försök igen\. Parametern "yearFrom" är ogiltig/);
    consoleErrors.splice(0); // the 400 above is logged by the browser on purpose
    await page.close();
  });

  it('logs no console errors on any page', () => {
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
