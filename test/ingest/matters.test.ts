/**
 * Matters on labelled protocols, through the whole pipeline (ingestFile): the
 * five seed protocols (bundled PDFs) and the real Nykarleby protocols nobody
 * here wrote (test/fixtures/real). Prints precision and recall per category and
 * file: assignments, report-backs and their links, proposal approvals holding
 * their proposal, case numbers (the labels: test/fixtures/*-matters.json; the
 * matching rules: test/helpers/matters.ts). Asserts the targets of issue 24.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import { ingestFile } from '../../ingest/pipeline.js';
import {
  add,
  matterLabels,
  precision,
  recall,
  scoreFile,
  scoreTable,
  type Counts,
  type FileScore,
} from '../helpers/matters.js';
import { realDir } from '../helpers/real.js';
import { SEED_FILES, seedPdfPath } from '../helpers/seed.js';

const REAL_FILES = [
  '002_nykarleby-valfardsnamnden-2022-09-15.pdf',
  '004_nykarleby-ungdomsfullmaktige-2023-01-30.pdf',
  '005_nykarleby-personalsektionen-2023-03-28.pdf',
  '007_nykarleby-radet-for-funktionshindrade-2023-05-24.pdf',
];

async function itemsOf(path: string | URL, name: string): Promise<ItemDocument[]> {
  const result = await ingestFile(new Uint8Array(readFileSync(path)), name);
  if (!result.ok) throw new Error(`${name}: ${result.failure.reason}`);
  return result.items;
}

describe('matters on the labelled protocols', () => {
  const rows: FileScore[] = [];
  const docs = new Map<string, ItemDocument[]>();
  beforeAll(async () => {
    const seed = matterLabels('seed-matters.json');
    const real = matterLabels('real-matters.json');
    for (const name of SEED_FILES) {
      const items = await itemsOf(seedPdfPath(name), `${name}.pdf`);
      docs.set(name, items);
      rows.push(scoreFile(`${name}.txt`, items, seed));
    }
    for (const file of REAL_FILES) {
      const items = await itemsOf(new URL(file, realDir), file);
      docs.set(file, items);
      rows.push(scoreFile(file, items, real));
    }
    console.log(scoreTable(rows));
    for (const r of rows)
      if (r.missed.length + r.extra.length > 0)
        console.log(
          [`── ${r.file}`, ...r.missed.map((m) => `  missed ${m}`), ...r.extra.map((x) => `  extra  ${x}`)].join('\n'),
        );
  }, 300_000);

  const total = (pick: (r: FileScore) => Counts) => rows.map(pick).reduce(add, { tp: 0, fp: 0, fn: 0 });

  it('finds the assignments with precision and recall of at least 0.9', () => {
    const c = total((r) => r.assignments);
    expect(recall(c)).toBeGreaterThanOrEqual(0.9);
    expect(precision(c)).toBeGreaterThanOrEqual(0.9);
  });

  it('gives every labelled proposal approval its proposal, and no other decision a proposal', () => {
    const c = total((r) => r.approvals);
    expect(recall(c)).toBe(1);
    expect(precision(c)).toBe(1);
  });

  it('finds the case numbers with precision and recall of at least 0.95', () => {
    const c = total((r) => r.caseNumbers);
    expect(recall(c)).toBeGreaterThanOrEqual(0.95);
    expect(precision(c)).toBeGreaterThanOrEqual(0.95);
  });

  it('starts every decision at a sentence boundary, without a case number', () => {
    const bad = [...docs.values()]
      .flat()
      .flatMap((i) => i.decisions.map((d) => ({ item: `${i.sourceFile} ${i.itemNumber}`, text: d.text })))
      .filter((d) => /^\p{Ll}/u.test(d.text) || /NKBY\/|\bDnr\b/i.test(d.text));
    expect(bad).toEqual([]);
  });

  it('keeps case numbers out of titles', () => {
    const titled = [...docs.values()].flat().filter((i) => (i.caseNumbers ?? []).some((c) => i.title.includes(c)));
    expect(titled.map((i) => i.title)).toEqual([]);
  });
});
