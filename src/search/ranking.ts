/**
 * Ranking for questions and long queries: every content word optional, weighted by how rare it is.
 *
 * A question rarely shares every word with its answer ("Kan barn samtycka till vaccinering?" is
 * answered by a text about "samtycke" and "vaccination" that never says "kan"), so requiring every
 * word finds nothing and relaxing word by word ranks by accident. Instead each content word is one
 * group of alternatives (its stem, its written form, its compound parts as weaker alternatives, the
 * members of an `OR`), and an item scores the sum over groups of its best alternative's weight ×
 * inverse document frequency (BM25's, from the same searches' hit counts: no extra call), times a
 * small reward for matching early in the item (the title comes first in `stems`, so a title match
 * counts most; read from Meilisearch's ranking score of that one-word search). Compound parts of one
 * word add up, at half weight: an item with both "hemtjänst" and "samordnare" beats one with either.
 *
 * The inputs are one posting list per alternative: the ids (best first) of the items that one word
 * finds, with Meilisearch's ranking score, and its hit count. A list cut at its limit (a common
 * word in a large corpus) still counts its first items; common words weigh little anyway.
 */

/** One alternative of a word group: what is searched, and how much it counts. */
export interface Alternative {
  /** The group (content word) it stands for. */
  group: number;
  /** The term searched (a folded stem, form, part or concept; or a phrase's terms). */
  term: string;
  /** 1 for the word itself, its form and `OR` members; less for compound parts. */
  weight: number;
  /** Parts of one compound add up within their group; other alternatives take the best. */
  part: boolean;
  /** Searched exactly (a stem, part or concept), or with Meilisearch's typo tolerance (a written form). */
  exact: boolean;
  /** A word's written form: searched only while its stem is not known to be found (a misspelling). */
  fallback?: boolean;
}

export interface Posting {
  ids: readonly string[];
  /** Meilisearch's ranking score per id (0–1), for the position reward. */
  scores: readonly number[];
  /** How many items the alternative finds in all (its document frequency under the filters). */
  count: number;
}

/** Weight of a compound's parts, each, against the word itself. */
export const PART_WEIGHT = 0.5;
/** How much an early match (title, first lines) adds at most, and a late one takes away: ×(1 ± POSITION/2). */
const POSITION = 0.5;

/**
 * BM25's term-frequency factor: `tf` occurrences saturate at k1 + 1, and with `b` > 0 a text longer than
 * the usual (`lengthRatio` = its length / the usual length) needs more of them. 1 for one occurrence in a
 * text of the usual length.
 */
export function bm25Tf(tf: number, k1: number, b = 0, lengthRatio = 1): number {
  return (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * lengthRatio));
}

/** BM25's inverse document frequency of a term found in `n` of `total` items. */
export function idf(n: number, total: number): number {
  return Math.log(1 + (Math.max(total, n) - n + 0.5) / (n + 0.5));
}

export interface Ranked {
  /** Item ids, best first. */
  ids: string[];
  /** Per id, its score. */
  scores: Map<string, number>;
  /** Per id, how many groups it matched. */
  groups: Map<string, number>;
}

/**
 * Items ranked by their summed group scores (ties: more groups matched, then the id, so the order
 * is stable). `total` is the number of items under the filters (the idf's N).
 */
export function rankPostings(
  alternatives: readonly Alternative[],
  postings: readonly Posting[],
  total: number,
  groupCount: number,
): Ranked {
  // Per item, per group: the best alternative's score, and the parts' sum.
  const best = new Map<string, Float64Array>();
  const parts = new Map<string, Float64Array>();
  const row = (m: Map<string, Float64Array>, id: string) => {
    let r = m.get(id);
    if (!r) {
      r = new Float64Array(groupCount);
      m.set(id, r);
    }
    return r;
  };
  alternatives.forEach((alt, i) => {
    const posting = postings[i];
    if (!posting || posting.ids.length === 0) return;
    const weight = alt.weight * idf(posting.count, total);
    posting.ids.forEach((id, k) => {
      const score = weight * (1 + POSITION * ((posting.scores[k] ?? 0.5) - 0.5));
      if (alt.part) row(parts, id)[alt.group]! += score;
      else {
        const r = row(best, id);
        if (score > r[alt.group]!) r[alt.group] = score;
      }
    });
  });
  const scored: { id: string; score: number; groups: number }[] = [];
  for (const id of new Set([...best.keys(), ...parts.keys()])) {
    const b = best.get(id);
    const p = parts.get(id);
    let score = 0;
    let groups = 0;
    for (let g = 0; g < groupCount; g++) {
      const s = Math.max(b?.[g] ?? 0, p?.[g] ?? 0);
      if (s > 0) groups++;
      score += s;
    }
    scored.push({ id, score: coordinated(score, groups, groupCount), groups });
  }
  scored.sort((a, b) => b.score - a.score || b.groups - a.groups || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    ids: scored.map((s) => s.id),
    scores: new Map(scored.map((s) => [s.id, s.score])),
    groups: new Map(scored.map((s) => [s.id, s.groups])),
  };
}

