/** The hand labels for the seed protocols and the scores the ingest is held to. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/core/paths.js';

export interface GoldItem {
  number: string;
  title: string;
  topics: string[];
  borderline?: string[];
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

export const gold = JSON.parse(readFileSync(path.join(projectRoot, 'test/fixtures/seed-gold.json'), 'utf8')) as Gold;

/** Titles compare after folding case, dashes and white space. */
export const sameTitle = (a: string, b: string) => {
  const norm = (s: string) => s.toLowerCase().replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
};

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
