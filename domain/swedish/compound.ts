/**
 * General Swedish compound splitting against the Hunspell sv_SE word list
 * (dictionary.ts), not a hand list: "barntandvårdsenheten" → barn + tandvård +
 * enhet, "kvinnofridsarbetet" → kvinnofrid + arbete, "arbetsgruppsresurser" →
 * arbetsgrupp + resurs.
 *
 * A split is a sequence of parts where every part but the last is a word that
 * may begin (or sit inside) a compound, as written or in a linking form (-s-,
 * -e-, -a-, -u-, -o-, a dropped final -a/-e: "arbets", "kvinno", "skol", "ränte"),
 * and the last part is a word that may end a compound, possibly inflected
 * ("enheten", "resurser", "arbetet"). Among the splits the one with the fewest
 * parts wins, then the one whose links the dictionary itself lists, then the
 * longest parts. A word the dictionary knows as a whole ("hemsjukvård",
 * "föräldraskap", "handling") is split only into two parts that both stand as
 * words on their own without any generic linking guess ("hem" + "sjukvård",
 * but not "hand" + "ling" or "föräldra" + "skap"): that is how sub-parts are
 * found, so "tandvård" and "vård" both find "barntandvårdsenheten".
 *
 * The domain lexicon (lexicon.json) only overrides: extra words the dictionary
 * lacks, explicit splits, and words never to use as a part.
 */
import { BEGIN, END, MIDDLE, NOUN, swedishDictionary, type WordTable } from './dictionary.js';
import { memoize } from './memo.js';

export interface CompoundOverrides {
  /** Domain words missing from the dictionary; they may begin and end compounds. */
  words: readonly string[];
  /** Explicit splits (lemma parts), [] for "never split". */
  compounds: Readonly<Record<string, readonly string[]>>;
  /** Words never used as a compound part (homographs of suffixes, particles). */
  nonParts: readonly string[];
}

/** Inflection endings a compound's last part may carry, longest first. */
const ENDINGS = [
  'ornas',
  'arnas',
  'ernas',
  'andes',
  'endes',
  'ndes',
  'orna',
  'arna',
  'erna',
  'ande',
  'ende',
  'aste',
  'ades',
  'ades',
  'ens',
  'ets',
  'ars',
  'ers',
  'ors',
  'nas',
  'are',
  'ast',
  'ade',
  'ad',
  'ats',
  'ans',
  'nde',
  'en',
  'et',
  'er',
  'ar',
  'or',
  'na',
  'ns',
  'ts',
  'es',
  'as',
  'at',
  're',
  'n',
  't',
  's',
  'e',
  'a',
  'r',
];

const MIN_PART = 3;
const MAX_PARTS = 4;
/**
 * Longest word compound splitting (and the verb-root lookup in stem.ts) looks at. The
 * dictionary's longest entry has 30 letters, so four parts stay well within 64; a longer
 * "word" is a hash, a URL or an OCR line without spaces, and splitting it costs time
 * quadratic in its length (a 250 kB token took a minute).
 */
export const MAX_COMPOUND_LENGTH = 64;

interface Candidate {
  lemma: string;
  /** 0: as the dictionary lists it; 1: a generic linking guess. */
  penalty: number;
}

interface Split {
  parts: string[];
  penalty: number;
  /** The shortest part's length, then the first part's: balanced splits with a long head win ties. */
  minLength: number;
  firstLength: number;
}

export class CompoundSplitter {
  private readonly lemmas: WordTable;
  private readonly links: WordTable;
  private readonly extra: Set<string>;
  private readonly overrides: ReadonlyMap<string, readonly string[]>;
  private readonly nonParts: Set<string>;

  constructor(overrides: CompoundOverrides) {
    const dict = swedishDictionary();
    this.lemmas = dict.lemmas;
    this.links = dict.linkingForms;
    this.extra = new Set(overrides.words);
    this.overrides = new Map(Object.entries(overrides.compounds));
    this.nonParts = new Set(overrides.nonParts);
  }

  private flags(word: string): number | undefined {
    if (this.extra.has(word)) return BEGIN | MIDDLE | END;
    return this.lemmas.get(word);
  }

