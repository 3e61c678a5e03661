/**
 * Täckning and Bevaka in a real browser (Debian's Chromium), over the real app
 * and Meilisearch with the bundled corpus. Screenshots at 1280 and 390 px are
 * saved under test-results/screenshots/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, uiOverCorpus } from '../helpers/ui.js';

const ui = uiOverCorpus();
const { newPage } = ui;

describe('Täckning', () => {
  it('is linked from Trender and shows meetings per body and year, the years without meetings visible', async () => {
    const page = await newPage(1280);
    await page.goto(`${ui.api.url}/?view=trender`);
    await page.getByRole('link', { name: /Täckning/ }).click();
    await page.waitForSelector('main[data-ready="tackning"] .coverage-grid');
    expect(new URL(page.url()).searchParams.get('view')).toBe('tackning');
    const headers = await page.locator('.coverage-grid thead th').allTextContents();
    expect(headers).toEqual(['Organ', '2020', '2021', '2022', '2023', '2024', 'Utan datum']);
    const row = page.locator('tr[data-body^="Chefsgrupp för samverkan"]');
    expect(
      await row
        .locator('td.cov[data-year]')
        .evaluateAll((tds) =>
          tds.map(
            (td) =>
              `${td.getAttribute('data-year')}:${td.getAttribute('data-meetings')}:${td.className.match(/cov-(\w+)/)?.[1]}`,
          ),
        ),
    ).toEqual(['2020:0:outside', '2021:0:outside', '2022:1:ok', '2023:0:gap', '2024:1:ok']);
    const total = await page
      .locator('td.cov[data-year]')
      .evaluateAll((tds) => tds.reduce((n, td) => n + Number(td.getAttribute('data-meetings')), 0));
    expect(total).toBe(5);
    await expect(page.locator('.coverage-gaps').textContent()).resolves.toMatch(
      /Inga möten 2023, men möten både före och efter/,
    );
    await expect(page.locator('.coverage-flags').textContent()).resolves.toMatch(/Året i datumet är härlett/);
    await page.screenshot({ path: path.join(SHOTS, 'tackning-1280.png'), fullPage: true });

    // A cell opens that body's items of that year.
    await row.locator('td[data-year="2024"] a').click();
    await page.waitForFunction(
      () =>
        new URL(location.href).searchParams.get('yearFrom') === '2024' &&
        document.querySelector('.results')?.getAttribute('aria-busy') === 'false',
    );
    await expect.poll(() => page.locator('.hit').count()).toBeGreaterThan(0);
  });

  it('stays readable on a 390 px phone: the body names stay put while the years scroll', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${ui.api.url}/?view=tackning`);
    await page.waitForSelector('main[data-ready="tackning"] .coverage-grid');
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    const sticky = await page
      .locator('.coverage-grid th[scope=row]')
      .first()
      .evaluate((th) => getComputedStyle(th).position);
    expect(sticky).toBe('sticky');
    await page.screenshot({ path: path.join(SHOTS, 'tackning-390.png'), fullPage: true });
  });
});

describe('Bevaka', () => {
  it('offers the feed URL of a search, which is an Atom feed of its items', async () => {
    const page = await newPage(1280);
    await page.goto(`${ui.api.url}/?q=samsjuklighet`);
    await page.waitForFunction(() => document.querySelector('.results')?.getAttribute('aria-busy') === 'false');
    await page.locator('.watch summary').click();
    const url = await page.locator('.watch input.feed-url').inputValue();
    expect(url).toBe(`${ui.api.url}/api/feed?q=samsjuklighet`);
    await page.screenshot({ path: path.join(SHOTS, 'bevaka-sok-1280.png'), fullPage: false });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    expect(await res.text()).toMatch(/<entry>/);
  });

  it('is offered for a topic on Trender and for a body on the protocol page', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${ui.api.url}/?view=trender&topics=${encodeURIComponent('nära vård')}`);
    await page.waitForSelector('.watch');
    expect(await page.locator('.watch input.feed-url').inputValue()).toBe(
      `${ui.api.url}/api/feed?topics=${encodeURIComponent('nära vård').replace(/%20/g, '+')}`,
    );
    const { body } = await ui.api.json<{ protocols: { id: string; body: string }[] }>('/api/protocols?limit=1');
    await page.goto(`${ui.api.url}/?view=protokoll&id=${body.protocols[0]!.id}`);
    await page.waitForSelector('main[data-ready="protokoll"] .watch');
    expect(new URL(await page.locator('.watch input.feed-url').inputValue()).searchParams.get('body')).toBe(
      body.protocols[0]!.body,
    );
  });
});
