/**
 * The web UI in a real browser (Debian's Chromium through playwright-core),
 * served by the real app over the real Meilisearch with the bundled corpus:
 * the journeys of a development lead (search, follow an issue, decisions), an
 * analyst (trends, exports) and a clerk (upload), at 1280 px, at 390 px and by
 * keyboard only. Screenshots of every view at both widths are saved under
 * test-results/screenshots/.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildUiInto, launchChromium } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import type { Trends } from '../../src/search/trends.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { CORPUS_DIR, dropIndexes, ingestBundledCorpus, testConfig, testRuntime } from '../helpers/runtime.js';

const SHOTS = path.join(projectRoot, 'test-results', 'screenshots');
const ADMIN_KEY = 'ui-test-admin-key-0123456789';
const enc = encodeURIComponent;

let runtime: Runtime;
let api: RunningApp;
let browser: Browser;
let publicDir: string;
let corpusDir: string;
const consoleErrors: string[] = [];

async function newPage(width = 1280, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, locale: 'sv-SE' });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** A screenshot; the protocol view only as the window shows it (its header is sticky, and the page very long). */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !name.startsWith('protokoll') });
/** Waits until the router has rendered the view (and its results, for the list views). */
const ready = (page: Page, view: string) =>
  page.waitForFunction(
    (v) =>
      document.getElementById('main')?.dataset.ready === v &&
      document.querySelector('.results')?.getAttribute('aria-busy') !== 'true',
    view,
  );
