/**
 * A protocol's own words as written, for prefix suggestions while typing (src/search/suggest.ts):
 * kept on the protocol document at ingest, so the API can offer the corpus's words without a
 * prefix index over the items (Meilisearch's prefix search or a facet-searchable words field cost
 * the item index +22 % and +39 % of its build time).
 */
import { SWEDISH_STOP_WORDS } from './analyse.js';
import { tokenizeWithOffsets } from './tokenize.js';

/** Words a protocol's vocabulary keeps at most: its most used. */
export const VOCABULARY_WORDS = 400;
/** Shorter words are not suggested: a prefix of one or two letters is already most of them. */
const MIN_LETTERS = 4;

const stop = new Set(SWEDISH_STOP_WORDS);
const LETTERS = /^[\p{L}]+$/u;

/**
 * The protocol's distinct words (letters only, four or more, no stop words), most used first, at
 * most VOCABULARY_WORDS, space-separated. Each in lower case if it is ever written so, else as
 * written ("BUP", "Örebro").
 */
export function protocolVocabulary(texts: readonly string[]): string {
  const words = new Map<string, { written: string; count: number; first: number }>();
  let at = 0;
  for (const text of texts) {
    for (const t of tokenizeWithOffsets(text)) {
      at++;
      if (t.token.length < MIN_LETTERS || stop.has(t.token)) continue;
      const surface = text.slice(t.start, t.end);
      if (!LETTERS.test(surface)) continue;
      const seen = words.get(t.token);
      if (!seen) words.set(t.token, { written: surface === t.token ? t.token : surface, count: 1, first: at });
      else {
        seen.count++;
        if (surface === t.token) seen.written = t.token;
      }
    }
  }
  return [...words.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, VOCABULARY_WORDS)
    .map((w) => w.written)
    .join(' ');
}
