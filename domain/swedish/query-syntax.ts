/**
 * The search syntax people type, read before the Swedish analysis: a year or a year range
 * becomes a year filter (`hemsjukvård 2022`, `nära vård 2019-2022`), `"exakt fras"` a phrase
 * every hit has word for word, `-ord`, `-"fras"` and `INTE ord` exclusions, and `ord1 OR ord2`
 * (or `eller` between two words of a short query) alternatives. What is left is free text for
 * `analyseQuery`. Pure: the API applies what this reads, and the UI shows it (`describeSyntax`).
 *
 * Only the forms people write on purpose count: `OR` and `INTE` in capitals (a lower-case
 * "inte" is a word of the question), a year standing alone (not "6 oktober 2021", a date, and not
 * part of "2022/123"), and a minus at the start of a word ("hälso- och", "covid-19" are words).
 * A case number (diarienummer) written as registries write it ("KS 2019/123",
 * "NKBY/465/02.02.00.00/2022", or after a label: "dnr 2019/123") is read first, by the same
 * reader as the ingest's (domain/case-numbers.ts), and becomes a filter on the items' case numbers:
 * its digits are no words to search.
 */
import { findCaseNumbers } from '../case-numbers.js';

export interface YearRange {
  from: number;
  to: number;
}

export interface QuerySyntax {
  /** The free text left for the Swedish analysis, in the order typed. */
  text: string;
  /** Phrases every hit must have, word for word ("exakt fras"). */
  phrases: string[];
  /** Words and phrases no hit may have (-ord, -"fras", INTE ord). */
  excluded: string[];
  /** Alternatives (ord1 OR ord2 OR …): a hit has at least one of each group. */
  anyOf: string[][];
  /** A year or a range of years written in the query, as a filter. */
  years?: YearRange;
  /** Case numbers written in the query, as written ("KS 2019/123"): a hit has one of them. */
  caseNumbers?: string[];
  /** Their keys ("KS-2019-123"; see domain/case-numbers.ts), which the filter matches. */
  caseKeys?: string[];
  /** Written as a question: a question mark, or a question word or verb first. */
  question: boolean;
}

/** Words that open a Swedish question ("Hur …", "Kan barn …?", "Finns det …"). */
const QUESTION_STARTS = new Set([
  'hur',
  'varför',
  'vad',
  'vem',
  'vems',
  'vilka',
  'vilken',
  'vilket',
  'vilkas',
  'när',
  'var',
  'vart',
  'varifrån',
  'kan',
  'får',
  'ska',
  'skall',
  'måste',
  'bör',
  'finns',
  'är',
  'har',
  'blir',
  'behöver',
  'gäller',
  'kommer',
  'gör',
  'vill',
]);

const MONTHS =
  /^(jan|januari|feb|februari|mars|mar|april|apr|maj|juni|jun|juli|jul|augusti|aug|september|sep|sept|oktober|okt|november|nov|december|dec)\.?$/i;
const YEAR = /^(19|20)\d\d$/;
const RANGE = /^((?:19|20)\d\d)\s*(?:-|–|—|\.\.)\s*((?:19|20)\d\d)$/;

interface Token {
  /** The word, phrase or operator as typed (a phrase without its quotes). */
  value: string;
  phrase: boolean;
  negated: boolean;
}

/** Splits a query into words and quoted phrases; a minus at the start of either negates it. */
function tokens(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    while (i < q.length && /\s/.test(q[i]!)) i++;
    if (i >= q.length) break;
    let negated = false;
    if (q[i] === '-' && i + 1 < q.length && (q[i + 1] === '"' || /[\p{L}\p{N}]/u.test(q[i + 1]!))) {
      negated = true;
      i++;
    }
    if (q[i] === '"') {
      const end = q.indexOf('"', i + 1);
      const value = q.slice(i + 1, end < 0 ? q.length : end).trim();
      i = end < 0 ? q.length : end + 1;
      if (value) out.push({ value, phrase: true, negated });
      continue;
    }
    let j = i;
    while (j < q.length && !/\s/.test(q[j]!) && q[j] !== '"') j++;
    out.push({ value: q.slice(i, j), phrase: false, negated });
    i = j;
  }
  return out;
}

