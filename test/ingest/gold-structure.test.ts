/**
 * The structure stages (extract → normalise → metadata → segment → decisions)
 * scored against the hand labels of the five seed protocols, from their .txt
 * files and from their PDFs (which lose strike-through, bullets and markdown).
 * Prints the score table; the thresholds are the acceptance criteria.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/core/schemas.js';
import { findDecisions } from '../../ingest/decisions.js';
import { extractMetadata } from '../../ingest/metadata.js';
import { normalisePages } from '../../ingest/normalise.js';
import { segmentAgendaItems } from '../../ingest/segment.js';
import { gold, scoreStructure, structureTable, type StructureOutput, type StructureScores } from '../helpers/gold.js';
import { seedPdfPages, seedTextExtracted } from '../helpers/seed.js';

function structure(pages: readonly Page[]): StructureOutput {
  const normalised = normalisePages(pages).value;
  const meta = extractMetadata(normalised.pages, normalised.struck).value;
  const items = segmentAgendaItems(normalised.pages).value.map((item) => ({
    ...item,
    decisions: findDecisions(item, { body: meta.body }).value,
  }));
  return { meta, items };
}

async function scoreAll(load: (name: string) => Promise<Page[]>): Promise<StructureScores> {
  const outputs: StructureOutput[] = [];
  for (const doc of gold.documents) outputs.push(structure(await load(doc.file.replace(/\.txt$/, ''))));
  return scoreStructure(outputs);
}

describe('the structure stages against the gold labels', () => {
  let fromText: StructureScores;
  let fromPdf: StructureScores;
  beforeAll(async () => {
    fromText = await scoreAll(seedTextExtracted);
    fromPdf = await scoreAll(seedPdfPages);
    console.log(`${structureTable('from the seed .txt files', fromText)}\n${structureTable('from the bundled PDFs', fromPdf)}`);
  });

  for (const source of ['txt', 'pdf'] as const) {
    const scores = () => (source === 'txt' ? fromText : fromPdf);
    it(`gets body, document type, meeting date and municipalities present right for 5 of 5 (${source})`, () => {
      const m = scores().metadata;
      expect({ body: m.body, docType: m.docType, meetingDate: m.meetingDate, municipalitiesPresent: m.municipalitiesPresent }).toEqual({
        body: 5,
        docType: 5,
        meetingDate: 5,
        municipalitiesPresent: 5,
      });
    });
    it(`gets the place right wherever the labels give one (${source})`, () => {
      expect(scores().metadata.place).toBe(gold.documents.length);
    });
    it(`finds at least 95% of agenda items with the right number and title (${source})`, () => {
      const { right, total } = scores().items;
      expect(right / total).toBeGreaterThanOrEqual(0.95);
    });
    it(`finds substantive decisions with recall ≥ 0.9 and precision ≥ 0.85 (${source})`, () => {
      expect(scores().substantive.recall).toBeGreaterThanOrEqual(0.9);
      expect(scores().substantive.precision).toBeGreaterThanOrEqual(0.85);
    });
  }

  it('scores the same from the PDFs as from the .txt files', () => {
    expect(structureTable('', fromPdf)).toEqual(structureTable('', fromText));
  });
});
