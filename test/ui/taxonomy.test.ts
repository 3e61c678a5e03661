/**
 * Ämnen, the analysts' taxonomy view, in a real browser (Debian's Chromium) over
 * the real app and Meilisearch with the bundled corpus: add a term, see before
 * saving which topic gains how many items, save, find the change in the history
 * and the re-tagged item in search with "taggad för". Screenshots at 1280 and
 * 390 px under test-results/screenshots/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, uiOverCorpus } from '../helpers/ui.js';

const KEY = 'ui-admin-key-0123456789';
// A refused admin key is an expected 403 in one test.
const ui = uiOverCorpus({ env: { ADMIN_API_KEY: KEY }, ignoreErrors: /403/ });
const { newPage } = ui;

describe('Ämnen', () => {
  it('says in Swedish when the admin key is wrong, and saves nothing', async () => {
    const page = await newPage(1280);
    await page.goto(`${ui.api.url}/?view=amnen`);
    await page.waitForSelector('main[data-ready="amnen"] .taxonomy-topic');
    await page.fill('#admin-key', 'fel-nyckel');
    await page.dispatchEvent('#admin-key', 'change');
    await page.locator('[data-topic="nara-vard"] summary').click();
    await page.locator('[data-topic="nara-vard"] input[data-field="terms"]').fill('kunskapsstyrning');
    await page.locator('[data-topic="nara-vard"] [data-field="terms"] button[type="submit"]').click();
    await expect(page.locator('.taxonomy-effect .error').textContent()).resolves.toMatch(
      /Fel administrationsnyckel\. Ange administrationsnyckeln ovan\./,
    );
  });

  it('adds a term, shows the items the topic gains before saving, saves, and lists the version', async () => {
    const page = await newPage(1280);
    await page.goto(`${ui.api.url}/?view=amnen`);
    await page.waitForSelector('main[data-ready="amnen"] .taxonomy-topic');
    expect(await page.locator('.taxonomy-topic summary .taxonomy-label').allTextContents()).toContain('äldre');
    await expect(page.locator('.taxonomy-version').textContent()).resolves.toMatch(/Version 1, från filen/);

    await page.fill('#admin-key', KEY);
    await page.dispatchEvent('#admin-key', 'change');
    await page.locator('[data-topic="nara-vard"] summary').click();
    await page.locator('[data-topic="nara-vard"] input[data-field="terms"]').fill('kunskapsstyrning');
    await page.locator('[data-topic="nara-vard"] [data-field="terms"] button[type="submit"]').click();
    const row = page.locator('.taxonomy-effect-table tr[data-topic="nara-vard"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[2]).toMatch(/^\+[1-9]/);
    expect(cells[3]).toBe('0');
    await expect(page.locator('.taxonomy-changes').textContent()).resolves.toContain(
      'nära vård: +term "kunskapsstyrning"',
    );
    await expect(page.locator('[data-topic="nara-vard"] .badge').textContent()).resolves.toBe('ändrat');
    await page.screenshot({ path: path.join(SHOTS, 'amnen-effekt-1280.png'), fullPage: true });

    // Removing it again leaves nothing to save.
    await page.getByRole('button', { name: 'Ta bort ”kunskapsstyrning” ur termer för nära vård' }).click();
    await expect(page.locator('.taxonomy-save').isDisabled()).resolves.toBe(true);
    await page.locator('[data-topic="nara-vard"] input[data-field="terms"]').fill('kunskapsstyrning');
    await page.locator('[data-topic="nara-vard"] [data-field="terms"] button[type="submit"]').click();
    await row.waitFor();

    await page.fill('#taxonomy-note', 'Överenskommelsen om kunskapsstyrning hör till omställningen');
    await page.locator('.taxonomy-save').click();
    await page.waitForSelector('main[data-ready="amnen"] .notice');
    await expect(page.locator('.notice').textContent()).resolves.toMatch(
      /Version 2 är sparad\. \d+ dagordningspunkt(er)? fick andra ämnen/,
    );
    const latest = page.locator('.taxonomy-history > li').first();
    await expect(latest.textContent()).resolves.toMatch(/Version 2 · .* · sparad i tjänsten/);
    await expect(latest.textContent()).resolves.toContain('nära vård: +term "kunskapsstyrning"');
    await expect(latest.locator('.taxonomy-note').textContent()).resolves.toBe(
      'Överenskommelsen om kunskapsstyrning hör till omställningen',
    );
    await expect(page.locator('.taxonomy-history > li').nth(1).textContent()).resolves.toMatch(
      /Version 1 · .* · från filen .*Återställ version 1/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'amnen-sparad-1280.png'), fullPage: true });

    const phone = await newPage(390, 844);
    await phone.goto(`${ui.api.url}/?view=amnen&amne=nara-vard`);
    await phone.waitForSelector('main[data-ready="amnen"] [data-topic="nara-vard"][open]');
    await phone.screenshot({ path: path.join(SHOTS, 'amnen-390.png'), fullPage: true });
  });

  it('shows under a search hit what it was tagged for, as written and where', async () => {
    const page = await newPage(1280);
    // The file's own taxonomy tags it (this test does not rely on the save above: it runs alone too).
    await page.goto(`${ui.api.url}/?view=sok&q=samsjuklighet`);
    await page.waitForSelector('main[data-ready="sok"] .hit');
    const hit = page.locator('.hit', { has: page.locator('h2, h3', { hasText: /\. Samsjuklighet$/ }) }).first();
    await expect(hit.locator('.tagged-for').textContent()).resolves.toMatch(
      /taggad för: (?:.*; )?samsjuklighet – ”Samsjuklighet” \(rubrik\)/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'amnen-taggad-for-1280.png') });
  });
});
