/**
 * Topic tagging of agenda items against the taxonomy (domain/taxonomy.json, data).
 *
 * Terms are matched on Swedish stems, and single-word terms also on compound
 * parts, so "psykiska ohälsan", "samsjuklighetsutredningen" and
 * "Nära vård-arbetet" count. Matches inside an exclusion (a job title such as
 * "utvecklingsledare nära vård") do not. A title mention weighs more than a
 * mention in the text; an item is tagged when its score reaches the topic's
 * threshold, and every tag keeps its score and the phrases that earned it.
 */
import type { TopicTag } from '../../domain/schemas.js';
import { stem, stemsOf } from '../../domain/swedish/stem.js';
import { tokenizeWithOffsets } from '../../domain/swedish/tokenize.js';
import { taxonomy } from '../../domain/taxonomy.js';

/** Version of the tagging code; the taxonomy's bytes are hashed by the pipeline. */
export const VERSION = 'tag@3';

interface CompiledTopic {
  id: string;
  label: string;
  titleWeight: number;
  threshold: number;
  terms: string[][];
  abbreviations: Set<string>;
  exclusions: string[][];
}

const phraseStems = (phrase: string) => tokenizeWithOffsets(phrase).map((t) => stem(t.token));

const topics: CompiledTopic[] = taxonomy.topics.map((t) => ({
  id: t.id,
  label: t.label,
  titleWeight: t.titleWeight ?? taxonomy.defaults.titleWeight,
  threshold: t.threshold ?? taxonomy.defaults.threshold,
  terms: t.terms.map(phraseStems).filter((s) => s.length > 0),
  abbreviations: new Set(t.abbreviations),
  exclusions: t.exclusions.map(phraseStems).filter((s) => s.length > 0),
}));

interface Token {
  surface: string;
  start: number;
  end: number;
  stem: string;
  /** Stem plus compound-part stems. */
  all: Set<string>;
}

function analyse(text: string): Token[] {
  return tokenizeWithOffsets(text).map((t) => {
    const all = stemsOf(t.token);
    return { surface: text.slice(t.start, t.end), start: t.start, end: t.end, stem: all[0]!, all: new Set(all) };
  });
}

/** Token index ranges where a stem phrase occurs; single words also match compound parts. */
/** Where each stem (own or compound part) stands, built once per token list. */
const positionsCache = new WeakMap<readonly Token[], Map<string, number[]>>();
function positionsOf(tokens: readonly Token[]): Map<string, number[]> {
  let map = positionsCache.get(tokens);
  if (!map) {
    map = new Map();
    tokens.forEach((t, i) => {
      for (const s of t.all) {
        const list = map!.get(s);
        if (list) list.push(i);
        else map!.set(s, [i]);
      }
    });
    positionsCache.set(tokens, map);
  }
  return map;
}

function occurrences(tokens: readonly Token[], phrase: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  // Only positions where the first word's stem stands can start a match.
  for (const i of positionsOf(tokens).get(phrase[0]!) ?? []) {
    if (i + phrase.length > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < phrase.length; k++) {
      const token = tokens[i + k]!;
      const want = phrase[k]!;
      // Inside a phrase the words must match on their own stems; the last word may
      // be the head of a compound ("nära vårdarbetet"), a lone term any part of one.
      const match = token.stem === want || ((phrase.length === 1 || k === phrase.length - 1) && token.all.has(want));
      if (!match) {
        ok = false;
        break;
      }
    }
    if (ok) out.push([i, i + phrase.length]);
  }
  return out;
}

function mentions(text: string, tokens: readonly Token[], topic: CompiledTopic): { count: number; evidence: string[] } {
  const excluded = new Set<number>();
  for (const ex of topic.exclusions)
    for (const [a, b] of occurrences(tokens, ex)) for (let i = a; i < b; i++) excluded.add(i);
  const taken = new Set<number>();
  const evidence: string[] = [];
  let count = 0;
  // Longer terms first, so "god och nära vård" is one mention, not two.
  const terms = [...topic.terms].sort((a, b) => b.length - a.length);
  for (const term of terms) {
    for (const [a, b] of occurrences(tokens, term)) {
      let free = true;
      for (let i = a; i < b; i++) if (excluded.has(i) || taken.has(i)) free = false;
      if (!free) continue;
      for (let i = a; i < b; i++) taken.add(i);
      count++;
      evidence.push(text.slice(tokens[a]!.start, tokens[b - 1]!.end));
    }
  }
  tokens.forEach((t, i) => {
    if (topic.abbreviations.has(t.surface) && !taken.has(i) && !excluded.has(i)) {
      count++;
      evidence.push(t.surface);
    }
  });
  return { count, evidence };
}

/** Topics an agenda item substantively concerns, with score and evidence. */
export function tagTopics(item: { title: string; text: string }): TopicTag[] {
  const tags: TopicTag[] = [];
  // Tokenised and stemmed once per item, then matched against every topic.
  const titleTokens = analyse(item.title);
  const textTokens = analyse(item.text);
  for (const topic of topics) {
    const inTitle = mentions(item.title, titleTokens, topic);
    const inText = mentions(item.text, textTokens, topic);
    const score = inTitle.count * topic.titleWeight + inText.count;
    if (score < topic.threshold || score === 0) continue;
    const evidence = [...new Set([...inTitle.evidence, ...inText.evidence])].slice(0, 10);
    tags.push({ id: topic.id, label: topic.label, score, evidence });
  }
  return tags.sort((a, b) => b.score - a.score);
}
