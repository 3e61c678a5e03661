/**
 * The analyst's views in a real browser (Debian's Chromium), over the bundled
 * corpus plus two protocols whose dates were taken out (copies of seed texts
 * with every year removed) and the föredragningslista of a bundled meeting:
 * Trender says what it leaves out (the chart's note, the table's rows, the
 * CSV, the list a point opens), draws the events added through the
 * API and lets an admin add one; Vad är nytt ranks the 2020 meeting's words.
 * Screenshots under test-results/screenshots/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Keyness } from '../../src/search/keyness.js';
import type { Trends } from '../../src/search/trends.js';
import { CORPUS_DIR } from '../helpers/runtime.js';
import { seedTextPath } from '../helpers/seed.js';
import { SHOTS, uiOverCorpus } from '../helpers/ui.js';

const ADMIN_KEY = 'analytics-ui-admin-key-0123456789';
const EVENT_RGB = [180, 83, 9];

const undatedCopy = (seed: string) =>
  readFileSync(seedTextPath(seed), 'utf8')
    .replace(/\b(19|20)\d{2}-\d{2}-\d{2}\b/g, '')
    .replace(/\b(19|20)\d{2}\b/g, '');

// The bundled corpus, two seed protocols with every date taken out, and one meeting's föredragningslista.
const corpusDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-analytics-corpus-'));
const ui = uiOverCorpus({
  env: { ADMIN_API_KEY: ADMIN_KEY },
  corpus: () => {
    cpSync(CORPUS_DIR, corpusDir, { recursive: true });
    writeFileSync(path.join(corpusDir, 'odaterat-protokoll-a.txt'), undatedCopy('002_dd3eb397fa6549bb'));
    writeFileSync(path.join(corpusDir, 'odaterat-protokoll-b.txt'), undatedCopy('003_5f027efdf8c98c30'));
    writeFileSync(
      path.join(corpusDir, 'foredragningslista-2024-04-19.txt'),
      readFileSync(seedTextPath('001_50d6c6026012b732'), 'utf8').replace('## Protokoll ', '## Föredragningslista '),
    );
    return corpusDir;
  },
});
const { newPage } = ui;
afterAll(() => rmSync(corpusDir, { recursive: true, force: true }));

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Pixels of the chart's canvas in the annotations' colour. */
const eventPixels = (page: Page) =>
  page
    .locator('.chart canvas')
    .first()
    .evaluate((canvas, rgb) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (
          Math.abs(data[i]! - rgb[0]!) < 12 &&
          Math.abs(data[i + 1]! - rgb[1]!) < 12 &&
          Math.abs(data[i + 2]! - rgb[2]!) < 12
        )
          n++;
      return n;
    }, EVENT_RGB);

const trendsReady = (page: Page) =>
  page.waitForFunction(
    () => document.getElementById('main')?.dataset.ready === 'trender' && !!document.querySelector('.chart canvas'),
  );

