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
