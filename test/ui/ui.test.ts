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
import { buildUiInto, launchChromium, pagesPerTest } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../domain/dates.js';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import type { Concordance, DecisionsResult, Timeline, Trends } from '../../src/api/responses.js';
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
// Refused requests (a bad year range, a wrong admin key, a duplicate upload) are logged by the browser on purpose.
const newPage = pagesPerTest(() => browser, /status of (400|403|409)/);

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
  });

  it('says, in Sök and in Tidslinje, that a question of only small words searched nothing, naming its words', async () => {
    const page = await newPage();
    const said = 'Inga ord att söka på: ”vad”, ”är” och ”det” är frågeord eller småord, som inte söks.';
    await page.goto(`${api.url}/?q=${enc('vad är det?')}`);
    await ready(page, 'sok');
    await expect(page.locator('.syntax-line').textContent()).resolves.toContain(said);
    await page.goto(`${api.url}/?view=tidslinje&q=${enc('vad är det?')}`);
    await page.waitForSelector('.meeting');
    await expect(page.locator('.syntax-line').textContent()).resolves.toContain(said);
  });
});

describe('decisions', () => {
  it('shows each decision once, whole, and includes routine decisions on request', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=beslut&q=${enc('nära vård i samverkan')}`);
    await ready(page, 'beslut');
    const hit = page.locator('.hit', { hasText: 'Styrgrupp nära vård i samverkan' });
    await expect(hit.locator('.decision .decision-text').textContent()).resolves.toMatch(
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
  });

  it('tells what was wrong in plain Swedish, without parameter names', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=sok&yearFrom=2030&yearTo=2020`);
    await page.waitForSelector('.error');
    const text = (await page.locator('.error').textContent())!;
    expect(text).toMatch(/^Sökningen kunde inte göras\. Från år får inte vara senare än till år\.$/);
    expect(text).not.toMatch(/yearFrom|Parametern|försök igen/);
    // The fields to fix it stay, with what was typed, marked as the problem.
    const from = page.getByLabel('Från år', { exact: true });
    await expect(from.inputValue()).resolves.toBe('2030');
    await expect(from.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Till år', { exact: true }).fill('2031');
    await page.getByLabel('Till år', { exact: true }).press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('yearTo') === '2031');
    await ready(page, 'sok');
    await expect(page.locator('.error').count()).resolves.toBe(0);
    await expect(page.locator('.results .total').textContent()).resolves.toMatch(/^Inga träffar/);
  });

  it('marks the question’s words in each decision and copies a decision with its reference', async () => {
    const { body } = await api.json<DecisionsResult>(`/api/decisions?q=${enc('överenskommelse')}`);
    const hit = body.hits.find((h) => h.decisionMarks.some((m) => m.length > 0))!;
    const at = hit.decisionMarks.findIndex((m) => m.length > 0);
    const decision = hit.decisions![at]!;
    const marked = hit.decisionMarks[at]!.map(([s, e]) => decision.text.slice(s, e));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((m) => /^(överenskommels|ök\b)/i.test(m))).toBe(true);
    const page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${api.url}/?view=beslut&q=${enc('överenskommelse')}`);
    await ready(page, 'beslut');
    const shown = page.locator(`.hit[data-item-id="${hit.id}"] .decision`).nth(at);
    await expect(shown.locator('.decision-text mark').allTextContents()).resolves.toEqual(marked);
    await shown.getByRole('button', { name: /Kopiera beslutet som citat/ }).click();
    // The status is written once the clipboard has taken the text: wait for it, do not read it at once.
    await expect.poll(() => shown.locator('.copy-status').textContent()).toBe(' Kopierat.');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      `”${decision.text.replace(/\s+/g, ' ').trim()}” (${hit.body}, ${formatDate(hit.meetingDate)}, § ${hit.itemNumber}, s. ${decision.page})`,
    );
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
  });

  it('links each item to its PDF page and to Följ frågan, copies it as a citation, and exports the timeline', async () => {
    const q = 'hälso- och sjukvård i hemmet';
    const t = (await api.json<Timeline>(`/api/timeline?q=${enc(q)}`)).body;
    const first = t.meetings.find((m) => m.items.length)!.items[0]!;
    const page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${api.url}/?view=tidslinje&q=${enc(q)}`);
    await ready(page, 'tidslinje');
    const item = page.locator('.tl-item').first();
    await expect(item.getByRole('link', { name: `PDF, sida ${first.page}` }).getAttribute('href')).resolves.toBe(
      first.pdfUrl,
    );
    await item.getByRole('button', { name: /som citat/ }).click();
    const decision = first.decisions?.find((d) => d.kind === 'substantive');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toMatch(
      new RegExp(
        `^”.+” \\(${first.body}, \\d{1,2} [a-z]+ \\d{4}, § ${first.itemNumber}, s\\. ${decision?.page ?? first.page}\\)$`,
      ),
    );
    const csv = await page.locator('.downloads a', { hasText: 'CSV' }).getAttribute('href');
    expect(csv).toBe(`/api/timeline?${new URLSearchParams({ q, format: 'csv' })}`);
    const res = await api.get(csv!);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    await item.getByRole('link', { name: 'Följ frågan' }).click();
    await page.waitForSelector('.related-group');
    expect(new URL(page.url()).searchParams.get('related')).toBe(first.id);
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
  });

  it("offers no Följ frågan from a meeting's formalia, and says why where a link leads there", async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=protokoll&id=003_5f027efdf8c98c30-9cc5a0a4`);
    // The view renders after its fetch: count the links once it is ready (it read 0 on a loaded machine).
    await ready(page, 'protokoll');
    const item = (title: string) => page.locator('section.item', { has: page.locator('h2', { hasText: title }) });
    await expect(item('Suicidsamordning').getByRole('link', { name: 'Följ frågan' }).count()).resolves.toBe(1);
    await expect(item('Suicidsamordning').locator('details.matter').count()).resolves.toBe(1);
    for (const title of ['Inledning', 'Kort utvärdering och sammanfattning']) {
      await expect(item(title).getByRole('link', { name: 'Följ frågan' }).count(), title).resolves.toBe(0);
      await expect(item(title).locator('details.matter').count(), title).resolves.toBe(0);
    }
    // Nor does a search hit or a timeline item of one.
    await page.goto(`${api.url}/?view=sok&q=${enc('val av justerare')}`);
    await ready(page, 'sok');
    const hit = (title: string) => page.locator('.hit', { hasText: title });
    await expect(
      hit('Val av justerare utöver ordförande').getByRole('link', { name: 'Följ frågan' }).count(),
    ).resolves.toBe(0);
    await page.goto(`${api.url}/?view=tidslinje&q=${enc('justerare')}`);
    await page.waitForSelector('.meeting');
    const tlItem = page.locator('.tl-item', { hasText: 'Val av justerare utöver ordförande' });
    await expect(tlItem.count()).resolves.toBeGreaterThan(0);
    await expect(tlItem.getByRole('link', { name: 'Följ frågan' }).count()).resolves.toBe(0);
    // A link made before (a bookmark, another view) still answers, in words.
    await page.goto(`${api.url}/?view=tidslinje&related=003_5f027efdf8c98c30-9cc5a0a4_0`);
    await expect
      .poll(() => page.locator('.related-intro').textContent())
      .toMatch(/^”Inledning” \(Chefsgrupp .*13 oktober 2022\) är formalia \(öppnande\): en punkt om själva mötet/);
    await expect(page.locator('.related-group').count()).resolves.toBe(0);
    await shot(page, 'folj-fragan-formalia');
  });
});

describe('the question travels between views', () => {
  it('opens Tidslinje, Trender and Beslut from /?q=hemsjukvård with the question filled in and answered, and back again', async () => {
    const q = 'hemsjukvård';
    const timelineTotal = (await api.json<{ total: number }>(`/api/timeline?q=${enc(q)}`)).body.total;
    const decisionsTotal = (await api.json<{ total: number }>(`/api/decisions?q=${enc(q)}`)).body.total;
    expect(timelineTotal).toBeGreaterThan(0);
    expect(decisionsTotal).toBeGreaterThan(0);
    const page = await newPage();
    await page.goto(`${api.url}/?q=${enc(q)}`);
    await ready(page, 'sok');
    // The nav links carry the question, as real links (a new tab opens the same question).
    await expect(page.locator('nav a[data-view=tidslinje]').getAttribute('href')).resolves.toBe(
      `?view=tidslinje&q=${enc(q)}`,
    );

    await page.getByRole('link', { name: 'Tidslinje', exact: true }).click();
    await ready(page, 'tidslinje');
    await expect(page.locator('#tq').inputValue()).resolves.toBe(q);
    await expect
      .poll(() => page.locator('h2.total').textContent())
      .toMatch(new RegExp(`^${timelineTotal} dagordningspunkte?r? i \\d+ möte`));
    await shot(page, 'tidslinje-fran-sok-1280');

    await page.getByRole('link', { name: 'Trender', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.chart canvas') && window.__trendData);
    await expect(page.locator('input[name=terms]').inputValue()).resolves.toBe(q);
    await expect(page.evaluate(() => window.__trendData!.series.map((s) => s.label))).resolves.toEqual([q]);

    await page.getByRole('link', { name: 'Beslut', exact: true }).click();
    await ready(page, 'beslut');
    await expect(page.locator('#q').inputValue()).resolves.toBe(q);
    await expect(page.locator('.results .total').textContent()).resolves.toMatch(
      new RegExp(`^${decisionsTotal} dagordningspunkte?r? med beslut`),
    );

    // Uppdrag (the assignment register) opens with the words in its own field.
    await page.getByRole('link', { name: 'Uppdrag', exact: true }).click();
    await ready(page, 'uppdrag');
    await expect(page.getByLabel('Ord i uppdraget').inputValue()).resolves.toBe(q);
    await page.goBack();
    await ready(page, 'beslut');

    // Back and forward walk the same questions.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('.chart canvas'));
    expect(new URL(page.url()).searchParams.get('terms')).toBe(q);
    await page.goBack();
    await ready(page, 'tidslinje');
    await expect(page.locator('#tq').inputValue()).resolves.toBe(q);
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('.chart canvas'));
  });

  it('offers the other views from each one, filters included, and brings Trender’s own words and kommun back to Sök', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=sok&q=samverkan&body=${enc(ORGAN_A)}&present=Karlskoga&yearFrom=2021`);
    await ready(page, 'sok');
    const offers = page.getByRole('navigation', { name: 'Samma fråga i andra vyer' });
    await expect(offers.getByRole('link').allTextContents()).resolves.toEqual([
      'Visa som tidslinje',
      'Visa trend',
      'Visa beslut',
      'Visa uppdrag',
      'Visa konkordans',
    ]);
    const timeline = new URL(
      (await offers.getByRole('link', { name: 'Visa som tidslinje' }).getAttribute('href'))!,
      api.url,
    );
    expect(Object.fromEntries(timeline.searchParams)).toEqual({
      view: 'tidslinje',
      q: 'samverkan',
      body: ORGAN_A,
      present: 'Karlskoga',
      yearFrom: '2021',
    });
    await offers.getByRole('link', { name: 'Visa trend' }).click();
    await page.waitForFunction(() => document.querySelector('.chart canvas') && window.__trendData);
    // Trender's kommun is the meetings it attended: Sök's `present`.
    await expect(page.getByLabel('Organ').inputValue()).resolves.toBe(ORGAN_A);
    await expect(page.getByLabel('Kommun (närvarande vid mötet)').inputValue()).resolves.toBe('Karlskoga');
    await page
      .getByRole('navigation', { name: 'Samma fråga i andra vyer' })
      .getByRole('link', { name: 'Visa träffarna' })
      .click();
    await ready(page, 'sok');
    const back = new URL(page.url()).searchParams;
    expect([back.get('q'), back.get('body'), back.get('present'), back.get('yearFrom')]).toEqual([
      'samverkan',
      ORGAN_A,
      'Karlskoga',
      '2021',
    ]);
    await expect(page.getByRole('checkbox', { name: new RegExp(`^${ORGAN_A}`) }).isChecked()).resolves.toBe(true);
  });
});

