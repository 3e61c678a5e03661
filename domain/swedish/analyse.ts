/**
 * The analysis applied both when indexing and to the user's query, so the two
 * meet in one derived field (`stems`): every word as its Swedish stem, folded
 * (å/ä/ö → a/a/o, so "nara vard" meets "nära vård"), followed by the stems of
 * its compound parts ("barntandvårdsenheten" → … tandvard tand vard enhet) and
 * by the concepts of synonyms.json it names ("ÖK", "överenskommelsen" and
 * "hälso- och sjukvård i hemmet" index their concept). A query becomes one
 * term per content word (its stem, or its concept), so every word must be in
 * the same field whatever its surface form: one search, one hit set, in any
 * sort order and any word order.
 */
import { z } from 'zod';
import { loadDataFile } from '../data-files.js';
import { dictionaryVersion } from './dictionary.js';
import { foldDiacritics } from './fold.js';
import { compoundParts, stem, stemsOf, verbRoot } from './stem.js';
import { tokenizeWithOffsets } from './tokenize.js';
import { memoize } from './memo.js';
import { lazily } from '../lazy.js';

export { foldDiacritics } from './fold.js';

const LanguageSchema = z.object({
  about: z.string(),
  stopWords: z.array(z.string().min(1)),
  functionWords: z.array(z.string().regex(/^[\p{Ll}]+$/u, 'one lower-case word')),
  queryWords: z.array(z.string().regex(/^[\p{Ll}]+$/u, 'one lower-case word')),
});

const SynonymSchema = z.object({
  about: z.string(),
  groups: z.array(
    z
      .object({
        abbreviations: z.array(z.string().regex(/^[\p{L}\p{N}]+$/u, 'one word, as written')),
        terms: z.array(z.string().min(1)),
      })
      .refine((g) => g.abbreviations.length + g.terms.length >= 2, 'a group needs at least two members'),
  ),
});

const language = loadDataFile('language', LanguageSchema);
const synonymData = loadDataFile('synonyms', SynonymSchema);

/** Version of the analysis code and the word list it splits compounds against; the data files are hashed by the pipeline. */
export const VERSION = `analyse@8+${dictionaryVersion()}`;

/** Function words: never indexed, never searched. */
export const SWEDISH_STOP_WORDS: readonly string[] = language.stopWords;
const stop = new Set(SWEDISH_STOP_WORDS);
/**
 * The stop words and the other function words (pronouns, determiners, prepositions, adverbs): indexed and
 * searchable, but never a content term: no topic term matches them and keyness ranks none of them.
 */
export const SWEDISH_FUNCTION_WORDS: readonly string[] = [...language.stopWords, ...language.functionWords];
/** Question and function words dropped from queries only. */
const queryWords = new Set([...language.queryWords, ...language.queryWords.map(foldDiacritics)]);

/**
 * Written forms are indexed (and searched as a fallback) from this length, where Meilisearch starts to allow
 * a typo. A protocol's own misspelling can stem far from the right word's stem ("fortsat" → "forts", "fortsatt"
 * → "fortsat"), but stays one edit from it as written; shorter forms would only add exact collisions.
 */
const MIN_FORM = 5;

/**
 * Longest word that gets terms. Meilisearch does not index words over 250 bytes, so a longer token
 * (a hash, a URL, an OCR line without spaces) could never be found; analysing it only cost time
 * (folding and stemming a 5 MB token took seconds).
 */
const MAX_WORD_LENGTH = 250;

/** A lower-case word folded, as written. */
export const foldedForm: (token: string) => string = memoize(50_000, (token: string) => foldDiacritics(token));

/** A lower-case word's own term: its stem, folded. */
export const termOf: (token: string) => string = memoize(50_000, (token: string) => foldDiacritics(stem(token)));

interface Concept {
  /** The term the concept is indexed and searched as. */
  key: string;
  /** One-word members, as terms. */
  words: Set<string>;
}

interface CompiledSynonyms {
  /** Abbreviation as written (and in capitals) → concept, for texts. */
  textAbbreviations: Map<string, Concept>;
  /** Abbreviation folded lower-case → concept, for queries. */
  queryAbbreviations: Map<string, Concept>;
  /** One-word member term → concept. */
  words: Map<string, Concept>;
  /** Multi-word members as term sequences (stop words included), longest first. */
  phrases: { terms: string[]; concept: Concept }[];
  /** The same phrases by their first term, so a text is scanned once. */
  phrasesByFirst: Map<string, { terms: string[]; concept: Concept }[]>;
}

