/**
 * Where a query matches a text, by the same analysis the index uses: a word is
 * marked when one of its terms (folded stem, compound part, concept) is a query
 * term, so "nara vard" marks "nära vård", "psykisk hälsa" marks "psykiska
 * hälsan", "vård" marks "barntandvårdsenheten" and "hemsjukvård" marks
 * "hälso- och sjukvård i hemmet". Meilisearch highlights only the derived field
 * it matched in, which nobody reads.
 */
import { foldedPattern } from './fold.js';
import {
  conceptCues,
  conceptWordTerms,
  foldedForm,
  isConceptKey,
  isTextAbbreviation,
  phrasesFrom,
  termOf,
  wordTerms,
} from './analyse.js';
import { memoize } from './memo.js';
import { wordsStemmedIrregularly } from './stem.js';
import { TextWords } from './tokenize.js';

/** A marked character range of the text: [start, end). */
export type Span = readonly [number, number];

/** Meilisearch's default typo budget: 1 from 5 letters, 2 from 9. */
function typoBudget(term: string): number {
  return term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0;
}

/** Whether two words are at most `max` edits apart (Levenshtein: insertions, deletions, substitutions). */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  // A shared start or end adds no edit: only what lies between is compared.
  let from = 0;
  let endA = a.length;
  let endB = b.length;
  while (from < endA && from < endB && a.charCodeAt(from) === b.charCodeAt(from)) from++;
  while (endA > from && endB > from && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const n = endA - from;
  const m = endB - from;
  if (n === 0 || m === 0) return Math.max(n, m) <= max;
  // Levenshtein's rows, reused: this runs for every word of every page's text that may be a typo of a
  // query term, and allocating two arrays a call was most of its cost.
  if (m + 1 > editRows[0].length) editRows = [new Int32Array(m + 1), new Int32Array(m + 1)];
  let [prev, cur] = editRows;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let best = i;
    const ca = a.charCodeAt(from + i - 1);
    for (let j = 1; j <= m; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(from + j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return false;
    const done = prev;
    prev = cur;
    cur = done;
  }
  return prev[m]! <= max;
}
let editRows: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];

export interface MatchedToken {
  /** Its index among the text's tokens. */
  index: number;
  start: number;
  end: number;
  /** The query term it matched. */
  matched: string;
}

/** What matching a query's terms against words needs, worked out once per query (a page cuts ~20 snippets). */
interface MatchPlan {
  wanted: Set<string>;
  typoTerms: string[];
  concepts: string[];
  /** Substrings one of which a word must contain to match by a compound part or a one-word concept member. */
  needles: string[];
  /**
   * Every place in a text as written where a plain word could match other than by a typo: a query
   * term or concept cue (a term is a prefix of each plain word that stems to it, and a substring of
   * each word it is a compound part of).
   */
  cue: Patterns;
  /** First letter → the shortest plain word that can be a typo of a term starting with it. */
  typoFloor: Map<number, number>;
  /**
   * Where in a long text a snippet's region starts: the first place a term of three letters or more
   * or a concept cue could match (a shorter term would match nearly anywhere); null without any.
   */
  lead: Patterns | null;
}

/**
 * One pattern of folded terms in two compilations. `lower` (no case or Unicode flags) runs over the
 * text lower-cased: a new query's patterns are compiled on its first page, and V8 compiles a
 * case-insensitive Unicode alternation of character classes at several times the cost of a plain
 * one (most of a question's first-page highlighting). `anyCase` (flags `iu`) runs over the text as
 * written when lower-casing it would move offsets ("İ" becomes two characters), compiled only then.
 */