  /** A word that can stand on its own as a content word (ends compounds). */
  private isContent(word: string, loose = false): boolean {
    if (word.length < MIN_PART || this.nonParts.has(word)) return false;
    const flags = this.flags(word);
    if (flags === undefined) return false;
    // The END flag is missing on some lexicalised compounds ("arbetsgrupp"); a long entry is a content word anyway.
    if ((flags & END) !== 0 || (word.length >= 7 && (flags & (BEGIN | MIDDLE)) === 0)) return true;
    // Short nouns without END ("råd") may end a split of a word the dictionary does not know.
    return loose && (flags & NOUN) !== 0;
  }

  /** The lemma of a final part, inflected or not: "enheten" → "enhet", "arbetet" → "arbete", "frågor" → "fråga". */
  finalLemma(s: string, loose = false): string | undefined {
    if (s.length < MIN_PART || this.nonParts.has(s)) return undefined;
    if (this.isContent(s, loose)) return s;
    for (const ending of ENDINGS) {
      if (s.length - ending.length < MIN_PART || !s.endsWith(ending)) continue;
      const base = s.slice(0, s.length - ending.length);
      for (const lemma of [base, `${base}e`, `${base}a`]) if (this.isContent(lemma, loose)) return lemma;
      // Doubled consonant before the ending: "hemmet" → "hem", "programmet" → "program".
      const last = base[base.length - 1];
      if (
        last &&
        base[base.length - 2] === last &&
        !'aeiouyåäö'.includes(last) &&
        this.isContent(base.slice(0, -1), loose)
      )
        return base.slice(0, -1);
    }
    return undefined;
  }

  /** Ways a non-final part can read: as written, a listed linking form, or a generic linking guess. */
  private linkCandidates(s: string, middle: boolean): Candidate[] {
    if (s.length < MIN_PART - 1 || this.nonParts.has(s)) return [];
    const out: Candidate[] = [];
    const position = middle ? MIDDLE | BEGIN : BEGIN;
    const own = this.flags(s);
    if (own !== undefined && s.length >= MIN_PART) {
      if (own & END) out.push({ lemma: s, penalty: own & position ? 0 : 1 });
      // A compound-only form the dictionary lists as an entry ("kvinno", "arbets"): name it by its base word.
      else if (own & position) out.push({ lemma: this.baseOfLink(s) ?? s, penalty: 0 });
    }
    const linkFlags = this.links.get(s);
    const linked = linkFlags !== undefined && linkFlags & position ? this.links.lemma(s) : undefined;
    if (linked && !this.nonParts.has(linked)) out.push({ lemma: linked, penalty: 0 });
    if (out.length > 0) return out;
    // Generic links: -s- ("arbetsgrupps"), dropped -a/-e ("skol"), -o-/-u-/-e-/-a- for -a/-e ("gatu", "ränte").
    const guesses: string[] = [];
    const last = s[s.length - 1];
    const stemPart = s.slice(0, -1);
    if (last === 's' && s.length > MIN_PART)
      guesses.push(stemPart, `${stemPart}e`, `${stemPart.slice(0, -1)}e`, `${stemPart}a`);
    if (last === 'o' || last === 'u' || last === 'e' || last === 'a')
      guesses.push(`${stemPart}a`, `${stemPart}e`, stemPart);
    guesses.push(`${s}a`, `${s}e`);
    for (const g of guesses)
      if (g.length >= MIN_PART && g !== s && this.isContent(g)) return [{ lemma: g, penalty: 1 }];
    return [];
  }

  /** The base word of a compound-only linking entry: "kvinno" → "kvinna", "arbets" → "arbete". */
  private baseOfLink(s: string): string | undefined {
    const stemPart = s.slice(0, -1);
    const tries = s.endsWith('s')
      ? [stemPart, `${stemPart}e`, `${stemPart.slice(0, -1)}e`, `${stemPart}a`]
      : [`${stemPart}a`, `${stemPart}e`, stemPart, `${s}a`, `${s}e`];
    // "huvudmanna" → "huvudman", "tjänstemanna" → "tjänsteman".
    if (/([bdfgklmnprstv])\1a$/.test(s)) tries.push(s.slice(0, -2));
    return tries.find((t) => t.length >= MIN_PART && this.isContent(t));
  }