function compileSynonyms(): CompiledSynonyms {
  const textAbbreviations = new Map<string, Concept>();
  const queryAbbreviations = new Map<string, Concept>();
  const words = new Map<string, Concept>();
  const phrases: { terms: string[]; concept: Concept }[] = [];
  for (const group of synonymData.groups) {
    const members = group.terms.map((t) => tokenizeWithOffsets(t).map((x) => termOf(x.token)));
    const single = members.find((m) => m.length === 1);
    const key = single?.[0] ?? foldDiacritics(group.abbreviations[0]?.toLowerCase() ?? members[0]!.join(''));
    const concept: Concept = { key, words: new Set(members.filter((m) => m.length === 1).map((m) => m[0]!)) };
    for (const a of group.abbreviations) {
      textAbbreviations.set(a, concept);
      textAbbreviations.set(a.toUpperCase(), concept);
      queryAbbreviations.set(foldDiacritics(a.toLowerCase()), concept);
    }
    for (const m of members) {
      if (m.length === 1) words.set(m[0]!, concept);
      else if (m.length > 1) phrases.push({ terms: m, concept });
    }
  }
  phrases.sort((a, b) => b.terms.length - a.terms.length);
  const phrasesByFirst = new Map<string, { terms: string[]; concept: Concept }[]>();
  for (const p of phrases) phrasesByFirst.set(p.terms[0]!, [...(phrasesByFirst.get(p.terms[0]!) ?? []), p]);
  return { textAbbreviations, queryAbbreviations, words, phrases, phrasesByFirst };
}

/** Compiled on first use: stemming its members loads the dictionary, which a process that analyses no text never needs. */
const synonyms = lazily(compileSynonyms);

/** A word of a text with the terms it is indexed under. */
export interface AnalysedToken {
  start: number;
  end: number;
  /** Its own term (folded stem), then compound parts and concepts; [] for stop words. */
  terms: string[];
}

const termsWithForm = memoize(50_000, (surface: string): readonly string[] =>
  termsOfWord(surface.toLowerCase(), surface, true),
);
const termsWithoutForm = memoize(50_000, (surface: string): readonly string[] =>
  termsOfWord(surface.toLowerCase(), surface, false),
);
/**
 * A word's terms (see `termsOfWord`) by the word as written, remembered: snippets analyse the same
 * words on every request, and ingest the same words in every protocol.
 */
export function wordTerms(surface: string, withForm = true): readonly string[] {
  return withForm ? termsWithForm(surface) : termsWithoutForm(surface);
}

/** Words analysed per slice by `warmWordAnalysis`, between which other work runs. */
const WARM_SLICE = 2_000;

/**
 * Analyses word forms as written (their terms, compound parts, concepts) ahead of use, so the first
 * snippets and reranked pages that meet them find them remembered: a process that did not ingest
 * them itself (the API, whose ingest runs in a child) otherwise splits every compound of its first
 * pages' texts while a user waits. At most `max` forms (the memory holds 50,000), a slice at a time.
 */