class Patterns {
  readonly lower: RegExp;
  private cased: RegExp | undefined;
  /**
   * @param longest the longest text one match can span (each alternative of a folded term matches
   *   one character per character of the term)
   */
  constructor(
    private readonly source: string,
    private readonly flags: '' | 'g',
    private readonly longest: number,
  ) {
    this.lower = new RegExp(source, flags);
  }
  get anyCase(): RegExp {
    this.cased ??= new RegExp(this.source, `${this.flags}iu`);
    return this.cased;
  }
  /** The pattern and the string to run it over (`text`, or `lower`: `text` lower-cased), offsets as in `text`. */
  over(text: string, lower = text.toLowerCase()): { pattern: RegExp; subject: string } {
    return lower.length === text.length
      ? { pattern: this.lower, subject: lower }
      : { pattern: this.anyCase, subject: text };
  }
  /**
   * Where the first match starts, or -1. A long text is lower-cased a slice at a time until a match
   * (usually in the first): the first match is all a snippet's region needs, and lower-casing a whole
   * long item for it cost more than the search.
   */
  firstIndex(text: string): number {
    for (let from = 0; from < text.length; from += FIRST_SLICE) {
      // Overlapping by a match's length, so a match that starts in this slice lies wholly in it.
      const slice = text.slice(from, from + FIRST_SLICE + this.longest);
      const lower = slice.toLowerCase();
      if (lower.length !== slice.length) return this.anyCase.exec(text)?.index ?? -1;
      this.lower.lastIndex = 0;
      const m = this.lower.exec(lower);
      // The leftmost match from `from` on: none starts before it, so it is the text's first.
      if (m) return from + m.index;
    }
    return -1;
  }
}

/** Characters of a long text lower-cased at a time while looking for its first match. */
const FIRST_SLICE = 2_000;

/** Words whose stem is not a prefix, always analysed; by first letter, so other words are not hashed. */
const irregularByFirst = new Map<number, Set<string>>();
for (const w of wordsStemmedIrregularly)
  irregularByFirst.set(w.charCodeAt(0), (irregularByFirst.get(w.charCodeAt(0)) ?? new Set()).add(w));

const matchPlanOf = memoize(5_000, (joined: string): MatchPlan => {
  const terms = joined === '' ? [] : joined.split(' ');
  const concepts = terms.filter(isConceptKey);
  const typoTerms = terms.filter((q) => typoBudget(q) > 0);
  const typoFloor = new Map<number, number>();
  for (const q of typoTerms) {
    const floor = Math.max(4, q.length - typoBudget(q));
    const first = q.charCodeAt(0);
    typoFloor.set(first, Math.min(floor, typoFloor.get(first) ?? floor));
  }
  // A concept's cues include its one-word members (conceptWordTerms).
  const conceptCueTerms = concepts.flatMap(conceptCues);
  const cues = [...new Set([...terms, ...conceptCueTerms])].filter((c) => c !== '');
  const leads = [...new Set([...terms.filter((q) => q.length >= 3), ...conceptCueTerms])];
  return {
    wanted: new Set(terms),
    typoTerms,
    concepts,
    needles: [...terms.filter((q) => q.length >= 3), ...concepts.flatMap(conceptWordTerms)],
    cue: new Patterns(cues.map(foldedPattern).join('|'), 'g', Math.max(0, ...cues.map((c) => c.length))),
    typoFloor,
    lead: leads.length
      ? new Patterns(leads.map(foldedPattern).join('|'), '', Math.max(...leads.map((c) => c.length)))
      : null,
  };
});

/**
 * The term a word is a typo of, if any. Meilisearch counts a typo on the first letter twice:
 * candidates share it. The stem or, for a word searched as written, the written form.
 */
function typoOf(typoTerms: readonly string[], mine: string, form: string): string | undefined {
  return typoTerms.find(
    (q) =>
      q[0] === mine[0] &&
      (withinEdits(mine, q, typoBudget(q)) || (form !== mine && withinEdits(form, q, typoBudget(q)))),
  );
}

/** A plain word's first letter (its char code) folded (å, ä → a; ö → o). */
function foldedFirstCode(c: number): number {
  return c === 0xe5 || c === 0xe4 ? 97 : c === 0xf6 ? 111 : c;
}

const primed = new WeakSet<MatchPlan>();

/**
 * Compiles the patterns `terms` will be matched with (findMatches, snippet) on a one-letter text,
 * ahead of the texts themselves: V8 runs a new pattern's first execution in its interpreter and
 * compiles it to machine code on the next, so a question's first page otherwise scanned its first
 * texts interpreted. Called while a page's documents are on their way from Meilisearch.
 */
