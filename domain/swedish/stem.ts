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
import { CompoundSplitter, MAX_COMPOUND_LENGTH } from './compound.js';
import { NOUN, swedishDictionary } from './dictionary.js';
import { foldDiacritics } from './fold.js';
import { memoize } from './memo.js';

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
const snowball = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer_sv.js') as {
  stem(word: string): string;
};
// Keyed by the folded word too, so "nara" typed without diacritics stems like "nära".
const overrides = new Map([
  ...Object.entries(lexicon.stemOverrides).map(([k, v]) => [foldDiacritics(k), v] as const),
  ...Object.entries(lexicon.stemOverrides),
]);
/**
 * Words (lower-case, as written and folded) the override table stems to something that is not a
 * prefix of the word ("närmare" → "nära"). For every other word of plain Swedish letters the stem
 * is a prefix (Snowball only strips suffixes), which highlighting relies on to skip words cheaply.
 */
export const wordsStemmedIrregularly: readonly string[] = [...overrides]
  .filter(([w, s]) => !foldDiacritics(w).startsWith(foldDiacritics(s)))
  .map(([w]) => w);

/** The stem of one lower-case word. */
export function stem(word: string): string {
  return stemOf(word.toLowerCase());
}

/**
 * Letters with diacritics Swedish does not have (é, ü, ó, ø …) as their base letters; å, ä and ö
 * stay, the stemmer's rules use them. natural's stemmer reads é as no letter at all: "idéer" stayed
 * "idéer" while "ideer" stemmed to "ide", and "calderón" came out as "calded", so a word typed
 * without its accent missed the word written with it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, control characters included
const FOREIGN_LETTER = /[^\x00-\x7fåäö]/g;
const withSwedishLetters = (w: string) => w.replace(FOREIGN_LETTER, (c) => foldDiacritics(c));

const stemOf = memoize(200_000, (written: string): string => {
  const w = withSwedishLetters(written);
  let result = overrides.get(w);
  if (result === undefined) {
    if (w.length <= 3 || /\d/.test(w)) result = w;
    else {
      result = snowball.stem(w);
      // Nouns in -os keep their s, which the stemmer strips as a genitive's: "diagnos", "psykos", and
      // "dubbeldiagnos" by its last part, stem as "diagnoser", "psykoser" do.
      if (w.endsWith('os') && result === w.slice(0, -1) && endsInNoun(w)) result = w;
      // Definite forms in -an the stemmer leaves alone, and their genitive whose -s it strips:
      // "hälsan", "elevhälsans" → "hälsa", "elevhälsa" → "häls", "elevhäls".
      const bare = result === w || `${result}s` === w ? result : undefined;
      if (bare && /[^aeiouyåäö]an$/.test(bare) && bare.length > 5) result = snowball.stem(bare.slice(0, -1));
      // Definite forms in -n of nouns in -i, and their genitive: "psykiatrin", "psykiatrins" → "psykiatri",
      // when the dictionary lists the noun (or a compound's last part: "barnpsykiatrin").
      else if (bare && /[^aeiouyåäö]in$/.test(bare) && bare.length > 5 && endsInNoun(bare.slice(0, -1)))
        result = snowball.stem(bare.slice(0, -1));
      // Neuter definite forms in -et(s) it leaves alone too ("barnet", "mötet", "hemmet"), and a
      // consonant it leaves doubled ("familjehemmen" → "familjehemm"): the noun's own stem.
      const base = neuterBase(result) ?? undoubled(result, w);
      if (base !== undefined) result = stemOf(base);
    }
  }
  return result;
});

/** Whether the dictionary lists a word as a noun (three letters at least). */
const isNoun = (x: string) => x.length >= 3 && ((swedishDictionary().lemmas.get(x) ?? 0) & NOUN) !== 0;

/** Whether a word, or its last part of four letters or more, is a noun the dictionary lists. */
function endsInNoun(w: string): boolean {
  for (let i = 0; i <= w.length - 4; i++) if (isNoun(w.slice(i))) return true;
  return false;
}

/**
 * The indefinite form of a neuter noun's definite form in -et, when the dictionary lists it as a
 * noun: "barnet" → "barn", "mötet" → "möte", "hemmet" → "hem", and by its last part a compound the
 * dictionary does not list ("familjehemmet" → "familjehem"; the head stays as written, 3 letters
 * at least). Snowball's Swedish rules strip no -et ("paket"), so this asks the word list instead.
 */
function neuterBase(w: string): string | undefined {
  if (w.length < 5 || !w.endsWith('et')) return undefined;
  const bare = w.slice(0, -2);
  for (let i = 0; i <= bare.length - 3; i = i === 0 ? 3 : i + 1) {
    if (isNoun(`${bare.slice(i)}e`)) return `${bare}e`;
    if (isNoun(bare.slice(i))) return bare;
    if (/([^aeiouyåäö])\1$/.test(bare) && isNoun(bare.slice(i, -1))) return bare.slice(0, -1);
  }
  return undefined;
}

/** Endings after which a noun's final consonant is doubled ("hem" → "hemmen", "hemmets"). */
const DEFINITE_ENDING = new Set(['en', 'ens', 'et', 'ets']);

/**
 * A stem left ending in a doubled consonant after a definite ending was stripped ("hemmen" → "hemm"), when
 * it is no word but its undoubled form (or its last part's) is a noun: "hem".
 */
function undoubled(stemmed: string, word: string): string | undefined {
  if (
    !DEFINITE_ENDING.has(word.slice(stemmed.length)) ||
    !/([^aeiouyåäö])\1$/.test(stemmed) ||
    swedishDictionary().lemmas.has(stemmed)
  )
    return undefined;
  const single = stemmed.slice(0, -1);
  for (let i = 0; i <= single.length - 3; i = i === 0 ? 3 : i + 1) if (isNoun(single.slice(i))) return single;
  return undefined;
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

/**
 * Every compound part and sub-part of a word as lemmas, with the known last part of a
 * compound the dictionary cannot explain whole: "hemsjukvården" → hem, sjukvård, sjuk, vård;
 * "Nykarlebynungdomar" → ungdom.
 */
export function allCompoundParts(word: string): string[] {
  return compounds().allParts(word.toLowerCase());
}

/** A word's stem plus the stems of its compound parts and their sub-parts (hem|sjukvården → sjukvård, sjuk, vård). */
export function stemsOf(word: string): string[] {
  return stemsOfLower(word.toLowerCase());
}

const stemsOfLower = memoize(50_000, (w: string): string[] => {
  const out = new Set([stem(w)]);
  if (w.length >= 6) for (const part of compounds().allParts(w)) out.add(stem(part));
  return [...out];
});

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
  if (s.length < 6 || s.length > MAX_COMPOUND_LENGTH || !s.endsWith('ing')) return undefined;
  return verbRootOf(s);
}

const verbRootOf = memoize(50_000, (s: string): string | undefined => {
  const { lemmas } = swedishDictionary();
  // The longest tail that is a verb's noun: the head of a compound stays as written.
  for (let i = 0; i <= s.length - 6; i++) {
    const tail = s.slice(i);
    for (const cut of tail.endsWith('ning') ? [3, 4] : [3]) {
      const verb = `${tail.slice(0, -cut)}a`;
      if (verb.length >= 4 && lemmas.has(verb)) return s.slice(0, i) + stem(verb);
    }
  }
  return undefined;
});
