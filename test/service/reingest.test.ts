/**
 * From a maintainer's chair: edit a data file, run the worker again, and the
 * protocols it affects are re-ingested with the reason in the summary; edit
 * the README and nothing is. Runs the real worker CLI on a copy of the code,
 * so the edits never touch the working tree.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';

const copy = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-copy-'));
for (const entry of ['package.json', 'tsconfig.json', 'README.md', 'src', 'domain', 'ingest'])
  cpSync(path.join(projectRoot, entry), path.join(copy, entry), { recursive: true });
symlinkSync(path.join(projectRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
const corpus = path.join(copy, 'corpus');
mkdirSync(corpus);
copyFileSync(path.join(projectRoot, 'corpus/002_dd3eb397fa6549bb.pdf'), path.join(corpus, '002_dd3eb397fa6549bb.pdf'));

const prefix = `r${randomBytes(4).toString('hex')}`;
const env = {
  MEILI_URL: inject('meiliUrl'),
  MEILI_MASTER_KEY: inject('meiliKey'),
  INDEX_PREFIX: prefix,
  CORPUS_DIR: corpus,
};

function runWorker(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(copy, 'ingest/worker.ts')], {
      cwd: copy,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const client = new Meilisearch({ host: env.MEILI_URL, apiKey: env.MEILI_MASTER_KEY });
const topicFacet = async () =>
  (await client.index(`${prefix}-items`).search(null, { facets: ['topics'], limit: 0 })).facetDistribution?.topics ??
  {};

describe('re-ingest after a data file changes', () => {
  afterAll(async () => {
    rmSync(copy, { recursive: true, force: true });
    for (const suffix of ['items', 'protocols', 'failures', 'taxonomy'])
      await client.deleteIndex(`${prefix}-${suffix}`).catch(() => undefined);
  });

  it('re-tags every protocol from the index when the taxonomy file changes, says so, and re-ingests nothing for a README edit', async () => {
    const first = await runWorker();
    expect(first.output).toMatch(/1 inlästa, 0 oförändrade/);
    expect(await topicFacet()).not.toHaveProperty('testämne');

    const taxonomyFile = path.join(copy, 'domain/taxonomy.json');
    const taxonomy = JSON.parse(readFileSync(taxonomyFile, 'utf8')) as { topics: unknown[] };
    taxonomy.topics.push({
      id: 'testamne',
      label: 'testämne',
      description: 'Tillagt i ett test.',
      terms: ['samverkan'],
      abbreviations: [],
      exclusions: [],
    });
    writeFileSync(taxonomyFile, JSON.stringify(taxonomy, null, 2));
    // The taxonomy is versioned in the index's store: the edited file becomes version 2 and the
    // stored items are re-tagged with it; no file is read again.
    const second = await runWorker();
    expect(second.output).toMatch(/Taxonomi: domain\/taxonomy\.json lästes in som version 2/);
    expect(second.output).toMatch(/Taxonomi: 1 protokoll taggades om med version 2/);
    expect(second.output).toMatch(/0 inlästa, 1 oförändrade/);
    expect((await topicFacet()).testämne).toBeGreaterThan(0);

    writeFileSync(path.join(copy, 'README.md'), '# edited\n');
    const third = await runWorker();
    expect(third.output).toMatch(/0 inlästa, 1 oförändrade/);
    expect(third.code).toBe(0);
  }, 120_000);
});
