/**
 * The analysis applied both when indexing and to the user's query, so the two
 * meet: Swedish stems and compound parts (`stems` field) and folded diacritics
 * (`folded` field). Meilisearch does neither for Swedish.
 */
import { z } from 'zod';
import { loadDataFile } from '../data-files.js';
import { foldDiacritics } from './fold.js';
import { stemsOf } from './stem.js';
import { tokenize } from './tokenize.js';

export { foldDiacritics } from './fold.js';

/** Version of the analysis code; the data it reads is hashed by the pipeline. */
export const VERSION = 'analyse@1';

const LanguageSchema = z.object({
  about: z.string(),
  stopWords: z.array(z.string().min(1)),
  synonyms: z.array(z.array(z.string().min(1)).min(2, 'a synonym group needs at least two terms')),
});

const data = loadDataFile('language', LanguageSchema);

/** Function words Meilisearch ignores. */
export const SWEDISH_STOP_WORDS: readonly string[] = data.stopWords;
const stop = new Set(SWEDISH_STOP_WORDS);

/** Mutual synonyms in Meilisearch's format: every term maps to all the others in its group. */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  data.synonyms.flatMap((group) => group.map((term) => [term, group.filter((other) => other !== term)])),
);

/**
 * The stems of a text, diacritics folded: each word's stem followed by the stems
 * of its compound parts. Folded, so a query typed without å/ä/ö meets them too.
 */
function stemStream(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (stop.has(token)) continue;
    // A word typed without diacritics ("nara") is stemmed as the word it folds from would be.
    for (const s of stemsOf(token)) out.push(foldDiacritics(s));
  }
  return out;
}

/** The derived `stems` field of an agenda item. */
export function analyseForIndex(text: string): string {
  return stemStream(text).join(' ');
}

/** The same analysis for a query: stems for the `stems` field, folded text for the `folded` field. */
export function analyseQuery(q: string): { stems: string; folded: string } {
  return { stems: stemStream(q).join(' '), folded: foldDiacritics(q) };
}
