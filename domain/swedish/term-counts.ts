/**
 * An agenda item's content words as written, with how often each occurs: the
 * small derived field `termCounts` its index document carries, from which
 * keyness ("Vad är nytt") sums word frequencies per period without reading or
 * analysing any item's text per request (Meilisearch has no term-frequency
 * aggregation). Stop words, numbers, one-letter words and web and e-mail
 * addresses are left out; case is kept, so "Zoom" and "SIP" read as written.
 *
 * Serialised as one string, space-separated `form` or `form:count` (count when
 * above one): "pandemin:3 Zoom smittade:2". Forms never hold spaces or colons
 * (they are runs of letters and digits).
 */
import { SWEDISH_STOP_WORDS } from './analyse.js';
import { tokenizeWithOffsets } from './tokenize.js';

const stop = new Set(SWEDISH_STOP_WORDS);
const LETTER = /\p{L}/u;
/** Web and e-mail addresses: their parts ("https", "www", "se") are not words of the text. */
const ADDRESS = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w+/giu;

/** The content words of a text as written, and their counts. */
export function countTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const words = text.replace(ADDRESS, ' ');
  for (const t of tokenizeWithOffsets(words)) {
    if (t.token.length < 2 || stop.has(t.token) || !LETTER.test(t.token)) continue;
    const form = words.slice(t.start, t.end);
    counts.set(form, (counts.get(form) ?? 0) + 1);
  }
  return counts;
}

export function serialiseTermCounts(counts: ReadonlyMap<string, number>): string {
  const out: string[] = [];
  for (const [form, n] of counts) out.push(n > 1 ? `${form}:${n}` : form);
  return out.join(' ');
}

/** The item's `termCounts` field for its title and text. */
export const termCountsOf = (title: string, text: string): string =>
  serialiseTermCounts(countTerms(`${title}\n${text}`));

/** Calls `each(form, count)` for every entry of a `termCounts` field (no intermediate arrays of pairs). */
export function forEachTermCount(field: string, each: (form: string, count: number) => void): void {
  let start = 0;
  const n = field.length;
  while (start < n) {
    let end = field.indexOf(' ', start);
    if (end < 0) end = n;
    if (end > start) {
      const colon = field.lastIndexOf(':', end - 1);
      if (colon > start) each(field.slice(start, colon), Number(field.slice(colon + 1, end)));
      else each(field.slice(start, end), 1);
    }
    start = end + 1;
  }
}