/** How far the page is wider than the window (0: no horizontal scrolling). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ui-'));
  // Uploads are written into the corpus folder: a copy, so the repository's stays as it is.
  corpusDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ui-corpus-'));
  cpSync(CORPUS_DIR, corpusDir, { recursive: true });
  await buildUiInto(publicDir);
  ({ runtime } = await testRuntime());
  await ingestBundledCorpus(runtime, corpusDir);
  const config = testConfig({ INDEX_PREFIX: runtime.names.prefix, ADMIN_API_KEY: ADMIN_KEY, CORPUS_DIR: corpusDir });
  api = await startApp({ config, search: runtime.search, indexer: runtime.indexer, publicDir });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (runtime) await dropIndexes(runtime);
  rmSync(publicDir, { recursive: true, force: true });
  rmSync(corpusDir, { recursive: true, force: true });
});

const ORGAN_A = 'Chefsgrupp för samverkan social välfärd samt vård och omsorg';
const ORGAN_B = 'Specifika samverkansrådet för social välfärd samt vård och omsorg';

describe('a development lead searching', () => {
  it('searches as you type, filters by a facet, opens the protocol at the item, and keeps the state in the URL', async () => {
    const page = await newPage();
    await page.goto(api.url);
    await page.getByLabel('Sökord').fill('samsjuklighet');
    await page.waitForFunction(
      () =>
        new URL(location.href).searchParams.get('q') === 'samsjuklighet' &&
        document.querySelector('.results')?.getAttribute('aria-busy') === 'false',
    );
    await expect.poll(() => page.locator('.hit').count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.hit .snippet mark').count()).toBeGreaterThan(0);

    await page.getByRole('checkbox', { name: /Karlskoga/ }).check();
    await page.waitForFunction(
      () =>
        new URL(location.href).searchParams.get('municipality') === 'Karlskoga' &&
        document.querySelector('.results')?.getAttribute('aria-busy') === 'false',
    );
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    await expect(page.locator('.results .total').textContent()).resolves.toBe('1 dagordningspunkt');
    await expect(page.locator('.hit .meta').first().textContent()).resolves.toMatch(/13 oktober 2022 · punkt 8/);
    const shared = page.url();

    await page.locator('.hit-title').first().click();
    await page.waitForSelector('#punkt-8.target');
    expect(new URL(page.url()).searchParams.get('view')).toBe('protokoll');
    await expect.poll(() => page.locator('mark.occurrence').count()).toBeGreaterThan(1);
    await expect(page.locator('mark.current').textContent()).resolves.toMatch(/^samsjuklighet/i);
    await page.getByRole('button', { name: /Nästa träff/ }).click();
    await expect(page.locator('.counter').textContent()).resolves.toMatch(/Träff \d+ av \d+/);
    await expect(page.locator('#punkt-8 a[href*="/source#page="]').first().getAttribute('href')).resolves.toMatch(
      /#page=10$/,
    );

    await page.getByRole('link', { name: '← Tillbaka' }).click();
    await page.waitForSelector('.hit');
    expect(page.url()).toBe(shared);
    await page.goForward();
    await page.waitForSelector('#punkt-8');

    // A shared link opens in the same state.
    const other = await newPage();
    await other.goto(shared);
    await ready(other, 'sok');
    await expect(other.getByLabel('Sökord').inputValue()).resolves.toBe('samsjuklighet');
    await expect(other.getByRole('checkbox', { name: /Karlskoga/ }).isChecked()).resolves.toBe(true);
    await expect.poll(() => other.locator('.hit').count()).toBe(1);
    await other.close();
    await page.close();
  });

  it('ticks two organs of one facet (OR) and narrows by another facet (AND), with chips and "Rensa filter"', async () => {
    const page = await newPage();
    const all = (await api.json<{ total: number; facets: { body: Record<string, number> } }>('/api/search?q=samverkan'))
      .body;
    await page.goto(`${api.url}/?view=sok&q=samverkan`);
    await ready(page, 'sok');
    await page.getByRole('checkbox', { name: new RegExp(`^${ORGAN_A}`) }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('body').length === 1);
    await ready(page, 'sok');
    // The other organ stays on offer, with its own count.
    const second = page.getByRole('checkbox', { name: new RegExp(`^${ORGAN_B}`) });
    await expect(second.isChecked()).resolves.toBe(false);
    await second.check();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('body').length === 2);
    await ready(page, 'sok');
    await expect(page.locator('.results .total').textContent()).resolves.toBe(
      `${all.facets.body[ORGAN_A]! + all.facets.body[ORGAN_B]!} dagordningspunkter`,
    );
    await expect(page.locator('.filter-chip').count()).resolves.toBe(2);

    await page.getByRole('checkbox', { name: /^nära vård/ }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('topics') === 'nära vård');
    await ready(page, 'sok');
    const narrowed = (
      await api.json<{ total: number }>(
        `/api/search?q=samverkan&body=${enc(ORGAN_A)}&body=${enc(ORGAN_B)}&topics=${enc('nära vård')}`,
      )
    ).body.total;
    await expect(page.locator('.results .total').textContent()).resolves.toMatch(
      new RegExp(`^${narrowed} dagordningspunkt`),
    );
    await shot(page, 'sok-1280');

    await page.getByRole('button', { name: /Ta bort filtret Ämne: nära vård/ }).click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('topics'));
    await page.getByRole('button', { name: 'Rensa filter' }).click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('body'));
    await ready(page, 'sok');
    await expect(page.locator('.filter-chip').count()).resolves.toBe(0);
    await expect(page.locator('.results .total').textContent()).resolves.toBe(`${all.total} dagordningspunkter`);
    // Empty year fields show no year that could pass for a filter.
    await expect(page.locator('input[name=yearFrom]').getAttribute('placeholder')).resolves.toBeNull();
    await page.close();
  });

  it('goes back to the same scroll position, and "Nästa" starts the next page at its top', async () => {
    const page = await newPage(1280, 700);
    await page.goto(`${api.url}/?view=sok&sort=date-asc`);
    await ready(page, 'sok');
    await page.locator('.hit').nth(12).scrollIntoViewIfNeeded();
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(300);
    await page.locator('.hit').nth(12).locator('.hit-title').click();
    await page.waitForSelector('.item.target');
    await page.goBack();
    await ready(page, 'sok');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(before);

    await page.getByRole('link', { name: 'Nästa →' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
    await ready(page, 'sok');
    const top = await page.locator('.results').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(200);
    await expect(page.evaluate(() => document.activeElement?.classList.contains('total'))).resolves.toBe(true);
    await page.close();
  });

  it("opens a shared protocol link with a way back to search, and keeps the meeting's name in view at the item", async () => {
    const { body } = await api.json<{ protocols: { id: string; meetingDate: string }[] }>(
      '/api/protocols?yearFrom=2024',
    );
    const page = await newPage(1280, 700);
    await page.goto(`${api.url}/?view=protokoll&id=${body.protocols[0]!.id}&item=9&q=${enc('överenskommelse')}`);
    await page.waitForSelector('#punkt-9.target');
    const head = await page.locator('.protocol-head').boundingBox();
    expect(head!.y).toBeGreaterThanOrEqual(-1);
    await expect(page.locator('.protocol-head h1').isVisible()).resolves.toBe(true);
    await expect(page.locator('.protocol-head .meta').textContent()).resolves.toMatch(/19 april 2024/);
    // The item starts below the sticky header, not under it.
    const item = await page.locator('#punkt-9 h2').boundingBox();
    expect(item!.y).toBeGreaterThanOrEqual(head!.y + head!.height - 2);
    // The decision is marked where it stands in the text, not repeated in a box below it.
    await expect(page.locator('#punkt-9 .decision-inline.substantive').textContent()).resolves.toMatch(
      /^BeslutChefsgruppen bedömer att parterna är redo/i,
    );
    await expect(page.locator('#punkt-9 .decision-box').count()).resolves.toBe(0);
    await shot(page, 'protokoll-1280');
    await page.getByRole('link', { name: '← Till sökningen' }).click();
    await ready(page, 'sok');
    expect(new URL(page.url()).searchParams.get('q')).toBe('överenskommelse');
    await page.close();
  });
});

describe('decisions', () => {
  it('shows each decision once, whole, and includes routine decisions on request', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=beslut&q=${enc('nära vård i samverkan')}`);
    await ready(page, 'beslut');
    const hit = page.locator('.hit', { hasText: 'Styrgrupp nära vård i samverkan' });
    await expect(hit.locator('.decision').textContent()).resolves.toMatch(
      /Gemensam plan för primärvårdens som nav\s+Systemledning\s+Uppföljningsuppdrag$/,
    );
    await expect(hit.locator('.snippet').count()).resolves.toBe(0);
    await shot(page, 'beslut-1280');

    const substantive = (await api.json<{ total: number }>('/api/decisions')).body.total;
    const withRoutine = (await api.json<{ total: number }>('/api/decisions?includeRoutine=true')).body.total;
    await page.goto(`${api.url}/?view=beslut`);
    await ready(page, 'beslut');
    await expect(page.locator('.results .total').textContent()).resolves.toBe(
      `${substantive} dagordningspunkter med beslut`,
    );
    await page.getByRole('checkbox', { name: /Visa även rutinbeslut/ }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('includeRoutine') === 'true');
    await ready(page, 'beslut');
    await expect(page.locator('.results .total').textContent()).resolves.toBe(
      `${withRoutine} dagordningspunkter med beslut`,
    );
    await expect.poll(() => page.locator('.decision.routine').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('tells what was wrong in plain Swedish, without parameter names', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=sok&yearFrom=2030&yearTo=2020`);
    await page.waitForSelector('.error');
    const text = (await page.locator('.error').textContent())!;
    expect(text).toMatch(/^Sökningen kunde inte göras\. Från år får inte vara senare än till år\.$/);
    expect(text).not.toMatch(/yearFrom|Parametern|försök igen/);
    await page.close();
  });
});

describe('following an issue', () => {
  it('shows the timeline by meeting with decisions first, passing mentions folded, and the search filters', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=tidslinje&q=${enc('hälso- och sjukvård i hemmet')}`);
    await page.waitForSelector('.meeting');
    const dates = await page.locator('.meeting time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(dates).toEqual([...dates].sort());
    expect(dates.map((d) => d!.slice(0, 4))).toEqual(['2020', '2022', '2024']);
    // In each meeting, items with a decision come first.
    const order = await page
      .locator('.meeting')
      .evaluateAll((ms) =>
        ms.map((m) => [...m.querySelectorAll('.tl-item')].map((i) => i.classList.contains('decided'))),
      );
    for (const flags of order) expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    await expect.poll(() => page.locator('.decision.substantive').count()).toBeGreaterThan(0);
    const mentions = page.locator('details.mentions').first();
    await expect(mentions.getAttribute('open')).resolves.toBeNull();
    await expect(mentions.locator('summary').textContent()).resolves.toMatch(/^Nämns också i \d+ punkte?r?$/);
    await shot(page, 'tidslinje-1280');

    await page.getByRole('checkbox', { name: new RegExp(`^${ORGAN_B}`) }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.has('body'));
    await page.waitForSelector('.filter-chip');
    await expect
      .poll(() =>
        page.locator('.meeting time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!.slice(0, 4))),
      )
      .toEqual(['2020']);
    await page.close();
  });

  it('shows a page of meetings and the next ones under "Visa fler möten", in date order, until there are no more', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=tidslinje&q=${enc('hälso- och sjukvård i hemmet')}&meetings=1`);
    await page.waitForSelector('.meeting');
    await expect(page.locator('.meeting').count()).resolves.toBe(1);
    await expect(page.locator('h2.total').textContent()).resolves.toMatch(/i 3 möten – de 1 första mötena visas$/);
    await page.getByRole('button', { name: 'Visa fler möten' }).click();
    await expect.poll(() => page.locator('.meeting').count()).toBe(2);
    await page.getByRole('button', { name: 'Visa fler möten' }).click();
    await expect.poll(() => page.locator('.meeting').count()).toBe(3);
    await expect(page.getByRole('button', { name: 'Visa fler möten' }).count()).resolves.toBe(0);
    const dates = await page
      .locator('.meeting time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!.slice(0, 4)));
    expect(dates).toEqual(['2020', '2022', '2024']);
    await expect(page.locator('h2.total').textContent()).resolves.not.toMatch(/första mötena visas/);
    await page.close();
  });

  it("follows 2024 §9 to the 2020 and 2022 meetings, explained in the item's words", async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=sok&q=${enc('ny överenskommelse för hälso- och sjukvård i hemmet')}`);
    await ready(page, 'sok');
    await page.locator('.hit', { hasText: '9. Ny överenskommelse' }).getByRole('link', { name: 'Följ frågan' }).click();
    await page.waitForSelector('.related-group');
    const earlier = page.locator('.related-group', { hasText: 'Tidigare möten' });
    const metas = await earlier.locator('.tl-item .meta').allTextContents();
    expect(metas.some((m) => /20 november 2020/.test(m))).toBe(true);
    expect(metas.some((m) => /13 oktober 2022/.test(m))).toBe(true);
    await expect(
      earlier.locator('.tl-item', { hasText: '5. Rapport från au' }).locator('.why').textContent(),
    ).resolves.toMatch(/^Gemensamma ord: .*överenskommelse/);
    await expect(page.locator('.related-intro').textContent()).resolves.not.toMatch(/overenskomm|resur\b/);
    await expect(page.locator('.related-group', { hasText: 'Senare möten' }).textContent()).resolves.toMatch(
      /Frågan har inte tagits upp i något senare möte\./,
    );
    await shot(page, 'folj-fragan-1280');
    await page.close();
  });
});

describe('an analyst charting trends', () => {
  it('charts the three topics with the same data as /api/trends, the charted value and its denominators in the table, in Swedish numbers', async () => {
    const page = await newPage();
    await page.goto(api.url);
    await page.getByRole('link', { name: 'Trender' }).click();
    await page.waitForSelector('.chart canvas');
    const shown = await page.evaluate(() => window.__trendData);
    const expected = (
      await api.json<Trends>(
        '/api/trends?topics=n%C3%A4ra%20v%C3%A5rd&topics=psykisk%20h%C3%A4lsa&topics=samsjuklighet&unit=items',
      )
    ).body;
    expect(shown).toEqual(expected);
    const y2022 = expected.series[0]!.points.find((p) => p.year === 2022)!;
    const row = page.locator('.trend-table tbody tr', { hasText: '2022' });
    const cell = (await row.locator('td').first().innerText()).replace(/\s+/g, ' ');
    // One meeting that year: a small base, marked "*".
    expect(cell).toBe(
      `${(y2022.share! * 100).toFixed(1).replace('.', ',')} %${y2022.smallBase ? '*' : ''} ${y2022.items} av ${y2022.totalItems} punkter`,
    );
    await expect(row.locator('td.denominator').textContent()).resolves.toBe(
      `${y2022.totalItems} punkter, ${y2022.totalMeetings} möte`,
    );
    await expect(page.locator('.trend-table tbody th').allTextContents()).resolves.toEqual(expected.years.map(String));
    await expect(page.locator('.trend-table').textContent()).resolves.not.toMatch(/\d \d{3}\b|\d\.\d/);
    for (const format of ['csv', 'xlsx', 'om'])
      await expect(
        page.locator(`.downloads a[href*="format=${format}"]:not([href*="layout=wide"])`).count(),
      ).resolves.toBe(1);
    // The wide table (a row per year, a column per series) beside the long one.
    await expect(page.locator('.downloads a[href*="format=csv"][href*="layout=wide"]').count()).resolves.toBe(1);

    await row.locator('td a').last().click();
    await ready(page, 'sok');
    const url = new URL(page.url());
    expect(url.searchParams.get('topics')).toBe('samsjuklighet');
    expect(url.searchParams.get('yearFrom')).toBe('2022');
    await page.close();
  });

  it('keeps every year on the axis under a kommun filter, with the meetings the kommun attended as denominators', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=trender`);
    await page.waitForSelector('.chart canvas');
    await page.getByLabel('Kommun (närvarande vid mötet)').selectOption('Laxå');
    await page.waitForFunction(
      () =>
        new URL(location.href).searchParams.get('municipality') === 'Laxå' &&
        !!window.__trendData &&
        document.querySelector('.chart canvas'),
    );
    await expect.poll(() => page.evaluate(() => window.__trendData!.years)).toEqual([2020, 2021, 2022, 2023, 2024]);
    await expect(
      page.locator('.trend-table tbody tr', { hasText: '2024' }).locator('td.denominator').textContent(),
    ).resolves.toBe('inga möten');
    await expect(
      page.locator('.trend-table tbody tr', { hasText: '2022' }).locator('td.denominator').textContent(),
    ).resolves.toMatch(/^\d+ punkter, 1 möte$/);
    await shot(page, 'trender-1280');
    await page.close();
  });

  it('does not bring the default topics back when the last one is unticked', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=trender&topics=samsjuklighet`);
    await page.waitForSelector('.chart canvas');
    await page.getByRole('checkbox', { name: /^samsjuklighet/ }).uncheck();
    await page.waitForSelector('text=Inget ämne är valt');
    await expect(page.locator('input[name=topics]:checked').count()).resolves.toBe(0);
    await expect(page.locator('.chart canvas').count()).resolves.toBe(0);
    await page.reload();
    await page.waitForSelector('text=Inget ämne är valt');
    await page.close();
  });

  it('downloads a PNG with a title, legend and source line drawn in', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=trender`);
    await page.waitForSelector('.chart canvas');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Bild (PNG)' }).click(),
    ]);
    const file = await download.path();
    const png = readFileSync(file);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const chart = await page
      .locator('.chart canvas')
      .first()
      .evaluate((c) => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height }));
    // Wider and taller than the chart: the margins, title, legend and source line.
    expect(png.readUInt32BE(16)).toBeGreaterThan(chart.w);
    expect(png.readUInt32BE(20)).toBeGreaterThan(chart.h + 60);
    await page.close();
  });
});

describe('a clerk uploading', () => {
  it('uploads a protocol with the admin key, shows the result with a link, and says when the same file is already there', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=ladda-upp`);
    await page.getByLabel('Administrationsnyckel').fill(ADMIN_KEY);
    const file = {
      name: 'testprotokoll.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        'Protokoll Chefsgrupp testorgan 2025-03-04\n\n1. Mötet öppnas\nOrdföranden öppnade mötet.\n\n2. Hemsjukvård i länet\nBeslut: Chefsgruppen beslutar att godkänna planen för hemsjukvård.\n',
      ),
    };
    await page.getByLabel('Filer').setInputFiles(file);
    await page.getByRole('button', { name: 'Ladda upp' }).click();
    const result = page.locator('.upload-result').first();
    await result.waitFor();
    await expect(result.textContent()).resolves.toMatch(/testprotokoll\.txt är inläst: 1 sida, 2 dagordningspunkter\./);
    await expect(result.locator('a').count()).resolves.toBe(1);
    await shot(page, 'ladda-upp-1280');

    await page.getByLabel('Filer').setInputFiles(file);
    await page.getByRole('button', { name: 'Ladda upp' }).click();
    await expect.poll(() => page.locator('.upload-result').count()).toBe(2);
    await expect(page.locator('.upload-result').first().textContent()).resolves.toMatch(
      /testprotokoll\.txt (finns redan|var redan inläst)/,
    );
    // The 409 links to the protocol the first upload made (its protocolUrl).
    const links = page.locator('.upload-result a.open-protocol');
    await expect(links.nth(0).textContent()).resolves.toBe('Öppna protokollet som redan finns');
    await expect(links.nth(0).getAttribute('href')).resolves.toBe(await links.nth(1).getAttribute('href'));

    await page.reload();
    await expect(page.getByLabel('Administrationsnyckel').inputValue()).resolves.toBe('');
    await page.getByLabel('Administrationsnyckel').fill('fel-nyckel');
    await page.getByLabel('Filer').setInputFiles(file);
    await page.getByRole('button', { name: 'Ladda upp' }).click();
    await expect(page.locator('.uploads .error').textContent()).resolves.toMatch(
      /Fel administrationsnyckel\. Kontrollera administrationsnyckeln\./,
    );
    await page.close();
  });
});

describe('an admin removing an upload', () => {
  it('opens the uploaded protocol from the upload answer, deletes it after a confirmation, and search no longer finds it', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=ladda-upp`);
    await page.getByLabel('Administrationsnyckel').fill(ADMIN_KEY);
    const file = {
      name: 'fel-uppladdat.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        'Protokoll Chefsgrupp raderingsorgan 2025-05-06\n\n1. Mötet öppnas\nOrdföranden öppnade mötet.\n\n2. Kvittblomsprojektet\nBeslut: Chefsgruppen beslutar att starta kvittblomsprojektet.\n',
      ),
    };
    await page.getByLabel('Filer').setInputFiles(file);
    await page.getByRole('button', { name: 'Ladda upp' }).click();
    const open = page.locator('.upload-result').first().getByRole('link', { name: 'Öppna protokollet' });
    await open.waitFor();
    const href = await open.getAttribute('href');
    await open.click();
    await ready(page, 'protokoll');
    expect(new URL(page.url()).searchParams.get('id')).toBe(new URLSearchParams(href!.slice(1)).get('id'));
    await expect(page.locator('.item h2').allTextContents()).resolves.toEqual([
      '1. Mötet öppnas',
      '2. Kvittblomsprojektet',
    ]);
    const remove = page.getByRole('button', { name: 'Ta bort protokollet' });
    await shot(page, 'protokoll-admin-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await shot(page, 'protokoll-admin-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Someone without the key in this tab sees no button.
    const other = await newPage();
    await other.goto(`${api.url}/${href}`);
    await ready(other, 'protokoll');
    await expect(other.getByRole('button', { name: 'Ta bort protokollet' }).count()).resolves.toBe(0);
    await other.close();

    // Declining the question leaves the protocol alone.
    page.once('dialog', (d) => void d.dismiss());
    await remove.click();
    await expect(
      api.json<{ total: number }>('/api/search?q=kvittblomsprojektet').then((r) => r.body.total),
    ).resolves.toBe(1);

    let question = '';
    page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await remove.click();
    await page.waitForFunction(
      () => document.getElementById('main')?.dataset.ready === 'sok' && document.querySelector('.notice') !== null,
    );
    expect(question).toMatch(/^Ta bort Chefsgrupp raderingsorgan .*2025\? Det går inte att ångra\.$/);
    await expect(page.locator('.notice').textContent()).resolves.toMatch(/är borttaget ur sökningen/);
    // The window only: the confirmation is at the top of a long list.
    await page.screenshot({ path: path.join(SHOTS, 'sok-borttaget-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'sok-borttaget-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(
      api.json<{ total: number }>('/api/search?q=kvittblomsprojektet').then((r) => r.body.total),
    ).resolves.toBe(0);
    await page.getByLabel('Sökord').fill('kvittblomsprojektet');
    await expect.poll(() => page.locator('.results').textContent()).toMatch(/Inga träffar/);
    await page.close();
  });
});

describe('on a 390 px phone', () => {
  const VIEWS: [string, string][] = [
    ['sok', `/?view=sok&q=samsjuklighet`],
    ['beslut', `/?view=beslut&q=suicidsamordning`],
    ['trender', `/?view=trender&municipality=Karlskoga`],
    ['tidslinje', `/?view=tidslinje&q=${enc('hälso- och sjukvård i hemmet')}`],
    ['protokoll', `/?view=protokoll&id=001_50d6c6026012b732-cce9e09f&item=8&q=styrgrupp`],
    ['ladda-upp', `/?view=ladda-upp`],
  ];

  it('has no horizontal overflow on any view', async () => {
    const page = await newPage(390, 844);
    for (const [name, url] of VIEWS) {
      await page.goto(`${api.url}${url}`);
      await ready(page, name);
      await page.waitForTimeout(100);
      expect([name, await overflow(page)]).toEqual([name, 0]);
      await shot(page, `${name}-390`);
    }
    await page.goto(`${api.url}/?view=tidslinje&related=003_5f027efdf8c98c30-9cc5a0a4_9`);
    await page.waitForSelector('.related-group');
    expect(await overflow(page)).toBe(0);
    await shot(page, 'folj-fragan-390');
    await page.close();
  });

  it('keeps the filters behind a button above the results', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${api.url}/?view=sok&q=samsjuklighet`);
    await ready(page, 'sok');
    await expect(page.locator('#filters').isVisible()).resolves.toBe(false);
    // The first result is on the first screen.
    expect((await page.locator('.hit').first().boundingBox())!.y).toBeLessThan(844);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Filter' }).getAttribute('aria-expanded')).resolves.toBe('true');
    expect((await page.locator('#filters').boundingBox())!.y).toBeLessThan(
      (await page.locator('.hit').first().boundingBox())!.y,
    );
    await shot(page, 'sok-filter-390');
    await page.close();
  });

  it('fits the chart and the table in the width', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${api.url}/?view=trender`);
    await page.waitForSelector('.chart canvas');
    for (const selector of ['.chart', '.trend-table table']) {
      const box = (await page.locator(selector).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await page.close();
  });
});

describe('by keyboard only', () => {
  it('skips to the results, reaches the first result in a few Tabs from the search box, and opens it with Enter', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=sok&q=samsjuklighet`);
    await ready(page, 'sok');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Hoppa till resultaten');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('results');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.classList.contains('hit-title'))).resolves.toBe(true);

    await page.locator('#q').focus();
    let presses = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains('hit-title'))) && presses < 10) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(presses).toBeLessThanOrEqual(4);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.item.target');
    await page.close();
  });

  it('ticks a facet and removes it again with the keyboard', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=sok&q=samsjuklighet`);
    await ready(page, 'sok');
    await page.getByRole('checkbox', { name: /Karlskoga/ }).focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('municipality') === 'Karlskoga');
    await ready(page, 'sok');
    await page.getByRole('button', { name: /Ta bort filtret Kommun: Karlskoga/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('municipality'));
    await page.close();
  });
});

describe('by keyboard only, charting', () => {
  it('adds a topic to the chart with Space and opens a value in the table with Enter', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=trender`);
    await page.waitForSelector('.chart canvas');
    await page.getByRole('checkbox', { name: /^suicidprevention/ }).focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () =>
        new URL(location.href).searchParams.getAll('topics').includes('suicidprevention') &&
        window.__trendData?.series.length === 4,
    );
    await page.locator('.trend-table tbody td a').first().focus();
    await page.keyboard.press('Enter');
    await ready(page, 'sok');
    await page.close();
  });
});

describe('every view', () => {
  it('logs no console errors', () => {
    // Refused requests (a bad year range, a wrong admin key, a duplicate upload) are logged by the browser on purpose.
    expect(consoleErrors.filter((e) => !/status of (400|403|409)/.test(e))).toEqual([]);
  });
});
