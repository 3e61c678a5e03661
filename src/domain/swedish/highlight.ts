/**
 * Where a query matches a text, by the same analysis the index uses: a word is
 * marked when one of its terms (folded stem, compound part, concept) is a query
 * term, so "nara vard" marks "nära vård", "psykisk hälsa" marks "psykiska
 * hälsan", "vård" marks "barntandvårdsenheten" and "hemsjukvård" marks
 * "hälso- och sjukvård i hemmet". Meilisearch highlights only the derived field
 * it matched in, which nobody reads.
 */
import { analyseTokens, type AnalysedToken } from './analyse.js';

/** A marked character range of the text: [start, end). */
export type Span = readonly [number, number];

/** Meilisearch's default typo budget: 1 from 5 letters, 2 from 9. */
function typoBudget(term: string): number {
  return term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0;
}

/** Edit distance up to `max` (Levenshtein with a band); max + 1 when further apart. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return false;
    prev = cur;
  }
  return prev[b.length]! <= max;
}

export interface MatchedToken extends AnalysedToken {
  /** The query term it matched. */
  matched: string;
}

/** The tokens of a text that match one of the query terms (typos within Meilisearch's budget too). */
export function matchTokens(text: string, terms: readonly string[]): { tokens: AnalysedToken[]; matches: MatchedToken[] } {
  const tokens = analyseTokens(text);
  const wanted = new Set(terms);
  const matches: MatchedToken[] = [];
  for (const token of tokens) {
    let matched = token.terms.find((t) => wanted.has(t));
    if (matched === undefined && token.terms.length > 0) {
      const own = token.terms[0]!;
      matched = terms.find((q) => typoBudget(q) > 0 && own.length >= 4 && withinEdits(own, q, typoBudget(q)));
    }
    if (matched !== undefined) matches.push({ ...token, matched });
  }
  return { tokens, matches };
}

/** The marked ranges of a text for a query's terms; neighbouring marks of one phrase ("hälso- och sjukvård") merged. */
export function highlightSpans(text: string, terms: readonly string[]): Span[] {
  if (terms.length === 0 || !text) return [];
  const spans: [number, number][] = [];
  for (const m of matchTokens(text, terms).matches) {
    const last = spans[spans.length - 1];
    if (last && /^[\s-]*$/.test(text.slice(last[1], m.start)) && m.start - last[1] <= 2) last[1] = m.end;
    else spans.push([m.start, m.end]);
  }
  return spans;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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
  const { tokens, matches } = terms.length ? matchTokens(text, terms) : { tokens: analyseTokens(text), matches: [] };
  if (tokens.length === 0) return escapeHtml(text.slice(0, 200));
  const index = new Map(tokens.map((t, i) => [t.start, i]));
  const at = matches.map((m) => index.get(m.start)!);
  let from = 0;
  if (at.length > 0) {
    let best = -1;
    for (const anchor of at) {
      const start = Math.max(0, anchor - 4);
      const end = start + words;
      const inside = matches.filter((_, k) => at[k]! >= start && at[k]! < end);
      const score = new Set(inside.map((m) => m.matched)).size * 1000 + inside.length;
      if (score > best) {
        best = score;
        from = start;
      }
    }
  }
  const to = Math.min(tokens.length, from + words);
  const startChar = tokens[from]!.start;
  const endChar = tokens[to - 1]!.end;
  const spans = highlightSpans(text.slice(startChar, endChar), terms);
  return `${from > 0 ? '…' : ''}${markHtml(text.slice(startChar, endChar), spans)}${to < tokens.length ? '…' : ''}`;
}
