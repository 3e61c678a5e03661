/**
 * The organisation (kommun, region, association) is indexed as a facet of its
 * own, on items and protocols, next to the body; with where the date came from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

describe('the organisation facet', () => {
  let runtime: Runtime;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-organisation-'));
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    writeFileSync(
      path.join(dir, 'kumla.txt'),
      'KUMLA KOMMUN Socialnämnden\nSammanträdesdatum 2019-05-06\n\n§ 1 Budget\nNämnden beslutar att godkänna budgeten.\n\n§ 2 Hemtjänst\nNämnden beslutar att anta riktlinjerna.',
    );
    writeFileSync(
      path.join(dir, 'region.txt'),
      'Region Örebro län\nProtokoll Styrelsen\nDatum: 2020-02-03\n\n§ 1 Vårdval\nStyrelsen beslutar att godkänna vårdvalet.',
    );
    const summary = await ingestFiles(runtime.indexer, await listCorpus(dir), {
      maxFileBytes: 1024 * 1024,
      removeMissing: true,
    });
    expect(summary.failed).toEqual([]);
  });
  afterAll(async () => {
    await dropIndexes(runtime);
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts items per organisation and filters by it', async () => {
    const items = runtime.admin.index(runtime.names.items);
    const all = await items.search(null, { limit: 0, facets: ['organisation'] });
    expect(all.facetDistribution?.organisation).toEqual({ 'Kumla kommun': 2, 'Region Örebro län': 1 });
    const kumla = await items.search(null, {
      filter: 'organisation = "Kumla kommun"',
      attributesToRetrieve: ['body', 'title'],
    });
    expect(kumla.hits.map((h) => `${String(h.body)}: ${String(h.title)}`).sort()).toEqual([
      'Socialnämnden: Budget',
      'Socialnämnden: Hemtjänst',
    ]);
  });

  it('stores on the protocol where its date was read', async () => {
    const protocols = await runtime.admin.index(runtime.names.protocols).search(null, {
      filter: 'organisation = "Region Örebro län"',
      attributesToRetrieve: ['meetingDate', 'dateSource'],
    });
    expect(protocols.hits).toEqual([{ meetingDate: '2020-02-03', dateSource: 'label' }]);
  });
});
