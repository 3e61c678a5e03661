/**
 * The taxonomy's versions in the index's store (a real Meilisearch index): the
 * repository file seeds an empty store, a changed file is imported while the
 * version in use is the file's, and never over an analyst's edit.
 */
import { randomBytes } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { TaxonomyStore, taxonomyDigest } from '../../domain/store/taxonomy-store.js';
import { fileTaxonomy, type Taxonomy } from '../../domain/taxonomy.js';

const admin = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
const uid = `x${randomBytes(4).toString('hex')}-taxonomy`;
const store = new TaxonomyStore(admin, uid);

const edited = (about: string): Taxonomy => ({ ...fileTaxonomy, about });

describe('TaxonomyStore', () => {
  afterAll(async () => {
    await admin
      .deleteIndex(uid)
      .waitTask()
      .catch(() => undefined);
  });

  it('seeds an empty store with the file, imports a changed file, and never overwrites an analyst', async () => {
    expect(await store.latest()).toBeNull();
    const first = await store.ensure({ taxonomy: fileTaxonomy, fileDigest: 'file-1' });
    expect(first).toMatchObject({ imported: true, fileDiffers: false, active: { version: 1, source: 'file' } });
    expect(first.active.digest).toBe(taxonomyDigest(fileTaxonomy));
    expect(await store.ensure({ taxonomy: fileTaxonomy, fileDigest: 'file-1' })).toMatchObject({
      imported: false,
      active: { version: 1 },
    });

    // A developer edits the file: nobody has edited through the API, so it is imported.
    const second = await store.ensure({ taxonomy: edited('file edited'), fileDigest: 'file-2' });
    expect(second).toMatchObject({ imported: true, active: { version: 2, source: 'file' } });

    // An analyst saves version 3; the next file edit is not imported over it, and says so.
    await store.append(edited('analyst'), { source: 'api', note: 'la till en term' });
    const third = await store.ensure({ taxonomy: edited('file edited again'), fileDigest: 'file-3' });
    expect(third).toMatchObject({ imported: false, fileDiffers: true, active: { version: 3, source: 'api' } });

    const versions = await store.list();
    expect(versions.map((v) => [v.version, v.source, v.note])).toEqual([
      [1, 'file', null],
      [2, 'file', null],
      [3, 'api', 'la till en term'],
    ]);
    expect((await store.get(3))!.taxonomy.about).toBe('analyst');
    expect(await store.get(9)).toBeNull();
  });
});
