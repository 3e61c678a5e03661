/**
 * What a query asks, before anything is searched: its syntax (years, phrases, exclusions,
 * alternatives: domain/swedish/query-syntax.ts) and its content words analysed, and from them the
 * Meilisearch queries over `stems` that answer it. Pure and remembered per query text.
 *
 * Two plans. A short keyword query (up to four content words, not written as a question) requires
 * every word, in any order, as staff expect of "hemsjukvård kommun": one search (or, with `OR`
 * groups, the union of one search per combination). A question or a long query ranks instead: each
 * content word is one group of alternatives, every group optional, weighted by rarity
 * (ranking.ts); a short query that no item fully matches falls back to the same ranking.
 */
import { analyseForIndex, analyseQuery, type QueryWord } from '../../domain/swedish/analyse.js';
import { memoize } from '../../domain/swedish/memo.js';
import { parseQuerySyntax, type QuerySyntax, type Understood } from '../../domain/swedish/query-syntax.js';
import { type Filter, itemFilter } from './filters.js';
import { PART_WEIGHT, type Alternative } from './ranking.js';

/** Content words from which a query is ranked even when not written as a question. */
const LONG_QUERY = 5;
/** Content words a ranked query reads at most (each is its own small search, not Meilisearch's 10-word query). */
const RANKED_WORDS = 16;
/** Alternatives (searches) a ranked query sends at most: the word itself and its form first, parts while they fit. */
const MAX_ALTERNATIVES = 28;
/** Combinations of `OR` groups a keyword query is searched as at most. */
const MAX_COMBINATIONS = 16;

export interface Intent {
  syntax: QuerySyntax;
  /** The free words as analysed for the keyword plan (at most Meilisearch's ten). */
  words: QueryWord[];
  /** Phrases as Meilisearch phrases over `stems` ("psykisk hals halsa" in quotes), required by every plan. */
  phrases: string;
  /** Their terms, for highlighting. */
  phraseTerms: string[];
  /** Each `OR` group's members as query fragments over `stems` (terms, or a quoted phrase). */
  anyOf: string[][];
  /** Exclusions as Meilisearch's negative operators over `stems` ("-psykiatri", -"…"). */
  negatives: string;
  /** Each exclusion as its own query over `stems` (the items it would find are left out). */
  excluded: string[];
  /** The year filter the query wrote. */
  filter: Filter;
  /** Ranked (a question or a long query) rather than every word required. */
  ranked: boolean;
  /** The ranked plan: alternatives per content word and `OR` group. */
  alternatives: Alternative[];
  groupCount: number;
  /** The words of a query that searches nothing although it asked something (see Understood's `unsearched`). */
  unsearched?: string[];
}

/** Whether a query searches no word, phrase or `OR` group: its items are listed as a blank query's are, filters and exclusions kept. */
export const searchesNothing = (intent: Pick<Intent, 'words' | 'anyOf' | 'phrases'>) =>
  intent.words.length === 0 && intent.anyOf.length === 0 && intent.phrases === '';

/** Words of a query named at most when none of them is searched. */
const UNSEARCHED_SHOWN = 10;

/**
 * The words, as written, of a query that asked something but searches nothing: "vad är det?" has only
 * question and function words, which are not searched, and "?" none. Undefined when the query searches
 * something, is blank, or wrote only years and exclusions (listing what they leave is what it asked).
 */
function unsearchedOf(q: string, syntax: QuerySyntax): string[] | undefined {
  if (q === '') return undefined;
  const written = [syntax.text, ...syntax.phrases, ...syntax.anyOf.flat()].join(' ').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (written.length === 0 && (syntax.years || syntax.caseNumbers || syntax.excluded.length > 0)) return undefined;
  return [...new Set(written)].slice(0, UNSEARCHED_SHOWN);
}

const phraseQuery = (phrase: string) => {
  const terms = analyseForIndex(phrase);
  return terms ? `"${terms}"` : '';
};

/** One member of an `OR` group as a query fragment: a quoted phrase, or a word's terms. */
function memberQuery(member: string): { q: string; terms: string[] } {
  if (member.startsWith('"')) {
    const q = phraseQuery(member.slice(1, -1));
    return { q, terms: q.slice(1, -1).split(' ').filter(Boolean) };
  }
  const terms = analyseQuery(member, Number.POSITIVE_INFINITY).words.map((w) => w.term);
  return { q: terms.join(' '), terms };
}

