/**
 * Sample questions run through the search after a start, so that the first users' questions do not
 * pay for the JIT.
 *
 * Why: a question with words the process has not seen runs code that repeated questions skip (word
 * analysis, compound splitting, new highlight patterns), and V8 optimises that code only once it is
 * hot, on a compiler thread that competes for the same two cores. Measured on SweFAQ dev in-process,
 * each question's first call took ~7.5 ms of process CPU in a fresh process (~3.5 ms of it
 * optimising compiles) against ~3 ms when asked again; 300 sample questions made of the corpus's own
 * words first brought the first calls to ~4.7 ms. Questions of repeated words (item titles) did not:
 * the code that needs optimising runs on unseen words.
 *
 * The samples go through `searchItems`, the production search path (held posting lists, the page's
 * documents from Meilisearch, rerank, snippets), not through the answer cache, so no answer is kept;
 * one at a time, yielding between them, so a user's request never waits behind more than one.
 */
import { searchItems } from './search.js';
import type { SearchContext } from './context.js';

/** Question words that make a sample a ranked question, as users write them. */
const OPENINGS = ['vad gäller', 'hur går', 'vem ansvarar för', 'när beslutade', 'finns det'] as const;

/** A deterministic generator (the same samples after every start: a start's cost does not vary by chance). */
function sampler(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state % n;
  };
}

/**
 * `count` sample queries from word forms of the corpus (`forms`: as written, lower-cased): mostly
 * questions of three to six words, every third a two-word keyword query (the other plan), every
 * seventh word misspelt by one letter (the typo path).
 */
export function sampleQuestions(forms: readonly string[], count: number, seed = 1): string[] {
  const words = forms.filter((f) => f.length >= 4 && /^\p{L}+$/u.test(f));
  if (words.length === 0) return [];
  const pick = sampler(seed);
  const out: string[] = [];
  let drawn = 0;
  for (let i = 0; i < count; i++) {
    const n = i % 3 === 2 ? 2 : 3 + pick(4);
    const chosen = Array.from({ length: n }, () => {
      const w = words[pick(words.length)]!;
      // A letter doubled: a misspelling within Meilisearch's typo budget for words of five letters or more.
      if (++drawn % 7 === 0 && w.length >= 5) return `${w.slice(0, 3)}${w[3]}${w.slice(3)}`;
      return w;
    });
    out.push(n === 2 ? chosen.join(' ') : `${OPENINGS[pick(OPENINGS.length)]} ${chosen.join(' ')}?`);
  }
  return out;
}

/**
 * Seconds of sample questions at most: a large index answers each more slowly (~27 ms at 1,000
 * protocols while the machine ran other work: 300 took 8 s), and past a few seconds the compiler has
 * seen the paths; users' requests after a start should not share the cores with it for long.
 */
export const WARM_SECONDS = 5;

/**
 * Runs sample questions through the search, one at a time, for at most `maxSeconds` (no new one is
 * started after that); resolves with how many ran and how long it took.
 */
export async function warmSearch(
  ctx: SearchContext,
  forms: readonly string[],
  count: number,
  maxSeconds = WARM_SECONDS,
): Promise<{ questions: number; seconds: number }> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let questions = 0;
  for (const q of sampleQuestions(forms, count)) {
    if (elapsed() >= maxSeconds) break;
    await searchItems(ctx, { q, sort: 'relevance', page: 1, limit: 20 });
    questions++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { questions, seconds: elapsed() };
}