describe('Konkordans', () => {
  it('is reached from a search and shows every occurrence in its context, sorted, linked, copied and exported', async () => {
    const c = (await api.json<Concordance>('/api/concordance?q=samsjuklighet&limit=200')).body;
    const byLeft = (await api.json<Concordance>('/api/concordance?q=samsjuklighet&sort=left&limit=200')).body;
    const page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${api.url}/?q=samsjuklighet`);
    await ready(page, 'sok');
    await page
      .getByRole('navigation', { name: 'Samma fråga i andra vyer' })
      .getByRole('link', { name: 'Visa konkordans' })
      .click();
    await ready(page, 'konkordans');
    await expect(page.getByLabel('Ord i sitt sammanhang').inputValue()).resolves.toBe('samsjuklighet');
    await expect(page.locator('.results .total').textContent()).resolves.toBe(
      `${c.total} förekomster i ${c.items} dagordningspunkter`,
    );
    const shown = () =>
      page
        .locator('.kwic-line')
        .evaluateAll((rows) =>
          rows.map((r) => [
            r.querySelector('.left')!.textContent,
            r.querySelector('.match')!.textContent,
            r.querySelector('.right')!.textContent,
          ]),
        );
    await expect(shown()).resolves.toEqual(c.lines.map((l) => [l.left, l.match, l.right]));
    const first = page.locator('.kwic-row').first();
    await expect(first.getByRole('link', { name: `PDF, sida ${c.lines[0]!.page}` }).getAttribute('href')).resolves.toBe(
      c.lines[0]!.pdfUrl,
    );
    await first.getByRole('button', { name: /Kopiera raden som citat/ }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toMatch(
      /^”.*samsjuklighet.*” \(.+, \d{1,2} [a-z]+ \d{4}, § \d+, s\. \d+\)$/i,
    );
    for (const format of ['csv', 'xlsx', 'om'])
      await expect(page.locator(`.downloads a[href*="format=${format}"]`).count()).resolves.toBe(1);
    await shot(page, 'konkordans-1280');

    await page.getByLabel('Ordning').selectOption('left');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'left');
    await ready(page, 'konkordans');
    await expect.poll(shown).toEqual(byLeft.lines.map((l) => [l.left, l.match, l.right]));

    await first
      .getByRole('link', { name: /oktober 2022|november 2020|april 2024/ })
      .first()
      .click();
    await ready(page, 'protokoll');
    expect(new URL(page.url()).searchParams.get('q')).toBe('samsjuklighet');
    await expect.poll(() => page.locator('mark.occurrence').count()).toBeGreaterThan(0);
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
  });
});

/** Deletes a protocol through the API, so a test leaves the index as it found it (tests run in any order). */
const removeProtocol = (id: string) =>
  api.get(`/api/protocols/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${ADMIN_KEY}` },
  });
const idOfLink = (href: string | null) => new URLSearchParams((href ?? '').replace(/^\?/, '')).get('id');

describe('a clerk uploading', () => {
  it('uploads a protocol with the admin key, shows the result with a link, and says when the same file is already there', async () => {
    const page = await newPage();
    let uploaded: string | null = null;
    try {
      await page.goto(`${api.url}/?view=ladda-upp`);
      await page.getByLabel('Administrationsnyckel').fill(ADMIN_KEY);
      const file = {
        name: 'testprotokoll.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(
          'Protokoll Chefsgrupp testorgan 2025-03-04\n\n1. Mötet öppnas\nOrdföranden öppnade mötet.\n\n2. Hemsjukvård i länet\nBeslut: Chefsgruppen beslutar att godkänna planen för hemsjukvård.\n',
        ),
      };
      // The upload is held on its way, to see the form while it runs.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/ingest', async (route) => {
        await held;
        await route.continue();
      });
      await page.getByLabel('Filer').setInputFiles(file);
      await page.getByRole('button', { name: 'Ladda upp' }).click();
      const busy = page.getByRole('button', { name: 'Laddar upp…' });
      await expect(busy.isDisabled()).resolves.toBe(true);
      release();
      const result = page.locator('.upload-result').first();
      await result.waitFor();
      await page.unroute('**/api/ingest');
      await expect(result.textContent()).resolves.toMatch(
        /testprotokoll\.txt är inläst: 1 sida, 2 dagordningspunkter\./,
      );
      await expect(result.locator('a').count()).resolves.toBe(1);
      uploaded = idOfLink(await result.locator('a').getAttribute('href'));
      await expect(page.getByRole('button', { name: 'Ladda upp' }).isEnabled()).resolves.toBe(true);
      await shot(page, 'ladda-upp-1280');

      await page.getByLabel('Filer').setInputFiles(file);
      await page.getByRole('button', { name: 'Ladda upp' }).click();
      await expect.poll(() => page.locator('.upload-result').count()).toBe(2);
      await expect(page.locator('.upload-result').first().textContent()).resolves.toMatch(
        /testprotokoll\.txt finns redan/,
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
      // The next attempt clears the last one's error.
      await page.getByLabel('Administrationsnyckel').fill(ADMIN_KEY);
      await page.getByLabel('Filer').setInputFiles(file);
      await page.getByRole('button', { name: 'Ladda upp' }).click();
      await page.locator('.upload-result').first().waitFor();
      await expect(page.locator('.uploads .error').count()).resolves.toBe(0);
    } finally {
      if (uploaded) await removeProtocol(uploaded);
    }
  });

  it('is not offered when the server has no admin key', async () => {
    const closed = await startApp({
      config: testConfig({ INDEX_PREFIX: runtime.names.prefix, CORPUS_DIR: corpusDir }),
      search: runtime.search,
      indexer: runtime.indexer,
      publicDir,
    });
    try {
      await expect(closed.json<{ admin: boolean }>('/api/capabilities')).resolves.toMatchObject({
        status: 200,
        body: { admin: false },
      });
      const page = await newPage();
      await page.goto(`${closed.url}/?view=sok`);
      await ready(page, 'sok');
      await expect.poll(() => page.locator('nav a[data-view="ladda-upp"]').count()).toBe(0);
      await page.goto(`${closed.url}/?view=ladda-upp`);
      await ready(page, 'ladda-upp');
      await expect(page.locator('main').textContent()).resolves.toMatch(/Uppladdning är avstängd/);
      await expect(page.locator('input[type=file]').count()).resolves.toBe(0);
      // With the key, the link is there.
      await page.goto(`${api.url}/?view=sok`);
      await ready(page, 'sok');
      await expect(page.locator('nav a[data-view="ladda-upp"]').count()).resolves.toBe(1);
    } finally {
      await closed.close();
    }
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
    ['konkordans', `/?view=konkordans&q=samsjuklighet`],
  ];

  it('has no horizontal overflow on any view', async () => {
    const page = await newPage(390, 844);
    for (const [name, url] of VIEWS) {
      await page.goto(`${api.url}${url}`);
      await ready(page, name);
      await expect.poll(() => overflow(page), { message: name }).toBe(0);
      await shot(page, `${name}-390`);
    }
    await page.goto(`${api.url}/?view=tidslinje&related=003_5f027efdf8c98c30-9cc5a0a4_9`);
    await page.waitForSelector('.related-group');
    expect(await overflow(page)).toBe(0);
    await shot(page, 'folj-fragan-390');
  });

  it('wraps a 300-character token in a snippet, a decision, a timeline, a concordance and a protocol', async () => {
    const token = `https://example.invalid/${'protokoll'.repeat(31)}`.slice(0, 300);
    expect(token).toHaveLength(300);
    const form = new FormData();
    form.append(
      'file',
      new Blob(
        [
          `Protokoll Chefsgrupp långordsorgan 2025-06-10\n\n1. Mötet öppnas\nOrdföranden öppnade mötet.\n\n` +
            `2. Blåsippsprojektet\nBlåsippsprojektet redovisades, se ${token} för underlaget.\n` +
            `Beslut: Chefsgruppen beslutar att blåsippsprojektet fortsätter enligt ${token}.\n`,
        ],
        { type: 'text/plain' },
      ),
      'langt-ord.txt',
    );
    const res = await api.get('/api/ingest', {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const { protocolId } = (await res.json()) as { protocolId: string };
    try {
      const page = await newPage(390, 844);
      for (const [name, url] of [
        ['sok', '/?view=sok&q=blåsippsprojektet'],
        ['beslut', '/?view=beslut&q=blåsippsprojektet'],
        ['tidslinje', '/?view=tidslinje&q=blåsippsprojektet'],
        ['konkordans', '/?view=konkordans&q=blåsippsprojektet'],
        ['protokoll', `/?view=protokoll&id=${protocolId}&item=2&q=blåsippsprojektet`],
      ] as const) {
        await page.goto(`${api.url}${url}`);
        await ready(page, name);
        // The concordance keeps 70 characters of context at most, cut between words: the token is left out there.
        if (name !== 'konkordans')
          await expect(page.locator('main').textContent()).resolves.toContain(token.slice(0, 60));
        await expect.poll(() => overflow(page), { message: name }).toBe(0);
      }
      await page.goto(`${api.url}/?view=sok&q=blåsippsprojektet`);
      await ready(page, 'sok');
      await shot(page, 'sok-langt-ord-390');
    } finally {
      await removeProtocol(protocolId);
    }
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
  });

  it('fits the chart and the table in the width', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${api.url}/?view=trender`);
    await page.waitForSelector('.chart canvas');
    for (const selector of ['.chart', '.trend-table table']) {
      const box = (await page.locator(selector).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
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
  });

  it('ticks three facets in a row with Space and Tab, focus staying on each facet it ticked, and removes one by its chip', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/?view=sok&q=samverkan`);
    await ready(page, 'sok');
    const topics = page.locator('#filters fieldset', { hasText: 'Ämne' }).locator('input[type=checkbox]');
    await topics.first().focus();
    const ticked: string[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await page.keyboard.press('Tab');
      const value = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
      await page.keyboard.press('Space');
      ticked.push(value);
      await page.waitForFunction((n) => new URL(location.href).searchParams.getAll('topics').length === n, i + 1);
      await ready(page, 'sok');
      // The re-rendered panel gives the focus back to the same facet, ticked.
      await expect
        .poll(() =>
          page.evaluate(() => {
            const el = document.activeElement as HTMLInputElement;
            return [el.name, el.value, el.checked];
          }),
        )
        .toEqual(['topics', value, true]);
    }
    expect(new URL(page.url()).searchParams.getAll('topics').sort()).toEqual([...ticked].sort());

    await page.getByRole('button', { name: `Ta bort filtret Ämne: ${ticked[1]}` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('topics').length === 2);
    await ready(page, 'sok');
    // The chip that took the removed one's place has the focus, not the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe(`Ta bort filtret Ämne: ${ticked[2]}`);
  });
});

describe('by keyboard only, charting', () => {
  it('adds a topic with Space keeping focus on it, steps through a select without a re-render per arrow, and opens a value with Enter', async () => {
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
    await expect
      .poll(() =>
        page.evaluate(() => [(document.activeElement as HTMLInputElement).value, document.activeElement?.tagName]),
      )
      .toEqual(['suicidprevention', 'INPUT']);

    // The unit: two steps with the arrow keys change nothing yet; Enter applies the choice once.
    const unit = page.locator('select[name=unit]');
    await unit.focus();
    const before = await unit.inputValue();
    const entries = await page.evaluate(() => history.length);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const chosen = await unit.inputValue();
    expect(chosen).not.toBe(before);
    expect(new URL(page.url()).searchParams.get('unit')).toBeNull();
    await page.keyboard.press('Enter');
    await page.waitForFunction((u) => new URL(location.href).searchParams.get('unit') === u, chosen);
    await expect.poll(() => page.evaluate(() => window.__trendData?.unit)).toBe(chosen);
    expect(await page.evaluate(() => history.length)).toBe(entries + 1);
    await expect
      .poll(() =>
        page.evaluate(() => [document.activeElement?.tagName, (document.activeElement as HTMLSelectElement).name]),
      )
      .toEqual(['SELECT', 'unit']);
    // Leaving the select applies a step too, and the focus stays where it went.
    const unitNow = await unit.inputValue();
    await page.keyboard.press('ArrowDown');
    const stepped = await unit.inputValue();
    expect(stepped).not.toBe(unitNow);
    expect(new URL(page.url()).searchParams.get('unit')).toBe(unitNow);
    await page.keyboard.press('Tab');
    await page.waitForFunction((u) => new URL(location.href).searchParams.get('unit') === u, stepped);
    await expect.poll(() => page.evaluate(() => window.__trendData?.unit)).toBe(stepped);
    await expect
      .poll(() =>
        page.evaluate(() => [document.activeElement?.tagName, (document.activeElement as HTMLSelectElement).name]),
      )
      .toEqual(['SELECT', 'body']);

    await page.locator('.trend-table tbody td a').first().focus();
    await page.keyboard.press('Enter');
    await ready(page, 'sok');
  });
});
