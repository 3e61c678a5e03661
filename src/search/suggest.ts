/**
 * Prefix suggestions for the word being typed (`GET /api/suggest?q=psyk`): words of the corpus as
 * its protocols write them ("psykiatrin", "psykisk", "BUP"), not stems, most used first.
 *
 * The words and their counts come from the term index keyness already holds in this process (each
 * item's `termCounts`, written at ingest, kept in step with the index: term-index.ts), summed once
 * per corpus version into a sorted table; a suggestion is a binary search in it, with no
 * Meilisearch call, and the item index carries nothing more for it (a prefix index would cost its
 * build +22 %, a facet-searchable words field +39 %). Matching folds å/ä/ö and case, so "nara"
 * offers "nära". While a new corpus version is read, the previous table answers.
 */
import { meili } from '../../domain/store/client.js';
import { foldDiacritics } from '../../domain/swedish/fold.js';
import type { SearchContext } from './context.js';
import { termIndexOf } from './term-index.js';

/** Letters typed before anything is suggested. */
export const MIN_PREFIX = 2;
/** How often the corpus version is checked at most. */
const STAMP_TTL_MS = 2000;
/** Shorter words are not suggested: a prefix of one or two letters is already most of them. */
const MIN_LETTERS = 4;
const LETTERS = /^\p{L}+$/u;

export interface Suggestion {
  /** The word as the protocols write it. */
  word: string;
  /** The query with its last word completed to `word`. */
  q: string;
  /** How often the corpus uses the word (all its written forms in one case or another). */
  count: number;
}

interface Table {
  /** Folded lower-case keys, sorted. */
  keys: string[];
  words: string[];
  counts: number[];
}

interface State {
  stamp: string;
  table: Table;
}

interface Holder {
  current?: State | undefined;
  building?: Promise<State> | undefined;
  checked?: { at: number; stamp: Promise<string> } | undefined;
}
const states = new WeakMap<object, Holder>();

const stampOf = (ctx: SearchContext) =>
  meili(() =>
    ctx.client
      .index<{ ingestedAt: string }>(ctx.names.protocols)
      .search(null, { limit: 1, sort: ['ingestedAt:desc'], attributesToRetrieve: ['ingestedAt'] }),
  ).then((res) => `${res.estimatedTotalHits ?? 0}|${res.hits[0]?.ingestedAt ?? ''}`);

/** The corpus's words as one sorted table, with how often each is used, from the term index. */
async function buildTable(ctx: SearchContext): Promise<Table> {
  const index = termIndexOf(ctx);
  await index.sync(ctx);
  const [all] = index.sum([() => true]);
  // Per folded lower-case key: every form's uses, the lower-case form if the corpus ever writes it
  // so ("Psykiatrin" at a sentence's start is "psykiatrin"), else its most used form ("BUP", "Örebro").
  const byKey = new Map<string, { word: string; count: number; lower: boolean; best: number }>();
  index.forms.forEach((form, id) => {
    const n = all?.formCount[id] ?? 0;
    if (n === 0 || form.length < MIN_LETTERS || !LETTERS.test(form)) return;
    const key = foldDiacritics(form.toLowerCase());
    const lower = form === form.toLowerCase();
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { word: form, count: n, lower, best: n });
      return;
    }
    seen.count += n;
    if (seen.lower) return;
    if (lower || n > seen.best) Object.assign(seen, { word: form, lower, best: n });
  });
  const keys = [...byKey.keys()].sort();
  return { keys, words: keys.map((k) => byKey.get(k)!.word), counts: keys.map((k) => byKey.get(k)!.count) };
}

/** The table of the current corpus version; a rebuild answers from the previous table meanwhile. */
async function tableFor(ctx: SearchContext): Promise<Table> {
  const state: Holder = states.get(ctx.client) ?? {};
  states.set(ctx.client, state);
  const now = performance.now();
  if (!state.checked || now - state.checked.at > STAMP_TTL_MS) {
    const stamp = stampOf(ctx);
    stamp.catch(() => (state.checked = undefined));
    state.checked = { at: now, stamp };
  }
  const stamp = await state.checked.stamp;
  if (state.current?.stamp === stamp) return state.current.table;
  if (!state.building) {
    const building = buildTable(ctx).then((table) => ({ stamp, table }));
    state.building = building;
    building.then(
      (built) => {
        state.current = built;
        state.building = undefined;
      },
      () => {
        state.building = undefined;
      },
    );
  }
  return state.current?.table ?? (await state.building).table;
}

/** The first index of `keys` not below `prefix`. */
function lowerBound(keys: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last word of a query being typed: what comes before it, a sign it starts with (-, "), and the word. */
function lastWord(q: string): { head: string; sign: string; word: string } | undefined {
  const m = /^(.*?)([-"(]*)([\p{L}\p{N}]+)$/u.exec(q);
  if (!m) return undefined;
  return { head: m[1]!, sign: m[2]!, word: m[3]! };
}

/** Suggestions completing the last word of `q` (none until MIN_PREFIX letters, or after a space). */
export async function suggest(ctx: SearchContext, params: { q: string; limit: number }) {
  const last = lastWord(params.q);
  if (!last || last.word.length < MIN_PREFIX) return { q: params.q, suggestions: [] as Suggestion[] };
  const table = await tableFor(ctx);
  const prefix = foldDiacritics(last.word.toLowerCase());
  const found: { word: string; count: number }[] = [];
  for (let i = lowerBound(table.keys, prefix); i < table.keys.length && table.keys[i]!.startsWith(prefix); i++)
    found.push({ word: table.words[i]!, count: table.counts[i]! });
  found.sort((a, b) => b.count - a.count || a.word.localeCompare(b.word, 'sv'));
  return {
    q: params.q,
    suggestions: found
      .slice(0, params.limit)
      .map((f): Suggestion => ({ word: f.word, q: `${last.head}${last.sign}${f.word}`, count: f.count })),
  };
}
