/**
 * The harvester against a local server shaped like the region's protocol
 * pages, over the real Meilisearch: what is already in the corpus is not
 * stored twice, a new protocol on the page becomes searchable with its source
 * URL, a second run downloads nothing, bad links get a clear line and a
 * listing whose layout changed deletes nothing.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolDocument } from '../../domain/schemas.js';
import { harvest, type HarvestOptions } from '../../ingest/harvest/harvest.js';
import { searchItems } from '../../src/search/search.js';
import type { Runtime } from '../../src/runtime.js';
import { projectRoot } from '../../domain/paths.js';
import { BUNDLED, NEW_PATH, startListingServer, type ListingServer } from '../helpers/listing-server.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';

/** Temporary folders, every one removed when the file's tests are done (some tests make their own). */
const made: string[] = [];
const tmp = (name: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `protokollsok-${name}-`));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function protocols(runtime: Runtime): Promise<ProtocolDocument[]> {
  return (await runtime.admin.index<ProtocolDocument>(runtime.names.protocols).getDocuments({ limit: 1000 })).results;
}

describe('harvesting a listing page', () => {
  let runtime: Runtime;
  let site: ListingServer;
  const corpusDir = tmp('harvest-corpus');
  const dataDir = tmp('harvest-data');
  let options: HarvestOptions;
  const lines: string[] = [];

  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    for (const name of BUNDLED)
      copyFileSync(path.join(projectRoot, 'corpus', `${name}.pdf`), path.join(corpusDir, `${name}.pdf`));
    await ingestBundledCorpus(runtime, corpusDir);
    site = await startListingServer({ slowMs: 1500 });
    options = {
      listings: [site.listing],
      allowHosts: ['127.0.0.1'],
      corpusDir,
      dataDir,
      indexer: runtime.indexer,
      maxFileBytes: 5 * 1024 * 1024,
      delayMs: 20,
      timeoutMs: 400,
      retries: 1,
      backoffMs: 50,
      log: (line) => lines.push(line),
    };
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    await dropIndexes(runtime);
    rmSync(corpusDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores none of the protocols already in the corpus twice, and notes where each was published', async () => {
    const report = await harvest(options);
    // Page 1, page 2 and "?page=1" (the same page under its own pagination link); 11 file links, 5 good and 6 bad.
    expect(report.listings).toMatchObject([{ url: site.listing, ok: true, pages: 3, fileLinks: 11 }]);
    expect(report.downloaded).toEqual([]);
    expect(report.linked.map((l) => l.file).sort()).toEqual(BUNDLED.map((n) => `${n}.pdf`));
    expect(existsSync(path.join(corpusDir, 'harvest'))).toBe(false);
    const docs = await protocols(runtime);
    expect(docs).toHaveLength(5);
    const zero = docs.find((d) => d.sourceFile === '000_fba7a9fba055a2c4.pdf')!;
    expect(zero.sourceUrl).toBe(site.urlOf('/filer/Minnesanteckningar Chefsgrupp vård och omsorg 2022-10-13.pdf'));
    expect(zero.listingUrl).toBe(site.listing);
    expect(docs.every((d) => d.sourceUrl?.startsWith(site.url))).toBe(true);
  }, 60_000);

  it('gives every bad link a clear line and goes on with the rest', async () => {
    const report = await harvest(options);
    const why = (url: string) =>
      [...report.failed, ...report.skipped].find((x) => x.url === url)?.reason ?? 'not reported';
    expect(why(`${site.url}/filer/saknas.pdf`)).toMatch(/HTTP 404/);
    expect(why(`${site.url}/filer/l%C3%A5ngsam.pdf`)).toMatch(/inget svar inom 0.4 s \(efter 2 försök\)/);
    expect(why(`${site.url}/filer/flyttad.pdf`)).toMatch(/omdirigering följs inte: värden example.org/);
    expect(why(`${site.url}/filer/sida.pdf`)).toMatch(/ingen PDF/);
    expect(why(`${site.url}/filer/Bilaga%20till%20protokoll%202022-10-13.doc`)).toMatch(
      /\.doc-filer kan inte läsas in/,
    );
    expect(why(`${site.url}/privat/intern.pdf`)).toMatch(/robots\.txt/);
    expect(lines.some((l) => l.includes('saknas.pdf') && l.includes('404'))).toBe(true);
  }, 60_000);

  it('asks politely: one request at a time, naming itself', async () => {
    expect(site.stats.maxInFlight).toBe(1);
    expect([...site.stats.userAgents].every((ua) => ua.startsWith('Protokollsok-harvester/'))).toBe(true);
  });

  it('downloads only a new protocol on the page, which becomes searchable with its source URL', async () => {
    site.publishNew();
    site.resetStats();
    const report = await harvest(options);
    expect(report.downloaded).toEqual([
      {
        url: site.urlOf(NEW_PATH),
        file: `harvest/${new URL(site.url).host.replace(':', '_')}${NEW_PATH}`,
        listingUrl: site.listing,
        change: 'new',
      },
    ]);
    expect([...site.stats.filesServed.keys()]).toEqual([NEW_PATH]);
    expect(report.ingest).toMatchObject({ ingested: 1, failed: [] });
    const found = await searchItems(runtime.search, {
      q: 'läkemedelsgenomgångar',
      sort: 'relevance',
      page: 1,
      limit: 10,
    });
    expect(found.total).toBeGreaterThan(0);
    expect(found.hits[0]).toMatchObject({ sourceUrl: site.urlOf(NEW_PATH), meetingDate: '2025-03-13' });
    expect(existsSync(path.join(corpusDir, report.downloaded[0]!.file))).toBe(true);
  }, 60_000);

  it('downloads nothing on a second run', async () => {
    site.resetStats();
    const harvested = path.join(corpusDir, 'harvest');
    const mtimes = readdirSync(harvested, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(path.join(e.parentPath, e.name)).mtimeMs);
    const report = await harvest(options);
    expect(report.downloaded).toEqual([]);
    expect(report.linked).toEqual([]);
    expect(report.unchanged).toBe(6);
    expect(site.stats.filesServed.size).toBe(0);
    expect(site.stats.notModified).toBe(6);
    expect(report.ingest).toBeNull();
    const after = readdirSync(harvested, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(path.join(e.parentPath, e.name)).mtimeMs);
    expect(after).toEqual(mtimes);
  }, 60_000);

  it('warns when a listing that had links suddenly has none, and deletes nothing', async () => {
    site.redesign();
    const report = await harvest(options);
    expect(report.listings[0]!.fileLinks).toBe(0);
    expect(report.listings[0]!.warnings.join(' ')).toMatch(
      /länkar inga protokollfiler nu men hade 12 förra gången.*Inget tas bort/,
    );
    expect(await protocols(runtime)).toHaveLength(6);
    // And again: the warning stays until the links are back.
    expect((await harvest(options)).listings[0]!.warnings.join(' ')).toMatch(/hade 12 förra gången/);
  }, 60_000);

  it('refuses a loopback listing page unless the host is allowed explicitly', async () => {
    site.resetStats();
    const report = await harvest({ ...options, allowHosts: [], dataDir: tmp('harvest-refused') });
    expect(report.listings[0]).toMatchObject({ ok: false });
    expect(report.listings[0]!.warnings.join(' ')).toMatch(
      /privat adress eller loopback; lägg till den i HARVEST_ALLOW_HOSTS/,
    );
    expect(site.stats.requests).toBe(0);
  });
});