describe('Trender on a corpus with undated protocols', () => {
  it('states what the chart leaves out, in the answer, above the chart, in the table and in the CSV', async () => {
    const expected = (
      await ui.api.json<Trends>(
        '/api/trends?topics=n%C3%A4ra%20v%C3%A5rd&topics=psykisk%20h%C3%A4lsa&topics=samsjuklighet&unit=items',
      )
    ).body;
    const undated = expected.excluded.find((e) => e.reason === 'undated')!;
    expect(undated.protocols).toBe(2);
    expect(undated.items).toBeGreaterThan(10);
    const agenda = expected.excluded.find((e) => e.reason === 'agenda')!;
    expect(agenda.protocols).toBe(1);
    console.log(
      `left out: ${undated.items} items in ${undated.protocols} protocols without a date, ${agenda.items} in an agenda`,
    );

    const page = await newPage();
    await page.goto(`${ui.api.url}/?view=trender`);
    await trendsReady(page);
    expect(await page.evaluate(() => window.__trendData)).toEqual(expected);
    const note = (await page.locator('.left-out').innerText()).replace(/\s+/g, ' ');
    expect(note).toContain(
      `Räknas inte i diagrammet: ${undated.items} dagordningspunkter i 2 protokoll utan datum ingår inte i något år.`,
    );
    expect(note).toContain(
      `${agenda.items} dagordningspunkter i 1 kallelse eller föredragningslista räknas inte: ett möte räknas efter sitt protokoll.`,
    );
    // The table's foot: each series' own undated items, then the agenda left out as a whole.
    await expect(page.locator('.trend-table tfoot th').allTextContents()).resolves.toEqual([
      'Utan datum',
      'Kallelser och föredragningslistor',
    ]);
    const footer = page.locator('.trend-table tfoot tr').first();
    const cells = await footer.locator('td').allTextContents();
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    expect(cells.slice(0, expected.series.length)).toEqual(
      expected.series.map((s) =>
        s.undated.items
          ? `${plural(s.undated.items, 'punkt', 'punkter')}, ${plural(s.undated.protocols, 'möte', 'möten')}`
          : '–',
      ),
    );
    // Small bases: one meeting a year here, so every point is marked.
    await expect(page.locator('.trend-table tbody td.small-base').count()).resolves.toBe(
      expected.series.reduce((n, s) => n + s.points.filter((p) => p.smallBase).length, 0),
    );
    await expect(page.locator('.chart-key').textContent()).resolves.toMatch(/Ofylld punkt: litet underlag/);

    // The protocols, on demand, from the answer's link.
    await page.getByRole('button', { name: 'Visa protokollen' }).click();
    await page.getByRole('button', { name: 'Visa dokumenten' }).click();
    await expect
      .poll(async () => (await page.locator('.left-out-list li a').allTextContents()).sort())
      .toEqual(['foredragningslista-2024-04-19.txt', 'odaterat-protokoll-a.txt', 'odaterat-protokoll-b.txt']);
    await shot(page, 'trender-utelamnade-1280');

    // The CSV behind the download link says it too.
    const href = await page.locator('.downloads a', { hasText: 'CSV' }).first().getAttribute('href');
    const csv = await (await ui.api.get(href!)).text();
    expect(csv).toContain(
      `Alla dagordningspunkter;underlag;;;;;${undated.items};${undated.protocols};;utan datum: ingår inte i något år`,
    );
    expect(csv).toContain(
      `Alla dagordningspunkter;underlag;;;;;${agenda.items};1;;kallelser och föredragningslistor: räknas inte: ett möte räknas efter sitt protokoll`,
    );
    const wide = await (await ui.api.get(`${href!}&layout=wide`)).text();
    expect(wide.split('\r\n')[0]).toBe(
      'År;nära vård;psykisk hälsa;samsjuklighet;Dagordningspunkter totalt;Möten totalt;Anmärkning',
    );

    // A point's list leaves the agenda out too, and says so among its filters.
    const point = expected.series[0]!.points.find((p) => p.year === 2024)!;
    expect(point.searchParams).toContain('agendas=false');
    await page.goto(`${ui.api.url}/?view=sok&${point.searchParams}`);
    await page.waitForFunction(() => document.getElementById('main')?.dataset.ready === 'sok');
    await expect(page.locator('.active-filters').innerText()).resolves.toContain(
      'Utan kallelser och föredragningslistor',
    );
    await expect(page.locator('.hit').count()).resolves.toBe(point.items);
    await expect(page.locator('.badge.agenda').count()).resolves.toBe(0);
  });
});

describe('events on the trend chart', () => {
  it('draws an event added through the API on the chart and lists it under it', async () => {
    const page = await newPage();
    await page.goto(`${ui.api.url}/?view=trender`);
    await trendsReady(page);
    expect(await eventPixels(page)).toBe(0);

    const res = await ui.api.get('/api/annotations', {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        date: '2020-03-11',
        end: '2022-02-09',
        label: 'Covid-19-pandemin',
        description: 'Från WHO:s besked till att restriktionerna upphörde.',
        topics: ['psykisk hälsa'],
      }),
    });
    expect(res.status).toBe(201);
    const { annotations } = (await ui.api.json<{ annotations: { label: string }[] }>('/api/annotations')).body;
    expect(annotations.map((a) => a.label)).toEqual(['Covid-19-pandemin']);

    await page.reload();
    await trendsReady(page);
    const shown = await page.evaluate(() => window.__trendData!.annotations.map((a) => a.label));
    expect(shown).toEqual(['Covid-19-pandemin']);
    expect(await eventPixels(page)).toBeGreaterThan(100);
    await expect(page.locator('.annotation-list li').first().innerText()).resolves.toMatch(
      /^Covid-19-pandemin – 11 mars 2020 till 9 februari 2022\. Från WHO:s besked/,
    );
    await shot(page, 'trender-handelser-1280');

    // Not drawn on a chart of topics it does not concern.
    await page.goto(`${ui.api.url}/?view=trender&topics=samsjuklighet`);
    await trendsReady(page);
    expect(await eventPixels(page)).toBe(0);
  });

  it('lets an admin add an event from the chart page with the key', async () => {
    const page = await newPage();
    await page.goto(`${ui.api.url}/?view=trender&topics=samsjuklighet`);
    await trendsReady(page);
    await page.getByText('Lägga till händelser (administratörer)').click();
    await page.getByLabel('Administrationsnyckel').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await page.getByRole('button', { name: 'Lägg till händelse' }).click();
    await page.getByLabel('Datum', { exact: true }).fill('2022-06-01');
    await page.getByLabel('Rubrik').fill('Ny överenskommelse om samsjuklighet');
    await page.locator('.annotation-form input[name=topics][value=samsjuklighet]').check();
    await page.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.annotation-list li')].some((li) => li.textContent?.includes('samsjuklighet')),
    );
    expect(await eventPixels(page)).toBeGreaterThan(30);
    const stored = (await ui.api.json<{ annotations: { label: string; topics: string[] }[] }>('/api/annotations')).body;
    expect(stored.annotations.find((a) => a.label === 'Ny överenskommelse om samsjuklighet')?.topics).toEqual([
      'samsjuklighet',
    ]);
    await shot(page, 'trender-ny-handelse-1280');
  });
});