export async function warmWordAnalysis(forms: Iterable<string>, max = 30_000): Promise<number> {
  let done = 0;
  for (const form of forms) {
    if (done >= max) break;
    termsWithForm(form);
    if (++done % WARM_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return done;
}

/**
 * The terms one word of a text is indexed under: its own term, its compound
 * parts, the concepts it names; only the concept for an abbreviation as written
 * ("ÖK" must not index "ok", which "öka" stems to); none for a stop word.
 */
function termsOfWord(token: string, surface: string, withForm: boolean): string[] {
  if (token.length > MAX_WORD_LENGTH) return [];
  const abbreviation = synonyms().textAbbreviations.get(surface);
  if (abbreviation) return [abbreviation.key];
  if (stop.has(token)) return [];
  const terms = [termOf(token)];
  // The word as written too (folded), when stemming changed it: a misspelt query word stems to
  // nothing useful ("samsjukligehten" → "samsjukligeht"), but is a typo away from the form.
  const form = foldedForm(token);
  if (withForm && form !== terms[0] && form.length >= MIN_FORM) terms.push(form);
  for (const s of stemsOf(token)) {
    // An action noun in -ning also under its verb's root, which the -are agent noun stems to.
    for (const t of [s, verbRoot(s)]) {
      const f = t === undefined ? undefined : foldDiacritics(t);
      if (f !== undefined && !terms.includes(f)) terms.push(f);
    }
  }
  for (const term of [...terms]) {
    const concept = synonyms().words.get(term);
    if (concept && !terms.includes(concept.key)) terms.push(concept.key);
  }
  return terms;
}

/** Where phrase members of concepts stand in a sequence of own terms: [first, end) token indexes and the concept. */
export function phraseConcepts(own: readonly string[]): { from: number; to: number; key: string }[] {
  const out: { from: number; to: number; key: string }[] = [];
  const termAt = (i: number) => own[i]!;
  for (let i = 0; i < own.length; i++) for (const p of phrasesFrom(termAt, own.length, i)) out.push(p);
  return out;
}

const NO_PHRASES: readonly { from: number; to: number; key: string }[] = [];

/**
 * The phrase members of concepts that start at token `i`, as `phraseConcepts` lists them, with the
 * own terms read through `termAt` (of `count`): highlighting stems only the words it must.
 */
export function phrasesFrom(
  termAt: (i: number) => string,
  count: number,
  i: number,
): readonly { from: number; to: number; key: string }[] {
  const starting = synonyms().phrasesByFirst.get(termAt(i));
  if (!starting) return NO_PHRASES;
  const out: { from: number; to: number; key: string }[] = [];
  for (const { terms, concept } of starting) {
    if (i + terms.length > count) continue;
    let k = 1;
    while (k < terms.length && termAt(i + k) === terms[k]) k++;
    if (k === terms.length) out.push({ from: i, to: i + terms.length, key: concept.key });
  }
  return out;
}

/**
 * A text's tokens with their terms. A phrase member of a concept ("hälso- och
 * sjukvård i hemmet") gives its concept to each of its words, so highlighting
 * marks the whole phrase; the index lists the concept once, after the phrase.
 */
export function analyseTokens(text: string, withForms = true): AnalysedToken[] {
  const raw = tokenizeWithOffsets(text);
  // A copy: a phrase's concept is added to its words' terms below.
  const out: AnalysedToken[] = raw.map((t) => ({
    start: t.start,
    end: t.end,
    terms: [...wordTerms(text.slice(t.start, t.end), withForms)],
  }));
  for (const { from, to, key } of phraseConcepts(raw.map((t) => termOf(t.token)))) {
    for (let j = from; j < to; j++) if (!out[j]!.terms.includes(key)) out[j]!.terms.push(key);
  }
  return out;
}

/**
 * The derived `stems` field of an agenda item: every token's terms in text order, a phrase's
 * concept once. Without forms: the stems, parts and concepts only (for term statistics).
 */
export function analyseForIndex(text: string, withForms = true): string {
  const out: string[] = [];
  let previous: readonly string[] = [];
  for (const token of analyseTokens(text, withForms)) {
    for (const term of token.terms) if (!(isConceptKey(term) && previous.includes(term))) out.push(term);
    previous = token.terms;
  }
  return out.join(' ');
}

/** The concepts' keys, one-word members and cues, from the compiled synonyms (on first use too). */
const concepts = lazily(() => {
  const { words, textAbbreviations, phrases, queryAbbreviations } = synonyms();
  const keys = new Set([...words.values(), ...textAbbreviations.values()].map((c) => c.key));
  const memberTerms = new Map<string, string[]>();
  for (const [term, concept] of words) memberTerms.set(concept.key, [...(memberTerms.get(concept.key) ?? []), term]);
  const cueTerms = new Map<string, string[]>(memberTerms);
  for (const { terms, concept } of phrases)
    cueTerms.set(concept.key, [...(cueTerms.get(concept.key) ?? []), terms[0]!]);
  for (const [abbreviation, concept] of queryAbbreviations)
    cueTerms.set(concept.key, [...(cueTerms.get(concept.key) ?? []), abbreviation]);
  return { keys, memberTerms, cueTerms };
});
/** A term that names a concept of synonyms.json (its members need not contain it). */
export const isConceptKey = (term: string) => concepts().keys.has(term);
/** The one-word members of a concept as terms: a word of a text can name the concept only if it contains one. */
export const conceptWordTerms = (key: string): readonly string[] => concepts().memberTerms.get(key) ?? [];
/**
 * Substrings (folded) one of which a text must contain where it names a concept: its one-word
 * members, the first word of each phrase member, its abbreviations. A cue, not a match.
 */
export const conceptCues = (key: string): readonly string[] => concepts().cueTerms.get(key) ?? [];
/** Whether a word, as written, is an abbreviation of synonyms.json. */
export const isTextAbbreviation = (surface: string) => synonyms().textAbbreviations.has(surface);

/** One content word of a query and the term it searches. */
export interface QueryWord {
  /** The word as typed (a phrase member of a concept: the phrase). */
  text: string;
  /** The term searched in `stems`. */
  term: string;
  /** The word as written, folded, when that differs from the term: searched when the term finds nothing (a misspelling). */
  form?: string;
  /**
   * A compound's parts as terms ("hemtjänstsamordnare" → hemtjanst, samordn): searched
   * together in its place when neither the term nor the form finds anything, so a
   * compound no text writes still finds the items that say it in separate words.
   */
  parts?: string[];
}

export interface AnalysedQuery {
  words: QueryWord[];
  /** The terms, space-separated: the Meilisearch query over `stems`. */
  stems: string;
  /** The query folded (for display and legacy callers). */
  folded: string;
}

const MAX_QUERY_TERMS = 10;

/**
 * A query's content words as terms: question and function words dropped
 * (unless nothing else is left), each word stemmed and folded, concept members
 * (abbreviations in any case, words, phrases) replaced by their concept, and
 * duplicates removed, so word order and repetition do not change the hit set.
 * At most `maxTerms` terms (Meilisearch reads ten); word lists pass Infinity.
 */
export function analyseQuery(q: string, maxTerms = MAX_QUERY_TERMS): AnalysedQuery {
  let analysed = analysedByLimit.get(maxTerms);
  if (!analysed) {
    analysed = memoize(5_000, (query: string): AnalysedQuery => {
      const words = analysedWords(query);
      const cut = words.length > maxTerms ? longestTerms(words, maxTerms) : words;
      return { words: cut, stems: cut.map((w) => w.term).join(' '), folded: foldDiacritics(query) };
    });
    analysedByLimit.set(maxTerms, analysed);
  }
  return analysed(q);
}

/**
 * A query's analysis, remembered per word limit (the keyword plan's ten, the ranked plan's sixteen,
 * word lists' Infinity: a handful): trends, related items and marks ask for the same ones again.
 */
const analysedByLimit = new Map<number, (q: string) => AnalysedQuery>();

/**
 * A query's words, each term once, analysed once: queries repeat (every page, facet click and view
 * of one question), and a question is read both as keywords and as a ranked question (query-plan.ts).
 */
const analysedWords = memoize(5_000, (q: string) => analyseWords(q));

/** Meilisearch reads the first 10 query words: past `max`, the `max` longest terms (an order-free choice), in text order. */
function longestTerms(words: readonly QueryWord[], max: number): QueryWord[] {
  const keep = new Set(
    [...words].sort((a, b) => b.term.length - a.term.length || (a.term < b.term ? -1 : 1)).slice(0, max),
  );
  return words.filter((w) => keep.has(w));
}

/** The phrase members of concepts that may occur among `own` terms, in the compiled phrases' order (longest first). */
function phrasesAmong(own: readonly string[]): { terms: string[]; concept: Concept }[] {
  const found = new Set<{ terms: string[]; concept: Concept }>();
  for (const term of own) for (const p of synonyms().phrasesByFirst.get(term) ?? []) found.add(p);
  if (found.size < 2) return [...found];
  return synonyms().phrases.filter((p) => found.has(p));
}

function analyseWords(q: string): QueryWord[] {
  const raw = tokenizeWithOffsets(q);
  const own = raw.map((t) => termOf(t.token));
  const words: QueryWord[] = [];
  const used = new Set<number>();
  for (const { terms, concept } of phrasesAmong(own)) {
    for (let i = 0; i + terms.length <= own.length; i++) {
      if (used.has(i) || terms.some((t, k) => own[i + k] !== t || used.has(i + k))) continue;
      for (let k = 0; k < terms.length; k++) used.add(i + k);
      words.push({ text: q.slice(raw[i]!.start, raw[i + terms.length - 1]!.end), term: concept.key });
    }
  }
  const content = raw.map((t, i) => ({ t, i })).filter(({ i }) => !used.has(i));
  const meaningful = content.filter(({ t }) => !stop.has(t.token) && !queryWords.has(t.token));
  const kept = meaningful.length > 0 || words.length > 0 ? meaningful : content.filter(({ t }) => !stop.has(t.token));
  for (const { t, i } of kept) {
    const concept = synonyms().queryAbbreviations.get(foldDiacritics(t.token)) ?? synonyms().words.get(own[i]!);
    const form = foldedForm(t.token);
    const term = concept?.key ?? own[i]!;
    const parts = concept
      ? []
      : [...new Set(compoundParts(t.token).map(termOf))].filter((x) => x !== term && !stop.has(x));
    words.push({
      text: q.slice(t.start, t.end),
      term,
      ...(!concept && form !== own[i] && form.length >= MIN_FORM ? { form } : {}),
      ...(parts.length > 1 ? { parts } : {}),
    });
  }
  // In text order, each term once.
  words.sort((a, b) => q.indexOf(a.text) - q.indexOf(b.text));
  const seen = new Set<string>();
  return words.filter((w) => {
    if (seen.has(w.term)) return false;
    seen.add(w.term);
    return true;
  });
}