describe('harvesting from a server without ETag or Last-Modified', () => {
  let site: ListingServer;
  const corpusDir = tmp('harvest-novalidators');
  const dataDir = tmp('harvest-novalidators-data');
  const base = (): HarvestOptions => ({
    listings: [site.listing],
    allowHosts: ['127.0.0.1'],
    corpusDir,
    dataDir,
    indexer: null,
    maxFileBytes: 5 * 1024 * 1024,
    delayMs: 0,
    timeoutMs: 2000,
    retries: 0,
  });
  beforeAll(async () => {
    site = await startListingServer({ clean: true, validators: false });
  });
  afterAll(async () => {
    await site.close();
    rmSync(corpusDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a file only when its content hash changed', async () => {
    const first = await harvest(base());
    expect(first.downloaded).toHaveLength(5);
    const file = path.join(corpusDir, first.downloaded[0]!.file);
    expect(existsSync(`${file}.source.json`)).toBe(true);
    const before = statSync(file).mtimeMs;
    const second = await harvest(base());
    expect(second.downloaded).toEqual([]);
    expect(second.unchanged).toBe(5);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('sets aside a file larger than the size limit without storing any of it', async () => {
    const report = await harvest({
      ...base(),
      dataDir: tmp('harvest-small'),
      corpusDir: tmp('harvest-small-corpus'),
      maxFileBytes: 80_000,
    });
    const tooLarge = report.failed.filter((f) => /större än gränsen 0\.1 MB/.test(f.reason));
    expect(tooLarge.length).toBeGreaterThan(0);
    expect(report.downloaded.length + tooLarge.length).toBe(5);
  });
});

describe('harvesting a site whose robots.txt asks for a Crawl-delay', () => {
  it('waits at least that long between two requests', async () => {
    const site = await startListingServer({ clean: true, crawlDelay: 0.25 });
    const dataDir = tmp('harvest-crawl-delay');
    const corpusDir = tmp('harvest-crawl-delay-corpus');
    try {
      await harvest({
        listings: [site.listing],
        allowHosts: ['127.0.0.1'],
        corpusDir,
        dataDir,
        indexer: null,
        maxFileBytes: 5 * 1024 * 1024,
        delayMs: 0,
        retries: 0,
      });
      const a = site.stats.arrivals;
      expect(a.length).toBeGreaterThan(5);
      // The first request is robots.txt itself; the delay applies from then on.
      for (let i = 2; i < a.length; i++) expect(a[i]! - a[i - 1]!).toBeGreaterThanOrEqual(240);
    } finally {
      await site.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(corpusDir, { recursive: true, force: true });
    }
  }, 30_000);
});
