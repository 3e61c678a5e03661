/**
 * The hand labels for the seed protocols (test/fixtures/seed-gold.json) and
 * the scoring used against them. Test code only: ingest code never reads gold.
 */
import { readFileSync } from 'node:fs';

export interface GoldItem {
  number: string;
  title: string;
  topics: string[];
  borderline?: string[];
  /** true: a substantive decision; 'formal': routine procedure only; false: none. */
  decision: boolean | 'formal';
}
export interface GoldDocument {
  file: string;
  body: string;
  docType: string;
  meetingDate: string;
  place: string | null;
  municipalitiesPresent: string[] | null;
  items: GoldItem[];
}
export interface Gold {
  topics: string[];
  documents: GoldDocument[];
}

export const gold = JSON.parse(readFileSync(new URL('../fixtures/seed-gold.json', import.meta.url), 'utf8')) as Gold;

/** A title for comparison: markdown gone, dashes and white space folded, lower case. */
export const normaliseTitle = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[*_#`]+/g, '')
    .replace(/[–—‒−]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/[\s.:;,]+$/, '')
    .trim()
    .toLowerCase();

/** Titles compare after folding case, markdown, dashes and white space. */
export const sameTitle = (a: string, b: string) => normaliseTitle(a) === normaliseTitle(b);

/** Counts of a binary classification, with precision and recall. */
export class Confusion {
  tp = 0;
  fp = 0;
  fn = 0;
  add(expected: boolean, got: boolean) {
    if (expected && got) this.tp++;
    else if (expected) this.fn++;
    else if (got) this.fp++;
  }
  get precision() {
    return this.tp + this.fp === 0 ? 1 : this.tp / (this.tp + this.fp);
  }
  get recall() {
    return this.tp + this.fn === 0 ? 1 : this.tp / (this.tp + this.fn);
  }
  toString() {
    return `P=${this.precision.toFixed(2)} R=${this.recall.toFixed(2)} (tp ${this.tp}, fp ${this.fp}, fn ${this.fn})`;
  }
}

/** What the structure stages produced for one document, in the shape scoring needs. */
export interface StructureOutput {
  meta: { body: string | null; docType: string | null; meetingDate: string | null; place: string | null; municipalitiesPresent: readonly string[] | null };
  items: readonly { number: string; title: string; decisions: readonly { kind: 'substantive' | 'routine' }[] }[];
}

export interface StructureScores {
  metadata: Record<'body' | 'docType' | 'meetingDate' | 'place' | 'municipalitiesPresent', number>;
  items: { right: number; total: number };
  substantive: Confusion;
  routine: Confusion;
  /** Per document: what went wrong, for the printed table. */
  misses: string[];
}

/** Scores structure outputs (in gold document order) against the gold labels. */
export function scoreStructure(outputs: readonly StructureOutput[]): StructureScores {
  const s: StructureScores = {
    metadata: { body: 0, docType: 0, meetingDate: 0, place: 0, municipalitiesPresent: 0 },
    items: { right: 0, total: 0 },
    substantive: new Confusion(),
    routine: new Confusion(),
    misses: [],
  };
  gold.documents.forEach((doc, d) => {
    const out = outputs[d];
    if (!out) throw new Error(`no output for ${doc.file}`);
    const { meta, items } = out;
    const check = (field: keyof StructureScores['metadata'], ok: boolean, got: unknown) => {
      if (ok) s.metadata[field]++;
      else s.misses.push(`${doc.file} ${field}: got ${JSON.stringify(got)}, want ${JSON.stringify(doc[field])}`);
    };
    check('body', meta.body === doc.body, meta.body);
    check('docType', meta.docType === doc.docType, meta.docType);
    check('meetingDate', meta.meetingDate === doc.meetingDate, meta.meetingDate);
    check('place', meta.place === doc.place, meta.place);
    check('municipalitiesPresent', JSON.stringify(meta.municipalitiesPresent) === JSON.stringify(doc.municipalitiesPresent), meta.municipalitiesPresent);
    for (const g of doc.items) {
      s.items.total++;
      const item = items.find((i) => i.number === g.number && sameTitle(i.title, g.title));
      if (item) s.items.right++;
      else s.misses.push(`${doc.file} item ${g.number} "${g.title}" not found`);
      const substantive = item?.decisions.some((x) => x.kind === 'substantive') ?? false;
      const routine = item?.decisions.some((x) => x.kind === 'routine') ?? false;
      s.substantive.add(g.decision === true, substantive);
      s.routine.add(g.decision === 'formal', routine);
      if ((g.decision === true) !== substantive) s.misses.push(`${doc.file} item ${g.number} substantive: got ${substantive}, want ${g.decision === true}`);
    }
  });
  return s;
}

/** The score table as printed by the gold-structure test. */
export function structureTable(name: string, s: StructureScores): string {
  const n = gold.documents.length;
  const m = s.metadata;
  return [
    `── ${name} ──`,
    `metadata   body ${m.body}/${n}, type ${m.docType}/${n}, date ${m.meetingDate}/${n}, place ${m.place}/${n}, municipalities present ${m.municipalitiesPresent}/${n}`,
    `items      number+title ${s.items.right}/${s.items.total} = ${(s.items.right / s.items.total).toFixed(3)}`,
    `decisions  substantive ${s.substantive}`,
    `decisions  routine     ${s.routine}`,
    ...s.misses.map((x) => `miss       ${x}`),
  ].join('\n');
}
