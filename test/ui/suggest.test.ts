/**
 * Suggestions while typing in the search box, in a real browser over the bundled corpus: the
 * corpus's own words under the box, reached and taken by keyboard (the combobox pattern) or by
 * mouse, at 1280 and 390 px. Screenshots under test-results/screenshots/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, uiOverCorpus } from '../helpers/ui.js';

const ui = uiOverCorpus();

async function searchPage(width: number, q = ''): Promise<Page> {
  const page = await ui.newPage(width, 800);
  await page.goto(`${ui.api.url}/${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  await page.waitForSelector('#q');
  return page;
}

const options = (page: Page) => page.locator('#q + [role="listbox"] [role="option"]');

describe('suggestions in the search box', () => {
  it('lists words starting with what is typed; ↓ and Enter take one and search it, focus stays in the box', async () => {
    const page = await searchPage(1280);
    await page.locator('#q').pressSequentially('psyk', { delay: 30 });
    await expect.poll(() => options(page).count()).toBeGreaterThan(0);
    const words = await options(page).allTextContents();
    for (const w of words) expect(w.toLowerCase().startsWith('psyk')).toBe(true);
    const box = page.locator('#q');
    expect(await box.getAttribute('role')).toBe('combobox');
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'sok-forslag-1280.png') });
    await page.keyboard.press('ArrowDown');
    const first = await options(page).first().getAttribute('id');
    expect(await box.getAttribute('aria-activedescendant')).toBe(first);
    expect(await options(page).first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(words[0]);
    expect(await box.inputValue()).toBe(words[0]);
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
  });

  it('closes on Escape and leaves Enter to the search when no suggestion is chosen', async () => {
    const page = await searchPage(1280);
    await page.locator('#q').pressSequentially('sam', { delay: 30 });
    await expect.poll(() => options(page).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('#q').getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('sam');
  });

  it('completes the last word of a query by mouse at 390 px, within the window, the syntax line in view', async () => {
    const page = await searchPage(390, 'vård 2022');
    await page.waitForSelector('.syntax-line');
    const box = page.locator('#q');
    await box.fill('');
    await box.pressSequentially('vård 2022 hem', { delay: 30 });
    await expect.poll(() => options(page).count()).toBeGreaterThan(0);
    const list = await page.locator('#q + [role="listbox"]').boundingBox();
    expect(list!.x).toBeGreaterThanOrEqual(0);
    expect(list!.x + list!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'sok-forslag-390.png'), fullPage: true });
    const word = (await options(page).first().textContent())!;
    await options(page).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(`vård 2022 ${word}`);
    await page.waitForSelector('.syntax-line');
    await page.screenshot({ path: path.join(SHOTS, 'sok-syntax-390.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
  });
});
