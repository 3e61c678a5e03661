/**
 * `npm run harvest -- --url …` as a process, as in the issue: a listing page
 * of the five bundled PDFs plus one new one; only the new one is downloaded,
 * it is searchable with its source URL, and a second run downloads nothing.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { searchItems } from '../../src/search/search.js';
import { BUNDLED, NEW_PATH, startListingServer, type ListingServer } from '../helpers/listing-server.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';
import type { Config } from '../../domain/config.js';

function runHarvest(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'ingest/harvest/cli.ts'), ...args],
      { cwd: projectRoot, env: { ...process.env, ...env } },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run harvest (ingest/harvest/cli.ts)', () => {
  let runtime: Runtime;
  let config: Config;
  let site: ListingServer;
  const corpusDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-harvest-cli-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-harvest-cli-data-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ runtime, config } = await testRuntime({ CORPUS_DIR: corpusDir }));
    for (const name of BUNDLED)
      copyFileSync(path.join(projectRoot, 'corpus', `${name}.pdf`), path.join(corpusDir, `${name}.pdf`));
    await ingestBundledCorpus(runtime, corpusDir);
    site = await startListingServer({ clean: true });
    site.publishNew();
    env = {
      MEILI_URL: config.MEILI_URL!,
      MEILI_MASTER_KEY: config.MEILI_MASTER_KEY ?? '',
      INDEX_PREFIX: config.INDEX_PREFIX,
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      HARVEST_ALLOW_HOSTS: '127.0.0.1',
      HARVEST_DELAY_MS: '0',
    };
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    await dropIndexes(runtime);
    rmSync(corpusDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('downloads only what is new, makes it searchable with its source URL, and exits 0', async () => {
    const { code, output } = await runHarvest(['--url', site.listing], env);
    expect(output).toMatch(
      /hämtad \(ny\) .*l%C3%A4kemedelsgenomg%C3%A5ngar\.pdf → harvest\/127\.0\.0\.1_\d+\/filer\/Minnesanteckningar Chefsgrupp 2025-03-13 läkemedelsgenomgångar\.pdf/,
    );
    expect(output).toMatch(/1 hämtade, 5 fanns redan, 0 oförändrade, 0 överhoppade, 0 fel, 1 inlästa/);
    expect(code).toBe(0);
    const found = await searchItems(runtime.search, {
      q: 'läkemedelsgenomgångar',
      sort: 'relevance',
      page: 1,
      limit: 5,
    });
    expect(found.hits[0]?.sourceUrl).toBe(site.urlOf(NEW_PATH));
  }, 60_000);

  it('downloads nothing the second time', async () => {
    site.resetStats();
    const { code, output } = await runHarvest(['--url', site.listing], env);
    expect(output).toMatch(/0 hämtade, 0 fanns redan, 6 oförändrade/);
    expect(site.stats.filesServed.size).toBe(0);
    expect(code).toBe(0);
  }, 60_000);

  it('exits 2 naming the problem when no listing page is given', async () => {
    const { code, output } = await runHarvest([], { ...env, HARVEST_SOURCES: '' });
    expect(output).toMatch(/ange --url <listsida> eller sätt HARVEST_SOURCES/);
    expect(code).toBe(2);
  }, 30_000);
});
