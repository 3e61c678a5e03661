/**
 * Swedish stemming and compound splitting for the derived `stems` field and the
 * topic tagger. natural's Swedish (Snowball) stemmer does the suffixes; a small
 * override table (lexicon.json, data) fixes where it clashes or misses; compounds
 * are split against the Hunspell sv_SE word list (compound.ts): primärvården →
 * primär + vård, samsjuklighetsutredningen → samsjuklighet + utredning.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { loadDataFile } from '../data-files.js';
import { CompoundSplitter } from './compound.js';
import { swedishDictionary } from './dictionary.js';
import { foldDiacritics } from './fold.js';

const word = z.string().regex(/^[\p{Ll}-]+$/u, 'a lower-case word');
const LexiconSchema = z.object({
  about: z.string(),
  stemOverrides: z.record(word, word),
  words: z.array(word),
  compounds: z.record(word, z.array(word)),
  nonParts: z.array(word),
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

let splitter: CompoundSplitter | undefined;
/** The splitter, built on first use: the word list costs ~0.3 s and ~18 MB, paid only where compounds are split. */
const compounds = () => (splitter ??= new CompoundSplitter(lexicon));

/**
 * The parts of a compound as lemmas, or [] when the word is not one (or unknown):
 * "primärvården" → ["primär", "vård"], "samsjuklighetsutredningen" → ["samsjuklighet", "utredning"].
 */
export function compoundParts(word: string): string[] {
  return compounds().split(word);
}

const stemsCache = new Map<string, string[]>();

/** A word's stem plus the stems of its compound parts and their sub-parts (hem|sjukvården → sjukvård, sjuk, vård). */
export function stemsOf(word: string): string[] {
  const w = word.toLowerCase();
  const cached = stemsCache.get(w);
  if (cached) return cached;
  const out = new Set([stem(w)]);
  if (w.length >= 6) for (const part of compounds().allParts(w)) out.add(stem(part));
  const result = [...out];
  if (stemsCache.size > 50_000) stemsCache.clear();
  stemsCache.set(w, result);
  return result;
}

const rootCache = new Map<string, string | null>();

/**
 * The verb root of an action noun in -ing, stemmed: "samordning" (samordna) →
 * "samordn", "utredning" (utreda) → "utred", and of a compound ending in one:
 * "suicidsamordning" → "suicidsamordn". The agent noun in -are and the
 * participle in -ande of the same verb stem to that root ("samordnare",
 * "samordnande" → "samordn"), so indexing it beside the noun lets the person
 * find the activity and back. Only when the dictionary lists the verb
 * (-ing → -a: samordna, planera; -ning → -a: utreda), never by guessing; else undefined.
 */
export function verbRoot(stemmed: string): string | undefined {
  const s = stemmed.toLowerCase();
  if (s.length < 6 || !s.endsWith('ing')) return undefined;
  const cached = rootCache.get(s);
  if (cached !== undefined) return cached ?? undefined;
  const { lemmas } = swedishDictionary();
  let root: string | undefined;
  // The longest tail that is a verb's noun: the head of a compound stays as written.
  for (let i = 0; i <= s.length - 6 && root === undefined; i++) {
    const tail = s.slice(i);
    for (const cut of tail.endsWith('ning') ? [3, 4] : [3]) {
      const verb = `${tail.slice(0, -cut)}a`;
      if (verb.length >= 4 && lemmas.has(verb)) {
        root = s.slice(0, i) + stem(verb);
        break;
      }
    }
  }
  if (rootCache.size > 50_000) rootCache.clear();
  rootCache.set(s, root ?? null);
  return root;
}
