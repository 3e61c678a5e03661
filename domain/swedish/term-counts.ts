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

/**
 * Addresses are looked for within each run of non-space characters of at most this length: the
 * pattern backtracks across a run, so on one long run (a 250 kB "word") it took minutes.
 */
const MAX_ADDRESS = 2000;
/** Longer "words" (a hash, an OCR line without spaces) are not counted: no reader looks for one. */
const MAX_WORD = 250;

/**
 * Whether a text can hold an address at all: an "@", or an address's start under ADDRESS's own
 * flags. Most items hold neither, and cutting every word of them out for the pattern cost more than
 * the counting (~0.4 ms a protocol at ingest).
 */
const MAY_HOLD_ADDRESS = /@|https?:\/\/|www\./iu;

/** The content words of a text as written, and their counts. */
export function countTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const words = MAY_HOLD_ADDRESS.test(text)
    ? text.replace(/\S+/g, (run) => (run.length > MAX_ADDRESS ? run : run.replace(ADDRESS, ' ')))
    : text;
  for (const t of tokenizeWithOffsets(words)) {
    if (t.token.length < 2 || t.token.length > MAX_WORD || stop.has(t.token) || !LETTER.test(t.token)) continue;
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