export function rankedAlternatives(words: readonly QueryWord[], anyOf: readonly string[][]): Alternative[] {
  const alternatives: Alternative[] = [];
  const parts: Alternative[] = [];
  words.forEach((w, group) => {
    alternatives.push({ group, term: w.term, weight: 1, part: false, exact: true });
    if (w.form) alternatives.push({ group, term: w.form, weight: 1, part: false, exact: false, fallback: true });
    for (const p of w.parts ?? []) parts.push({ group, term: p, weight: PART_WEIGHT, part: true, exact: true });
  });
  anyOf.forEach((members, k) => {
    for (const m of members) {
      const { q } = memberQuery(m);
      if (q) alternatives.push({ group: words.length + k, term: q, weight: 1, part: false, exact: false });
    }
  });
  return [...alternatives, ...parts].slice(0, MAX_ALTERNATIVES);
}

function buildIntent(q: string): Intent {
  const syntax = parseQuerySyntax(q);
  const keyword = analyseQuery(syntax.text);
  const long = analyseQuery(syntax.text, RANKED_WORDS);
  const groups = long.words.length + syntax.anyOf.length;
  const ranked = groups >= 2 && (syntax.question || groups >= LONG_QUERY);
  const phrases = syntax.phrases.map(phraseQuery).filter(Boolean);
  const excluded = syntax.excluded
    .map((e) => (/\s/.test(e) ? phraseQuery(e) : memberQuery(e).q))
    .filter((e) => e !== '');
  const intent: Intent = {
    syntax,
    words: ranked ? long.words : keyword.words,
    phrases: phrases.join(' '),
    phraseTerms: phrases.flatMap((p) => p.slice(1, -1).split(' ')),
    anyOf: syntax.anyOf.map((g) => g.map((m) => memberQuery(m).q).filter(Boolean)).filter((g) => g.length > 0),
    negatives: excluded.flatMap((e) => (e.startsWith('"') ? [`-${e}`] : e.split(' ').map((t) => `-${t}`))).join(' '),
    excluded,
    filter: [
      ...(syntax.years ? [`year >= ${syntax.years.from}`, `year <= ${syntax.years.to}`] : []),
      ...itemFilter({ caseKeys: syntax.caseKeys }),
    ],
    ranked,
    alternatives: ranked ? rankedAlternatives(long.words, syntax.anyOf) : [],
    groupCount: groups,
  };
  const unsearched = searchesNothing(intent) ? unsearchedOf(q, syntax) : undefined;
  return unsearched ? { ...intent, unsearched } : intent;
}

/** A query's intent, remembered: every page, facet click and view of one question reads it again. */
export const intentOf: (q: string) => Intent = memoize(5_000, (q: string) => buildIntent(q.trim()));

/** Joins query fragments, skipping empty ones. */
export const joinQuery = (...parts: readonly string[]) => parts.filter(Boolean).join(' ');

/**
 * The keyword plan's searches, every word required: the words' terms (or `terms`, when relaxed to
 * forms or parts), the phrases and the exclusions, once per combination of the `OR` groups.
 */
export function keywordQueries(intent: Intent, terms: readonly string[] = intent.words.map((w) => w.term)): string[] {
  let combinations: string[][] = [[]];
  for (const group of intent.anyOf) {
    combinations = combinations.flatMap((c) => group.map((m) => [...c, m]));
    if (combinations.length > MAX_COMBINATIONS) combinations = combinations.slice(0, MAX_COMBINATIONS);
  }
  return combinations.map((c) => joinQuery(...terms, ...c, intent.phrases, intent.negatives));
}

/** The query's own syntax as the API reports it. */
export function understood(intent: Intent): Understood {
  const { syntax } = intent;
  return {
    ...(syntax.years ? { years: syntax.years } : {}),
    ...(syntax.caseNumbers ? { caseNumbers: syntax.caseNumbers } : {}),
    phrases: syntax.phrases,
    excluded: syntax.excluded,
    anyOf: syntax.anyOf,
    ranked: intent.ranked,
    ...(intent.unsearched ? { unsearched: intent.unsearched } : {}),
  };
}