export function primeMatching(terms: readonly string[]): void {
  if (terms.length === 0) return;
  const plan = matchPlanOf(terms.join(' '));
  // A query's later pages (the plan remembered) find its patterns compiled already.
  if (primed.has(plan)) return;
  primed.add(plan);
  const { cue, lead } = plan;
  for (const pattern of [cue.lower, lead?.lower])
    for (let i = 0; pattern && i < 2; i++) {
      pattern.lastIndex = 0;
      pattern.exec('x');
    }
}

/**
 * Where a text matches the query terms: the words that match one of them (typos within
 * Meilisearch's budget too), in order. Fast: one pass of a pattern marks the words that could
 * match; only those are analysed (stem, compound parts, concepts). Any other word is plain and
 * contains no term, so its stem is no term either; it is stemmed only when its first letter and
 * length allow a typo of a term. A word's string is made only when it is looked at: most words of
 * a text are passed by their offsets, first letter and length.
 */
export function findMatches(text: string, terms: readonly string[]): MatchedToken[] {
  return matchWords(new TextWords(text), terms);
}

function matchWords(words: TextWords, terms: readonly string[]): MatchedToken[] {
  const matches: MatchedToken[] = [];
  const count = words.count;
  if (terms.length === 0 || count === 0) return matches;
  const { text, lower, starts, ends, plain, sameLength } = words;
  const { wanted, typoTerms, concepts, needles, cue, typoFloor } = matchPlanOf(terms.join(' '));
  // Each word lower-cased and its term, made only for the words looked at.
  const lowered: (string | undefined)[] = new Array<string | undefined>(count);
  const wordAt = (i: number) => (lowered[i] ??= words.word(i));
  const own: (string | undefined)[] = new Array<string | undefined>(count);
  const ownAt = (i: number) => (own[i] ??= termOf(wordAt(i)));
  // Cue positions, in order: a token is a candidate when one starts inside it (a cue never spans two words).
  const cueStarts: number[] = [];
  const { pattern, subject } = cue.over(text, lower);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(subject); m !== null; m = pattern.exec(subject)) {
    cueStarts.push(m.index);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  let nextCue = 0;
  for (let i = 0; i < count; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    while (nextCue < cueStarts.length && cueStarts[nextCue]! < start) nextCue++;
    // The word's first letter and length as lower-cased: read from the offsets when lower-casing kept them.
    const first = sameLength ? lower.charCodeAt(start) : wordAt(i).charCodeAt(0);
    const length = sameLength ? end - start : wordAt(i).length;
    const candidate =
      plain[i] === 0 ||
      (nextCue < cueStarts.length && cueStarts[nextCue]! < end) ||
      irregularByFirst.get(first)?.has(wordAt(i)) === true;
    if (!candidate) {
      // Only a typo can match here: the stem is a prefix of the word, so it is no shorter than the floor only if the word is not.
      const floor = typoTerms.length ? typoFloor.get(foldedFirstCode(first)) : undefined;
      if (floor === undefined || length < floor) continue;
      const mine = ownAt(i);
      const matched = mine.length >= 4 ? typoOf(typoTerms, mine, foldedForm(wordAt(i))) : undefined;
      if (matched !== undefined) matches.push({ index: i, start, end, matched });
      continue;
    }
    if (concepts.length) {
      let phrase: { to: number; key: string } | undefined;
      for (const p of phrasesFrom(ownAt, count, i)) if (wanted.has(p.key)) phrase = p;
      if (phrase) {
        for (let j = i; j < phrase.to; j++)
          matches.push({ index: j, start: starts[j]!, end: ends[j]!, matched: phrase.key });
        i = phrase.to - 1;
        continue;
      }
    }
    const mine = ownAt(i);
    let matched: string | undefined = wanted.has(mine) ? mine : undefined;
    if (matched === undefined) {
      const form = foldedForm(wordAt(i));
      const surface = text.slice(start, end);
      if ((concepts.length > 0 && isTextAbbreviation(surface)) || needles.some((q) => form.includes(q)))
        matched = wordTerms(surface).find((x) => wanted.has(x));
      if (matched === undefined && mine.length >= 4) matched = typoOf(typoTerms, mine, form);
    }
    if (matched !== undefined) matches.push({ index: i, start, end, matched });
  }
  return matches;
}

