/**
 * Where a question's words stand in the decisions of a decision list, so the
 * Beslut view marks them as Sök marks its snippets: by the search's own
 * analysis (inflections, compound parts, synonyms, missing å/ä/ö), as
 * [start, end) offsets into each decision's text.
 */
import { analyseQuery } from '../../domain/swedish/analyse.js';
import { highlightSpans, type Span } from '../../domain/swedish/highlight.js';
import { parseQuerySyntax } from '../../domain/swedish/query-syntax.js';

/**
 * The terms to mark for a query as typed: its free words, phrases and OR alternatives, analysed as
 * the search analyses them; never its exclusions (-psykiatri) or years (2022).
 */
export function markedTerms(q: string): string[] {
  if (!q.trim()) return [];
  const syntax = parseQuerySyntax(q);
  const wanted = [syntax.text, ...syntax.phrases, ...syntax.anyOf.flat()].join(' ');
  return [...new Set(analyseQuery(wanted, Number.POSITIVE_INFINITY).words.map((w) => w.term))];
}

interface WithDecisions {
  decisions?: readonly { text: string }[] | undefined;
}

/** Each hit with `decisionMarks`: per decision (in order), the spans of the query's words. */
export function withDecisionMarks<R extends { hits: WithDecisions[] }>(
  q: string,
  result: R,
): Omit<R, 'hits'> & { hits: (R['hits'][number] & { decisionMarks: Span[][] })[] } {
  const terms = markedTerms(q);
  // The hits are this answer's own objects: marked in place.
  for (const hit of result.hits)
    Object.assign(hit, { decisionMarks: (hit.decisions ?? []).map((d) => highlightSpans(d.text, terms)) });
  return result as unknown as Omit<R, 'hits'> & { hits: (R['hits'][number] & { decisionMarks: Span[][] })[] };
}
