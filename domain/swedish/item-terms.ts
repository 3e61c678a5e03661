/**
 * The analysed terms an agenda item's index document carries. `stems` is the
 * one field searched. The other two are small and only read: with them the
 * timeline tells an item about an issue from one that mentions it in passing
 * without fetching the whole `stems` (half of every timeline answer's bytes)
 * or analysing titles and decisions on every request. `termCounts` (the words
 * as written, counted) is only read, by keyness.
 */
import { analyseForIndex } from './analyse.js';
import { termCountsOf } from './term-counts.js';

export interface ItemTerms {
  /** Folded stems, compound parts and concepts of title and text, as searched. */
  stems: string;
  /** The distinct terms of the title, then of each substantive decision, one string each. */
  aboutStems: string[];
  /** The distinct terms that occur at least twice in `stems`. */
  repeatedStems: string;
  /** Content words as written with their counts, for keyness (see term-counts.ts). */
  termCounts: string;
}

const distinct = (terms: string) => [...new Set(terms.split(' ').filter(Boolean))].join(' ');

/** The terms of `stems` that occur in it at least twice, each once. */
export function repeatedTerms(stems: string): string {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const term of stems.split(' ')) {
    if (term === '') continue;
    if (seen.has(term)) repeated.add(term);
    else seen.add(term);
  }
  return [...repeated].join(' ');
}

export function itemTerms(title: string, text: string, substantiveDecisions: readonly string[]): ItemTerms {
  const stems = analyseForIndex(`${title}\n${text}`);
  return {
    stems,
    // The index's analysis without written forms: what a query's terms are compared with.
    aboutStems: [title, ...substantiveDecisions].map((part) => distinct(analyseForIndex(part, false))),
    repeatedStems: repeatedTerms(stems),
    termCounts: termCountsOf(title, text),
  };
}
