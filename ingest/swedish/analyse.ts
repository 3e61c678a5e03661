/**
 * The analysis applied both when indexing and to the user's query, so the two
 * meet: Swedish stems and compound parts (`stems` field) and folded diacritics
 * (`folded` field). Meilisearch does neither for Swedish.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/core/paths.js';
import { foldDiacritics } from './fold.js';
import { LEXICON_VERSION, stemsOf } from './stem.js';
import { tokenize } from './tokenize.js';

export { foldDiacritics } from './fold.js';

export const VERSION = `analyse@1+${LEXICON_VERSION}`;

interface LanguageData {
  stopWords: string[];
  synonyms: string[][];
}

const data = JSON.parse(readFileSync(path.join(projectRoot, 'ingest', 'swedish', 'language.json'), 'utf8')) as LanguageData;

/** Function words Meilisearch ignores. */
export const SWEDISH_STOP_WORDS: readonly string[] = data.stopWords;
const stop = new Set(SWEDISH_STOP_WORDS);

/** Mutual synonyms in Meilisearch's format: every term maps to all the others in its group. */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  data.synonyms.flatMap((group) => group.map((term) => [term, group.filter((other) => other !== term)])),
);

/** The derived `stems` field: each word's stem followed by the stems of its compound parts. */
export function analyseForIndex(text: string): string {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (stop.has(token)) continue;
    out.push(...stemsOf(token));
  }
  return out.join(' ');
}

/** The same analysis for a query: stems for the `stems` field, folded text for the `folded` field. */
export function analyseQuery(q: string): { stems: string; folded: string } {
  const stems: string[] = [];
  for (const token of tokenize(q)) {
    if (stop.has(token)) continue;
    stems.push(...stemsOf(token));
  }
  return { stems: stems.join(' '), folded: foldDiacritics(q) };
}
