/**
 * Prefix suggestions for the word being typed (`GET /api/suggest?q=psyk`): words of the corpus as
 * its protocols write them ("psykiatrin", "psykisk", "BUP"), not stems, most widely used first.
 *
 * The words come from each protocol's `vocabulary` (its most used words, kept at ingest:
 * domain/swedish/vocabulary.ts), read once per corpus version into a sorted table in this process;
 * a suggestion is a binary search in it, with no Meilisearch call. Matching folds å/ä/ö and case,
 * so "nara" offers "nära". While a new corpus version is read, the previous table answers.
 */
import { meili } from '../../domain/store/client.js';
import { foldDiacritics } from '../../domain/swedish/fold.js';
import type { SearchContext } from './context.js';

/** Letters typed before anything is suggested. */
export const MIN_PREFIX = 2;
/** How often the corpus version is checked at most. */
const STAMP_TTL_MS = 2000;
/** Protocols read per call while the table is built. */
const PAGE = 1000;

export interface Suggestion {
  /** The word as the protocols write it. */
  word: string;
  /** The query with its last word completed to `word`. */
  q: string;
  /** How many protocols use the word. */
  protocols: number;
}

interface Table {
  /** Folded lower-case keys, sorted. */
  keys: string[];
  words: string[];
  protocols: number[];
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

/** Every protocol's vocabulary, as one sorted table of words and the number of protocols using each. */
async function buildTable(ctx: SearchContext): Promise<Table> {
  const byKey = new Map<string, { word: string; protocols: number }>();
  for (let page = 1; ; page++) {
    const res = await meili(() =>
      ctx.client
        .index<{ vocabulary?: string }>(ctx.names.protocols)
        .search(null, { page, hitsPerPage: PAGE, attributesToRetrieve: ['vocabulary'] }),
    );
    for (const hit of res.hits) {
      for (const word of (hit.vocabulary ?? '').split(' ')) {
        if (!word) continue;
        const key = foldDiacritics(word.toLowerCase());
        const seen = byKey.get(key);
        if (!seen) byKey.set(key, { word, protocols: 1 });
        else {
          seen.protocols++;
          // Lower case wins: a word capitalised at the start of a sentence is still a word.
          if (word === word.toLowerCase()) seen.word = word;
        }
      }
    }
    if (page >= (res.totalPages ?? 0)) break;
  }
  const keys = [...byKey.keys()].sort();
  return { keys, words: keys.map((k) => byKey.get(k)!.word), protocols: keys.map((k) => byKey.get(k)!.protocols) };
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
  const found: { word: string; protocols: number }[] = [];
  for (let i = lowerBound(table.keys, prefix); i < table.keys.length && table.keys[i]!.startsWith(prefix); i++)
    found.push({ word: table.words[i]!, protocols: table.protocols[i]! });
  found.sort((a, b) => b.protocols - a.protocols || a.word.localeCompare(b.word, 'sv'));
  return {
    q: params.q,
    suggestions: found
      .slice(0, params.limit)
      .map((f): Suggestion => ({ word: f.word, q: `${last.head}${last.sign}${f.word}`, protocols: f.protocols })),
  };
}