describe('Vad är nytt', () => {
  it('ranks the 2020 meeting’s words against 2021–2024 with both counts, each linking to its trend', async () => {
    const page = await newPage();
    await page.goto(ui.api.url);
    await page.getByRole('link', { name: 'Vad är nytt' }).click();
    await page.waitForSelector('.keyness-terms tbody tr');
    await page.getByLabel('Period (år eller spann)').fill('2020');
    await page.getByLabel('Jämför med (tomt: övriga år)').fill('2021-2024');
    await page.getByRole('button', { name: 'Jämför' }).click();
    await page.waitForFunction(
      () =>
        new URL(location.href).searchParams.get('reference') === '2021-2024' &&
        document.querySelector('.keyness-results')?.getAttribute('aria-busy') === 'false',
    );
    const k = (await page.evaluate(() => window.__keynessData)) as Keyness;
    const expected = (await ui.api.json<Keyness>('/api/keyness?period=2020&reference=2021-2024')).body;
    expect(k.terms).toEqual(expected.terms);
    const pandemic = expected.terms.find((t) => t.stem.startsWith('pandemi'))!;
    const row = page.locator('.keyness-terms tbody tr', { hasText: pandemic.term });
    const cells = (await row.locator('th, td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    const sv = (n: number) => n.toLocaleString('sv-SE').replace(/\s/g, ' ');
    expect(cells.slice(0, 3)).toEqual([
      `${pandemic.term} ny`,
      `${pandemic.countTarget} av ${sv(pandemic.totalTarget)}`,
      `0 av ${sv(pandemic.totalReference)}`,
    ]);
    await expect(page.locator('.keyness-summary').innerText()).resolves.toMatch(
      /^2020: \d+ dagordningspunkter i 1 möte, .* Jämfört med 2021–2024: \d+ dagordningspunkter i 4 möten/,
    );
    await shot(page, 'vad-ar-nytt-1280');

    await row.getByRole('link', { name: 'trend' }).click();
    await trendsReady(page);
    expect(new URL(page.url()).searchParams.get('terms')).toBe(pandemic.term);
    const series = await page.evaluate(() =>
      window.__trendData!.series.map((s) => [s.label, s.points.map((p) => p.items)]),
    );
    expect(series[0]![0]).toBe(pandemic.term);
  });
});

describe('on a 390 px phone', () => {
  it('fits Vad är nytt and the trend notes, events and table in the width', async () => {
    const page = await newPage(390, 844);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto(`${ui.api.url}/?view=nytt&period=2020&reference=2021-2024`);
    await page.waitForFunction(() => document.querySelector('.keyness-results')?.getAttribute('aria-busy') === 'false');
    expect(await overflow()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'vad-ar-nytt-390.png') });
    await page.goto(`${ui.api.url}/?view=trender`);
    await trendsReady(page);
    expect(await overflow()).toBe(0);
    for (const selector of ['.left-out', '.chart', '.annotations'])
      expect(
        ((await page.locator(selector).boundingBox())!.x ?? 0) + (await page.locator(selector).boundingBox())!.width,
      ).toBeLessThanOrEqual(390);
    await shot(page, 'trender-utelamnade-390');
  });
});