/** The marked ranges of a text for a query's terms; neighbouring marks of one phrase ("hälso- och sjukvård") merged. */
export function highlightSpans(text: string, terms: readonly string[]): Span[] {
  if (terms.length === 0 || !text) return [];
  return mergeSpans(text, findMatches(text, terms));
}

function mergeSpans(text: string, matches: readonly MatchedToken[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of matches) {
    const last = spans[spans.length - 1];
    if (last && /^[\s-]*$/.test(text.slice(last[1], m.start)) && m.start - last[1] <= 2) last[1] = m.end;
    else spans.push([m.start, m.end]);
  }
  return spans;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** One pass, and none for the usual text with nothing to escape. */
const escapeHtml = (s: string) => (/[&<>"]/.test(s) ? s.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!) : s);

/** HTML-safe text with the spans in <mark>. */
export function markHtml(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    out += `${escapeHtml(text.slice(at, s))}<mark>${escapeHtml(text.slice(s, e))}</mark>`;
    at = e;
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * An HTML-safe snippet of about `words` words around the densest matches (most
 * distinct query terms, then most matches), every match in it marked, "…" where
 * text was cut. Without a match: the text's first words.
 */
export function snippet(text: string, terms: readonly string[], words = 28): string {
  if (!text) return '';
  // A long text is analysed only around the first place a query term could match (a term is a
  // substring of every word it matches, bar typos and abbreviations), not in full.
  const region = words * CHARS_PER_WORD;
  if (text.length > region) {
    const at = firstCandidate(text, terms);
    const from = Math.max(0, at - LEAD);
    const start = from === 0 ? 0 : text.indexOf(' ', from) + 1;
    const end = Math.min(text.length, start + region);
    const inner = snippetOf(text.slice(start, end), terms, words);
    return `${start > 0 && !inner.startsWith('…') ? '…' : ''}${inner}${end < text.length && !inner.endsWith('…') ? '…' : ''}`;
  }
  return snippetOf(text, terms, words);
}

/**
 * A long text is analysed from a few words before its first candidate match, for about one and a half
 * times the snippet's length (a Swedish word and its space average ~7 characters): room for the densest
 * window near that match. Snippets are cut for every hit of every page, so analysing text nobody
 * will see was the API's largest cost per search (matching over 3,000 characters of each hit:
 * ~2 ms of a search's ~4 ms of CPU at 1,000 protocols).
 */
const CHARS_PER_WORD = 11;
const LEAD = 40;

function firstCandidate(text: string, terms: readonly string[]): number {
  return Math.max(0, matchPlanOf(terms.join(' ')).lead?.firstIndex(text) ?? 0);
}

function snippetOf(text: string, terms: readonly string[], words: number): string {
  // Offsets are all a window needs: the words themselves are made only where they may match.
  const tokens = new TextWords(text);
  const matches = terms.length ? matchWords(tokens, terms) : [];
  if (tokens.count === 0) return escapeHtml(text.slice(0, 200));
  let from = 0;
  if (matches.length > 0) {
    // Windows starting a little before each match; the matches inside one are a run of the (ordered) list.
    let best = -1;
    let last = 0;
    for (let k = 0; k < matches.length; k++) {
      const start = Math.max(0, matches[k]!.index - 4);
      while (last < matches.length && matches[last]!.index < start + words) last++;
      const inside = matches.slice(k, last);
      const score = new Set(inside.map((m) => m.matched)).size * 1000 + inside.length;
      if (score > best) {
        best = score;
        from = start;
      }
      if (best >= terms.length * 1000 + words) break;
    }
  }
  const to = Math.min(tokens.count, from + words);
  const startChar = tokens.starts[from]!;
  const endChar = tokens.ends[to - 1]!;
  const spans = mergeSpans(
    text,
    matches.filter((m) => m.start >= startChar && m.end <= endChar),
  ).map(([s, e]) => [s - startChar, e - startChar] as const);
  return `${from > 0 ? '…' : ''}${markHtml(text.slice(startChar, endChar), spans)}${to < tokens.count ? '…' : ''}`;
}