/** How much a word group found in an item's title adds, against its weight. */
const TITLE = 0.5;

/** How much a word group found in an item's first words (its lead sentence) adds, against its weight. */
const LEAD = 0.5;
/** The first words of an item's text that count as its lead. */
const LEAD_WORDS = 30;
/** BM25's k1, small: a word said once counts nearly as much as said often. */
const K1 = 0.05;

/**
 * A score times the share of the query's word groups the item has, plus one (the coordination
 * factor of classic Lucene scoring): an answer that has every word of a question beats one that
 * has its rarest word many times over, which a sum of idf alone cannot tell from a near miss.
 */
const coordinated = (score: number, groups: number, groupCount: number) =>
  score * (1 + groups / Math.max(1, groupCount));

/** Where a page's item matched the query: per matched term, the index of its first word and how often. */
export type TextMatches = ReadonlyMap<string, { first: number; count: number }>;

/**
 * A page of ranked items reordered by what their own text says: each word group counts its weight
 * (idf) when the item has it, half as much again when its title or its lead sentence (the first
 * LEAD_WORDS words) has it (an agenda item's title and an answer's first sentence say what it is
 * about), times the coordination factor; ties go to the item that says the words more often. Only within the page, so pages stay disjoint;
 * `matchesOf` gives an item's matches (by the same analysis as highlighting).
 */
export function rerankPage<T extends { id: string; title: string }>(
  page: readonly T[],
  alternatives: readonly Alternative[],
  postings: readonly Posting[],
  query: { total: number; groupCount: number },
  matchesOf: (hit: T) => TextMatches,
  titleTerms: (title: string) => ReadonlySet<string>,
): T[] {
  if (page.length < 2) return [...page];
  const { total, groupCount } = query;
  const weights = alternatives.map((a, i) => a.weight * idf(postings[i]?.count ?? 0, total));
  const scored = page.map((hit, k) => {
    const matches = matchesOf(hit);
    const title = titleTerms(hit.title);
    const best = new Map<number, number>();
    const parts = new Map<number, number>();
    let said = 0;
    alternatives.forEach((a, i) => {
      if ((postings[i]?.count ?? 0) === 0) return;
      const m = matches.get(a.term);
      const inTitle = title.has(a.term);
      if (m === undefined && !inTitle) return;
      said += m?.count ?? 0;
      // BM25's saturation of the term's frequency (title counted once), with a small k1: presence
      // decides, how often only breaks near-ties.
      const tf = (m?.count ?? 0) + (inTitle ? 1 : 0);
      const s = weights[i]! * (bm25Tf(tf, K1) + (inTitle ? TITLE : m!.first < LEAD_WORDS ? LEAD : 0));
      if (a.part) parts.set(a.group, (parts.get(a.group) ?? 0) + s);
      else best.set(a.group, Math.max(best.get(a.group) ?? 0, s));
    });
    let score = 0;
    const groups = new Set([...best.keys(), ...parts.keys()]);
    for (const g of groups) score += Math.max(best.get(g) ?? 0, parts.get(g) ?? 0);
    return { hit, k, said, score: coordinated(score, groups.size, groupCount) };
  });
  scored.sort((a, b) => b.score - a.score || b.said - a.said || a.k - b.k);
  return scored.map((x) => x.hit);
}
