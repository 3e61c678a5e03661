/**
 * The sample questions the API runs after a start (src/search/warm-up.ts): made of the corpus's own
 * words, they take the paths users' questions take (ranked, keyword, misspelt), and running them
 * changes no answer. On the bundled corpus against the real server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { warmKeyness } from '../../src/search/keyness.js';
import { queryItems } from '../../src/search/search.js';
import { termIndexOf } from '../../src/search/term-index.js';
import { sampleQuestions, warmSearch } from '../../src/search/warm-up.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';

const judged = (
  JSON.parse(readFileSync(path.join(projectRoot, 'bench/relevance-queries.json'), 'utf8')) as {
    queries: { q: string }[];
  }
).queries.map((q) => q.q);

let runtime: Runtime;
let forms: readonly string[];

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  expect((await ingestBundledCorpus(runtime)).ingested).toBe(5);
  // The forms main.ts samples from: keyness's term index, read after a start.
  await warmKeyness(runtime.search);
  forms = termIndexOf(runtime.search).forms;
}, 120_000);

afterAll(async () => {
  await dropIndexes(runtime);
});

const ask = (q: string) => queryItems(runtime.search, { q, filter: [], sort: 'relevance', offset: 0, limit: 20 });

describe('the search warm-up after a start', () => {
  it('samples questions and keyword queries of the corpus’s own words, some misspelt, the same after every start', () => {
    expect(forms.length).toBeGreaterThan(1000);
    const samples = sampleQuestions(forms, 60);
    expect(samples).toHaveLength(60);
    expect(sampleQuestions(forms, 60)).toEqual(samples);
    const known = new Set(forms);
    let misspelt = 0;
    samples.forEach((q, i) => {
      if (i % 3 === 2) expect(q.split(' '), q).toHaveLength(2);
      else expect(q, q).toMatch(/^(vad gäller|hur går|vem ansvarar för|när beslutade|finns det) .+\?$/);
      const words = q
        .replace(/^(vad gäller|hur går|vem ansvarar för|när beslutade|finns det) /, '')
        .replace(/\?$/, '')
        .split(' ');
      for (const w of words) if (!known.has(w)) misspelt++;
    });
    expect(misspelt).toBeGreaterThan(0);
    expect(sampleQuestions([], 10)).toEqual([]);
  });

  it('takes the ranked path users’ questions take, finding items, and changes no answer', async () => {
    const samples = sampleQuestions(forms, 40);
    let rankedWithHits = 0;
    for (const q of samples.filter((_, i) => i % 3 !== 2)) {
      const r = await ask(q);
      if (r.plan.mode === 'ranked' && r.total > 0) rankedWithHits++;
    }
    expect(rankedWithHits).toBeGreaterThanOrEqual(Math.floor(samples.length * 0.6));

    const answers = async () => {
      const out = [];
      for (const q of judged) out.push((await ask(q)).hits.map((h) => [h.id, h.snippet]));
      return out;
    };
    const before = await answers();
    expect(await warmSearch(runtime.search, forms, 40)).toMatchObject({ questions: 40 });
    expect(await answers()).toEqual(before);
    expect(await warmSearch(runtime.search, forms, 0)).toMatchObject({ questions: 0 });
    // Past its time, no new question is started.
    expect(await warmSearch(runtime.search, forms, 40, 0)).toMatchObject({ questions: 0 });
  });
});
