/**
 * ensureIndexes against the run's real Meilisearch: it creates and configures the indexes, a start
 * against indexes that already have their settings writes nothing, and a setting changed behind
 * its back (by hand, or by an older version of the code) is applied again.
 */
import { randomBytes } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureIndexes, indexNames, itemSettings } from '../../domain/store/index-settings.js';
import { swedishLanguage } from '../../domain/swedish/language.js';

const admin = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
const prefix = `x${randomBytes(4).toString('hex')}`;
const names = indexNames(prefix);
const uids = [names.items, names.protocols, names.failures, names.taxonomy, names.annotations];

/** Settings tasks Meilisearch has recorded for this prefix's indexes. */
const settingsTasks = async () =>
  (await admin.tasks.getTasks({ indexUids: uids, types: ['settingsUpdate'], limit: 1000 })).results.length;

describe('ensureIndexes', () => {
  afterAll(async () => {
    for (const uid of uids)
      await admin
        .deleteIndex(uid)
        .waitTask()
        .catch(() => undefined);
  });

  it('configures new indexes, writes nothing when they are configured, and restores a changed setting', async () => {
    await ensureIndexes(admin, prefix, swedishLanguage);
    const items = await admin.index(names.items).getSettings();
    expect(items.searchableAttributes).toEqual(['stems']);
    expect(items.prefixSearch).toBe('disabled');
    const afterFirst = await settingsTasks();
    expect(afterFirst).toBe(uids.length);

    // A second start: every setting already in place, no task enqueued.
    await ensureIndexes(admin, prefix, swedishLanguage);
    expect(await settingsTasks()).toBe(afterFirst);

    // Someone changes two settings of the items index: the next start puts them back.
    await admin
      .index(names.items)
      .updateSettings({ displayedAttributes: ['id', 'title'], proximityPrecision: 'byAttribute' })
      .waitTask();
    await ensureIndexes(admin, prefix, swedishLanguage);
    const restored = await admin.index(names.items).getSettings();
    expect(restored.displayedAttributes).toEqual(itemSettings(swedishLanguage).displayedAttributes);
    expect(restored.proximityPrecision).toBe('byWord');
  });
});
