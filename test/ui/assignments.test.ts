/**
 * Uppdrag in a real browser (Debian's Chromium) over the real app and
 * Meilisearch with the bundled corpus: at 1280 and 390 px and by keyboard.
 * Screenshots go to test-results/screenshots/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, uiOverCorpus } from '../helpers/ui.js';

// A bad filter's 400 is logged by the browser on purpose.
const ui = uiOverCorpus({ ignoreErrors: /status of 400/ });
const { newPage } = ui;

describe('Uppdrag', () => {
  it('lists the register from the nav at 1280 px, each row linking to its § and PDF page, report-backs inline', async () => {
    const page = await newPage(1280);
    await page.goto(`${ui.api.url}/`);
    await page.getByRole('link', { name: 'Uppdrag', exact: true }).click();
    await page.waitForSelector('main[data-ready="uppdrag"] .assignments li');
    expect(await page.locator('h1').textContent()).toBe('Uppdrag');
    const count = await page.locator('.count').textContent();
    expect(count).toMatch(/^\d+ uppdrag · sida 1 av \d+$/);
    const first = page.locator('.assignments li').first();
    expect(await first.getByRole('link', { name: /^§ / }).getAttribute('href')).toMatch(/view=protokoll/);
    expect(await first.getByRole('link', { name: /^PDF sida \d+$/ }).getAttribute('href')).toMatch(
      /\/api\/protocols\/.+\/source#page=\d+/,
    );
    await page.getByRole('button', { name: 'Återrapporterade' }).click();
    await page.waitForSelector('main[data-ready="uppdrag"] .assignments li.status-reported');
    expect(await page.locator('.assignments li').count()).toBe(
      await page.locator('.assignments li.status-reported').count(),
    );
    expect(await page.locator('.assignments li .reported').first().textContent()).toMatch(/^Återrapporterat i: /);
    expect(new URL(page.url()).searchParams.getAll('status')).toEqual(['återrapporterad']);
    await page.screenshot({ path: path.join(SHOTS, 'uppdrag-1280.png'), fullPage: false });
  });

  it('works by keyboard: words typed in the form and a status chip toggled with the space bar', async () => {
    const page = await newPage(1280);
    await page.goto(`${ui.api.url}/?view=uppdrag`);
    await page.waitForSelector('main[data-ready="uppdrag"] .assignments li');
    await page.getByLabel('Ansvarig').focus();
    await page.keyboard.type('Marina');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('assignee') === 'Marina');
    await page.waitForSelector('main[data-ready="uppdrag"] .assignments li');
    const holders = await page.locator('.assignments li .assignee').allTextContents();
    expect(holders.length).toBeGreaterThanOrEqual(2);
    expect(holders.every((x) => /Marina/.test(x))).toBe(true);
    const chip = page.getByRole('button', { name: 'Öppna' });
    await chip.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('status') === 'öppen');
    await page.waitForSelector('main[data-ready="uppdrag"] .count');
    expect(await page.getByRole('button', { name: 'Öppna' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${ui.api.url}/?view=uppdrag`);
    await page.waitForSelector('main[data-ready="uppdrag"] .assignments li');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'uppdrag-390.png'), fullPage: false });
  });

  it('shows a Swedish message for a bad filter and logs no errors', async () => {
    const page = await newPage(1280);
    await page.goto(`${ui.api.url}/?view=uppdrag&year=abc`);
    await page.waitForSelector('main[data-ready="uppdrag"] .error');
    expect(await page.locator('.error').textContent()).toMatch(/årtal/);
  });
});
