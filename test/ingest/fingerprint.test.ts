/**
 * The content hash is derived from what the pipeline runs: every data file a
 * stage reads, every stage's version and config, the libraries that change
 * output. Nothing else.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_FILES, DataFileError, loadDataFile } from '../../domain/data-files.js';
import { projectRoot } from '../../domain/paths.js';
import { changedComponents, contentHashOf, pipelineManifest, PIPELINE_STAGES } from '../../ingest/fingerprint.js';
import { describeReingest } from '../../ingest/run.js';
import { z } from 'zod';

/** A temporary copy of the project's data files (and README), to edit. */
function dataCopy(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-data-'));
  for (const file of [...Object.values(DATA_FILES), 'README.md'])
    cpSync(path.join(projectRoot, file), path.join(root, file), { recursive: true });
  return root;
}

/**
 * The data files the content hash covers: all but the taxonomy, which the index's store
 * versions (each protocol records the version that tagged it, and a change re-tags the stored
 * items instead of re-reading files: ingest/retag.ts, test/service/reingest.test.ts), and the
 * formalia titles, which only the search reads (Följ frågan), when it answers.
 */
const HASHED = Object.entries(DATA_FILES).filter(([name]) => name !== 'taxonomy' && name !== 'formalia');

describe('pipeline fingerprint', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it('lists every stage in order, extraction first and the documents last', () => {
    expect(PIPELINE_STAGES.map((s) => s.name)).toEqual([
      'extract',
      'normalise',
      'redact',
      'layout',
      'metadata',
      'segment',
      'cases',
      'decisions',
      'matters',
      'tag',
      'documents',
    ]);
  });

  it('covers every data file some stage reads', () => {
    const manifest = pipelineManifest();
    for (const [, file] of HASHED) expect(manifest, file).toHaveProperty(`data:${file}`);
    expect(Object.keys(manifest)).toEqual(
      expect.arrayContaining(['lib:pdf-parse', 'lib:pdfjs-dist', 'lib:natural', 'stage:tag']),
    );
  });

  it.each([
    ['taxonomy', 'the store versions it'],
    ['formalia', 'no stage reads it, only the search'],
  ] as const)('leaves the content hash alone when %s is edited: %s', (name, _why) => {
    const root = dataCopy();
    roots.push(root);
    const before = pipelineManifest({ dataRoot: root });
    const target = path.join(root, DATA_FILES[name]);
    const json = JSON.parse(readFileSync(target, 'utf8')) as { about: string };
    writeFileSync(target, JSON.stringify({ ...json, about: `${json.about} (edited)` }));
    expect(pipelineManifest({ dataRoot: root })).toEqual(before);
  });

  it.each(HASHED)('changes the content hash when %s is edited, and says so', (name, file) => {
    const root = dataCopy();
    roots.push(root);
    const before = pipelineManifest({ dataRoot: root });
    const target = path.join(root, file);
    // A real edit: one more entry in the file's first array.
    const json = JSON.parse(readFileSync(target, 'utf8')) as Record<string, unknown>;
    json.about = `${String(json.about)} (edited in a test: ${name})`;
    writeFileSync(target, JSON.stringify(json, null, 1));
    const after = pipelineManifest({ dataRoot: root });
    expect(contentHashOf('same-bytes', after)).not.toBe(contentHashOf('same-bytes', before));
    expect(
      changedComponents({ source: 'same-bytes', manifest: before }, { source: 'same-bytes', manifest: after }),
    ).toEqual([`data:${file}`]);
  });

  it('does not change when a file no stage reads (README.md) is edited', () => {
    const root = dataCopy();
    roots.push(root);
    const before = pipelineManifest({ dataRoot: root });
    writeFileSync(path.join(root, 'README.md'), 'edited');
    expect(pipelineManifest({ dataRoot: root })).toEqual(before);
  });

  it('changes when a stage version or config changes', () => {
    const base = pipelineManifest();
    const bumped = pipelineManifest({
      stages: PIPELINE_STAGES.map((s) => (s.name === 'segment' ? { ...s, version: `${s.version}-next` } : s)),
    });
    const configured = pipelineManifest({
      stages: PIPELINE_STAGES.map((s) => (s.name === 'metadata' ? { ...s, config: { strict: true } } : s)),
    });
    expect(changedComponents({ source: 's', manifest: base }, { source: 's', manifest: bumped })).toEqual([
      'stage:segment',
    ]);
    expect(changedComponents({ source: 's', manifest: base }, { source: 's', manifest: configured })).toEqual([
      'stage:metadata',
    ]);
  });

  it('names a changed file before any pipeline change, and an old build without a manifest as the pipeline', () => {
    const m = pipelineManifest();
    expect(changedComponents({ source: 'a', manifest: m }, { source: 'b', manifest: m })).toEqual(['source']);
    expect(changedComponents({ source: null, manifest: null }, { source: 'b', manifest: m })).toEqual(['pipeline']);
  });

  it('words the reasons of a run for the start-up summary', () => {
    expect(describeReingest({ reingested: { 'data:domain/taxonomy.json': 5 } })).toBe(
      '5 re-ingested: domain/taxonomy.json changed',
    );
    expect(describeReingest({ reingested: { 'stage:tag': 2 } }, 'sv')).toBe('2 lästes om: steget tag har ändrats');
    expect(describeReingest({ reingested: {} })).toBe('');
  });
});

describe('data files', () => {
  it('are validated when they load, with an error naming the file and the entry', () => {
    const wrong = z.object({ topics: z.array(z.object({ id: z.number() })) });
    expect(() => loadDataFile('taxonomy', wrong)).toThrow(DataFileError);
    expect(() => loadDataFile('taxonomy', wrong)).toThrow(/^domain\/taxonomy\.json: topics\.0\.id: /);
    expect(
      loadDataFile('taxonomy', z.object({ topics: z.array(z.object({ id: z.string() })) })).topics.length,
    ).toBeGreaterThan(0);
  });
});
