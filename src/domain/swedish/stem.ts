/**
 * Swedish stemming and compound splitting for the derived `stems` field and the
 * topic tagger. natural's Swedish (Snowball) stemmer does the suffixes; a small
 * override table (lexicon.json, data) fixes where it clashes or misses, and a
 * domain lexicon splits compounds: primärvården → primär + vård,
 * samsjuklighetsutredningen → samsjuklighet + utredning.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { loadDataFile } from '../data-files.js';
import { foldDiacritics } from './fold.js';

const word = z.string().regex(/^[\p{Ll}-]+$/u, 'a lower-case word');
const LexiconSchema = z.object({
  about: z.string(),
  stemOverrides: z.record(word, word),
  linkingForms: z.record(word, word),
  compoundParts: z.array(word),
});

const lexicon = loadDataFile('lexicon', LexiconSchema);

// Only the Swedish stemmer: `import natural` loads every language model it has
// (~120 MB per thread, and every ingest thread would pay it).
const snowball = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer_sv.js') as { stem(word: string): string };
// Keyed by the folded word too, so "nara" typed without diacritics stems like "nära".
const overrides = new Map([
  ...Object.entries(lexicon.stemOverrides).map(([k, v]) => [foldDiacritics(k), v] as const),
  ...Object.entries(lexicon.stemOverrides),
]);
const cache = new Map<string, string>();

/** The stem of one lower-case word. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  const cached = cache.get(w);
  if (cached !== undefined) return cached;
  let result = overrides.get(w);
  if (result === undefined) {
    if (w.length <= 3 || /\d/.test(w)) result = w;
    else {
      result = snowball.stem(w);
      // Definite forms in -an the stemmer leaves alone: "hälsan" → "hälsa" → "häls".
      if (result === w && /[^aeiouyåäö]an$/.test(w) && w.length > 5) result = snowball.stem(w.slice(0, -1));
    }
  }
  if (cache.size > 200_000) cache.clear();
  cache.set(w, result);
  return result;
}

const parts = new Set(lexicon.compoundParts.filter((p) => p.length >= 3));
const partStems = new Set([...parts].map((p) => stem(p)));
const partList = [...parts].sort((a, b) => b.length - a.length);
const linking = Object.entries(lexicon.linkingForms).sort((a, b) => b[0].length - a[0].length);
const compoundCache = new Map<string, string[]>();

function splitRest(rest: string, depth: number): string[] | null {
  if (rest.length === 0) return [];
  if (depth > 3) return null;
  // The whole rest is a known word, possibly inflected ("vården", "utredningen").
  if (depth > 0 && (parts.has(rest) || partStems.has(stem(rest)))) return [rest];
  for (const p of partList) {
    if (!rest.startsWith(p) || p === rest) continue;
    let after = rest.slice(p.length);
    // Linking -s- ("samsjuklighetsutredning"), and the -e-/-o- forms in linkingForms.
    const tries = [after];
    if (after.startsWith('s') && after.length > 3) tries.push(after.slice(1));
    for (const t of tries) {
      if (t.length < 3) continue;
      const tail = splitRest(t, depth + 1);
      if (tail) return [p, ...tail];
    }
  }
  for (const [form, base] of linking) {
    if (!rest.startsWith(form) || rest.length - form.length < 3) continue;
    const tail = splitRest(rest.slice(form.length), depth + 1);
    if (tail) return [base, ...tail];
  }
  // A long known first part and an unknown last word: "samsjuklighets|frågan".
  for (const p of partList) {
    if (p.length < 6 || !rest.startsWith(p)) continue;
    let after = rest.slice(p.length);
    if (after.startsWith('s')) after = after.slice(1);
    if (after.length >= 4 && depth < 3) return [p, after];
  }
  return null;
}

/**
 * The parts of a compound, or [] when the word is not one (or unknown):
 * "primärvården" → ["primär", "vården"], "samsjuklighetsutredningen" → ["samsjuklighet", "utredningen"].
 */
export function compoundParts(word: string): string[] {
  const w = word.toLowerCase();
  const cached = compoundCache.get(w);
  if (cached) return cached;
  let result: string[] = [];
  if (w.length >= 7) {
    const split = splitRest(w, 0);
    if (split && split.length >= 2) result = split;
  }
  if (compoundCache.size > 200_000) compoundCache.clear();
  compoundCache.set(w, result);
  return result;
}

/** A word's stem plus the stems of its compound parts. */
export function stemsOf(word: string): string[] {
  const own = stem(word);
  const out = new Set([own]);
  for (const part of compoundParts(word)) {
    out.add(stem(part));
    // Parts that are compounds themselves: hem|sjukvården → sjuk|vård.
    for (const sub of compoundParts(part)) out.add(stem(sub));
  }
  return [...out];
}