  private best(word: string, strict: boolean): Split | undefined {
    // In a known word a generic link is believed only after a first part of 4+ letters
    // ("skol|sköterska"), not after short ones that make suffixes parts ("mot|tagning", "ung|dom").
    const minGuess = strict ? 4 : MIN_PART;
    const n = word.length;
    const memo = new Map<number, Split | null>();
    const solve = (i: number, depth: number): Split | null => {
      const key = i * 8 + depth;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      let best: Split | null = null;
      const consider = (s: Split) => {
        if (!best) {
          best = s;
          return;
        }
        const b: Split = best;
        const order =
          s.parts.length - b.parts.length ||
          s.penalty - b.penalty ||
          b.minLength - s.minLength ||
          b.firstLength - s.firstLength;
        if (order < 0) best = s;
      };
      if (i > 0) {
        const lemma = this.finalLemma(word.slice(i), !strict);
        if (lemma) consider({ parts: [lemma], penalty: 0, minLength: n - i, firstLength: n - i });
      }
      if (depth < MAX_PARTS - 1) {
        for (let j = i + MIN_PART - 1; j <= n - MIN_PART; j++) {
          const cands = this.linkCandidates(word.slice(i, j), i > 0).filter(
            (c) => c.penalty === 0 || j - i >= minGuess,
          );
          if (cands.length === 0) continue;
          // Three equal letters are written as two ("remiss" + "svar" = "remissvar"): the next part may reuse the last letter.
          const starts =
            word[j - 1] === word[j - 2] && word[j - 1] === word[j]
              ? [j]
              : word[j - 1] === word[j - 2]
                ? [j, j - 1]
                : [j];
          for (const start of starts) {
            const rest = solve(start, depth + 1);
            if (!rest) continue;
            for (const c of cands)
              consider({
                parts: [c.lemma, ...rest.parts],
                penalty: rest.penalty + c.penalty,
                minLength: Math.min(rest.minLength, j - i),
                firstLength: j - i,
              });
          }
        }
      }
      memo.set(key, best);
      return best;
    };
    const split = solve(0, 0);
    if (!split || split.parts.length < 2) return undefined;
    if (strict && (split.parts.length !== 2 || split.penalty > 1)) return undefined;
    return split;
  }

  /**
   * The parts of a compound as lemmas, or [] when the word is not a compound
   * the dictionary can explain: "barntandvårdsenheten" → ["barn", "tandvård", "enhet"].
   */
  split(word: string): string[] {
    return this.splitLower(word.toLowerCase());
  }

  private readonly splitLower = memoize(50_000, (w: string): string[] => {
    const override = this.overrides.get(w) ?? this.overrides.get(this.finalLemma(w) ?? '');
    if (override) return [...override];
    if (w.length < 2 * MIN_PART || w.length > MAX_COMPOUND_LENGTH || !/^[a-zåäöéü]+$/.test(w)) return [];
    // A word the dictionary knows (inflected or not) only splits, as its lemma, into two plain words.
    const lemma = this.lemmas.has(w) ? w : this.finalLemma(w);
    return (lemma ? this.best(lemma, true) : this.best(w, false))?.parts ?? [];
  });

  /**
   * The known last part of a word the dictionary cannot explain whole, such as a
   * compound with a misspelt or unknown head: "idrotsanläggningar" → "anläggning",
   * "Nykarlebyveckan" → "vecka". Only a part of 5+ letters after a head of 4+; the
   * head, not a word, is never a part.
   */
  tail(word: string): string | undefined {
    const w = word.toLowerCase();
    if (
      w.length < 10 ||
      w.length > MAX_COMPOUND_LENGTH ||
      !/^[a-zåäöéü]+$/.test(w) ||
      this.lemmas.has(w) ||
      this.finalLemma(w) !== undefined
    )
      return undefined;
    for (let i = 4; i <= w.length - 5; i++) {
      const lemma = this.finalLemma(w.slice(i));
      if (lemma && lemma.length >= 5) return lemma;
    }
    return undefined;
  }

  /** Every part and sub-part, depth-first: "barntandvårdsenheten" → barn, tandvård, tand, vård, enhet. */
  allParts(word: string): string[] {
    const out: string[] = [];
    const walk = (w: string, depth: number) => {
      const parts = this.split(w);
      if (depth === 0 && parts.length === 0) {
        const tail = this.tail(w);
        if (tail) parts.push(tail);
      }
      for (const part of parts) {
        out.push(part);
        if (depth < 3 && part.length >= 2 * MIN_PART) walk(part, depth + 1);
      }
    };
    walk(word, 0);
    return out;
  }
}