const bare = (word: string) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** Reads the syntax of a query (see the module comment). */
export function parseQuerySyntax(query: string): QuerySyntax {
  // Case numbers first, each replaced by a space: their parts are no years or words ("KS 2019/123").
  // Left as written: one after a minus (an exclusion is not a case to find), and without a label, an
  // abbreviation before a year range as this syntax writes one ("SIP 2022-2023": SIP in those years).
  const cases = findCaseNumbers(query, { bare: true }).filter(
    (c) => query[c.index - 1] !== '-' && (c.labelled || !RANGE.test(c.written.replace(/^[\p{L}-]+\s*/u, ''))),
  );
  let q = query;
  for (const c of [...cases].reverse()) q = `${q.slice(0, c.index)} ${q.slice(c.end)}`;
  const caseNumbers = [...new Set(cases.map((c) => c.written))];
  const caseKeys = [...new Set(cases.map((c) => c.key))];
  const all = tokens(q);
  const words = all.map((t) => (t.phrase ? '' : bare(t.value).toLowerCase()));
  const question = q.includes('?') || QUESTION_STARTS.has(words.find((w) => w !== '') ?? '');
  const phrases: string[] = [];
  const excluded: string[] = [];
  const anyOf: string[][] = [];
  const free: string[] = [];
  let years: YearRange | undefined;
  const contentCount = all.filter((t) => !t.negated).length;
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    if (t.negated) {
      excluded.push(t.phrase ? t.value : bare(t.value));
      continue;
    }
    if (!t.phrase && t.value === 'INTE' && all[i + 1] && !all[i + 1]!.negated) {
      const next = all[++i]!;
      excluded.push(next.phrase ? next.value : bare(next.value));
      continue;
    }
    const word = t.phrase ? t.value : bare(t.value);
    // A year alone, or a range, that is not the year of a date ("6 oktober 2021").
    const range = t.phrase ? null : RANGE.exec(word);
    const previous = bare(all[i - 1]?.value ?? '');
    if (!t.phrase && !MONTHS.test(previous) && (YEAR.test(word) || range) && t.value === word) {
      const from = range ? Number(range[1]) : Number(word);
      const to = range ? Number(range[2]) : Number(word);
      const next = { from: Math.min(from, to), to: Math.max(from, to) };
      years = years ? { from: Math.min(years.from, next.from), to: Math.max(years.to, next.to) } : next;
      continue;
    }
    // ord1 OR ord2 (OR in capitals; "eller" too in a short query, where it cannot be part of a question).
    const isOr = (k: number) =>
      all[k] !== undefined &&
      !all[k]!.phrase &&
      !all[k]!.negated &&
      (all[k]!.value === 'OR' || (!question && contentCount <= 6 && all[k]!.value.toLowerCase() === 'eller'));
    if (isOr(i + 1) && all[i + 2] && !all[i + 2]!.negated && !isOr(i + 2)) {
      const group = [t.phrase ? `"${word}"` : word];
      let k = i + 1;
      while (isOr(k) && all[k + 1] && !all[k + 1]!.negated) {
        const member = all[k + 1]!;
        group.push(member.phrase ? `"${member.value}"` : bare(member.value));
        k += 2;
      }
      anyOf.push(group.filter(Boolean));
      i = k - 1;
      continue;
    }
    if (t.phrase) phrases.push(word);
    else if (word) free.push(t.value);
  }
  return {
    text: free.join(' '),
    phrases,
    excluded: excluded.filter(Boolean),
    anyOf,
    ...(years ? { years } : {}),
    ...(caseNumbers.length ? { caseNumbers, caseKeys } : {}),
    question,
  };
}

/** What a search understood of its query's syntax, as the API reports it. */
export interface Understood {
  years?: YearRange;
  caseNumbers?: string[];
  phrases: string[];
  excluded: string[];
  anyOf: string[][];
  /** Searched as a question: the items with most of its rarer words first, not every word required. */
  ranked: boolean;
  /**
   * Present when the query asked something but has nothing to search, so its items are listed without
   * one: the words it wrote, none of which is searched ("vad är det?": question words and function
   * words), or none at all ("?"). Absent for a blank query and for one of years or exclusions only.
   */
  unsearched?: string[];
}

/** One Swedish line saying what was understood, or '' when the query used no syntax and searched something. */
export function describeSyntax(u: Understood): string {
  const parts: string[] = [];
  if (u.years) parts.push(u.years.from === u.years.to ? `år ${u.years.from}` : `åren ${u.years.from}–${u.years.to}`);
  if (u.caseNumbers?.length) parts.push(`diarienummer ${u.caseNumbers.join(' eller ')}`);
  if (u.phrases.length) parts.push(`exakt fras ${u.phrases.map((p) => `”${p}”`).join(', ')}`);
  if (u.anyOf.length) parts.push(u.anyOf.map((g) => `något av ${g.join(' / ')}`).join(', '));
  if (u.excluded.length) parts.push(`utan ${u.excluded.join(', ')}`);
  if (u.ranked) parts.push('frågan rangordnad: träffar med flest och ovanligast av orden först');
  const said = parts.length ? `Tolkat som: ${parts.join('; ')}.` : '';
  return [said, u.unsearched ? nothingSearched(u.unsearched) : ''].filter(Boolean).join(' ');
}

/** Why a query that asked something lists its items without searching: the words it wrote are not searched. */
function nothingSearched(words: readonly string[]): string {
  if (words.length === 0) return 'Inga ord att söka på i frågan: punkterna visas utan sökord.';
  const quoted = words.map((w) => `”${w}”`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} och ${quoted.at(-1)}`;
  const what = words.length === 1 ? 'är ett frågeord eller småord' : 'är frågeord eller småord';
  return `Inga ord att söka på: ${list} ${what}, som inte söks. Punkterna visas utan sökord.`;
}
