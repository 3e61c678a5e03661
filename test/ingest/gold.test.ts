/**
 * The whole pipeline scored against the hand labels of the five seed protocols,
 * from their texts and from their PDFs (which lose strike-through and bullets).
 * Prints the score table; the thresholds are the acceptance criteria.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgendaItem, Page, ProtocolMeta } from '../../domain/schemas.js';
import { processPages } from '../../ingest/pipeline.js';
import { Confusion, gold, sameTitle } from '../helpers/gold.js';
import { seedPdfPages, seedTextPages } from '../helpers/seed.js';

interface Scores {
  metadata: Record<'body' | 'docType' | 'meetingDate' | 'place' | 'municipalitiesPresent', number>;
  items: { right: number; total: number };
  topics: Record<string, Confusion>;
  substantive: Confusion;
  routine: Confusion;
}

function score(outputs: { meta: ProtocolMeta; items: AgendaItem[] }[]): Scores {
  const s: Scores = {
    metadata: { body: 0, docType: 0, meetingDate: 0, place: 0, municipalitiesPresent: 0 },
    items: { right: 0, total: 0 },
    topics: Object.fromEntries(gold.topics.map((t) => [t, new Confusion()])),
    substantive: new Confusion(),
    routine: new Confusion(),
  };
  gold.documents.forEach((doc, d) => {
    const { meta, items } = outputs[d]!;
    if (meta.body === doc.body) s.metadata.body++;
    if (meta.docType === doc.docType) s.metadata.docType++;
    if (meta.meetingDate === doc.meetingDate) s.metadata.meetingDate++;
    if (meta.place === doc.place) s.metadata.place++;
    if (JSON.stringify(meta.municipalitiesPresent) === JSON.stringify(doc.municipalitiesPresent))
      s.metadata.municipalitiesPresent++;
    for (const g of doc.items) {
      s.items.total++;
      const item = items.find((i) => i.number === g.number && sameTitle(i.title, g.title));
      if (item) s.items.right++;
      const labels = new Set(item?.topics.map((t) => t.label));
      for (const topic of gold.topics) {
        if (g.borderline?.includes(topic)) continue;
        s.topics[topic]!.add(g.topics.includes(topic), labels.has(topic));
      }
      s.substantive.add(g.decision === true, item?.decisions.some((x) => x.kind === 'substantive') ?? false);
      s.routine.add(g.decision === 'formal', item?.decisions.some((x) => x.kind === 'routine') ?? false);
    }
  });
  return s;
}

function table(name: string, s: Scores): string {
  const n = gold.documents.length;
  return [
    `── ${name} ──`,
    `metadata   body ${s.metadata.body}/${n}, type ${s.metadata.docType}/${n}, date ${s.metadata.meetingDate}/${n}, place ${s.metadata.place}/${n}, municipalities present ${s.metadata.municipalitiesPresent}/${n}`,
    `items      number+title ${s.items.right}/${s.items.total} = ${(s.items.right / s.items.total).toFixed(3)}`,
    ...gold.topics.map((t) => `topic      ${t.padEnd(14)} ${s.topics[t]}`),
    `decisions  substantive ${s.substantive}`,
    `decisions  routine     ${s.routine}`,
  ].join('\n');
}

async function run(load: (file: string) => Page[] | Promise<Page[]>) {
  const outputs = [];
  for (const doc of gold.documents) outputs.push(processPages(await load(doc.file.replace(/\.txt$/, ''))));
  return score(outputs);
}

describe('the pipeline against the gold labels', () => {
  let fromText: Scores;
  let fromPdf: Scores;
  beforeAll(async () => {
    fromText = await run(seedTextPages);
    fromPdf = await run(seedPdfPages);
    console.log(`${table('from the seed texts', fromText)}\n${table('from the bundled PDFs', fromPdf)}`);
  });

  for (const source of ['text', 'pdf'] as const) {
    const scores = () => (source === 'text' ? fromText : fromPdf);
    it(`gets body, type, meeting date and municipalities present right for 5 of 5 (${source})`, () => {
      const m = scores().metadata;
      expect([m.body, m.docType, m.meetingDate, m.municipalitiesPresent]).toEqual([5, 5, 5, 5]);
    });
    it(`finds at least 95% of agenda items with the right number and title (${source})`, () => {
      const { right, total } = scores().items;
      expect(right / total).toBeGreaterThanOrEqual(0.95);
    });
    it(`tags nära vård, psykisk hälsa and samsjuklighet with precision and recall of at least 0.9 (${source})`, () => {
      for (const topic of ['nära vård', 'psykisk hälsa', 'samsjuklighet']) {
        const c = scores().topics[topic]!;
        expect(c.precision, `${topic} precision`).toBeGreaterThanOrEqual(0.9);
        expect(c.recall, `${topic} recall`).toBeGreaterThanOrEqual(0.9);
      }
    });
    it(`finds substantive decisions with recall ≥ 0.9 and precision ≥ 0.85 (${source})`, () => {
      expect(scores().substantive.recall).toBeGreaterThanOrEqual(0.9);
      expect(scores().substantive.precision).toBeGreaterThanOrEqual(0.85);
    });
  }

  it('scores the same from the PDFs as from the texts', () => {
    expect(table('', fromPdf)).toEqual(table('', fromText));
  });
});
