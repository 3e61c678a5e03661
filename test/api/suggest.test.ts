/**
 * GET /api/suggest on the real server over the bundled corpus: the last word of what is typed
 * completed to words the protocols write, as they write them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import { foldDiacritics } from '../../domain/swedish/fold.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';

interface SuggestBody {
  q: string;
  suggestions: { word: string; q: string; count: number }[];
}

let runtime: Runtime;
let api: RunningApp;
let corpusText: string;

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  expect((await ingestBundledCorpus(runtime)).ingested).toBe(5);
  api = await startAppOver(runtime);
  const items = (await runtime.admin.index<ItemDocument>(runtime.names.items).getDocuments({ limit: 10_000 })).results;
  corpusText = items.map((i) => `${i.title}\n${i.text}`).join('\n');
}, 120_000);

afterAll(async () => {
  await api?.close();
  await dropIndexes(runtime);
});

const suggest = async (q: string, limit?: number) => {
  const { status, body } = await api.json<SuggestBody>(
    `/api/suggest?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`,
  );
  expect(status).toBe(200);
  return body;
};

/** Whether the corpus writes `word` as a whole word (case-insensitive). */
const written = (word: string) => new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'iu').test(corpusText);

describe('GET /api/suggest', () => {
  it('completes "psyk" to words the protocols write, as written, each starting with it', async () => {
    const body = await suggest('psyk');
    const words = body.suggestions.map((s) => s.word);
    expect(words).toEqual(expect.arrayContaining(['psykisk']));
    for (const w of words) {
      expect(w.toLowerCase().startsWith('psyk')).toBe(true);
      expect(written(w)).toBe(true);
    }
    // Most widely used first.
    const counts = body.suggestions.map((s) => s.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('completes only the last word, keeping what comes before it', async () => {
    const body = await suggest('hemsjukvård psyk');
    expect(body.suggestions.length).toBeGreaterThan(0);
    for (const s of body.suggestions) expect(s.q).toBe(`hemsjukvård ${s.word}`);
  });

  it('reads a prefix typed without å/ä/ö as the word written with them: "nar" offers "nära"', async () => {
    const words = (await suggest('nar', 20)).suggestions.map((s) => s.word);
    expect(words).toContain('nära');
    for (const w of words) expect(foldDiacritics(w.toLowerCase()).startsWith('nar')).toBe(true);
  });

  it('suggests nothing for one letter, after a space, or for a prefix no protocol writes', async () => {
    expect((await suggest('p')).suggestions).toEqual([]);
    expect((await suggest('psyk ')).suggestions).toEqual([]);
    expect((await suggest('qxz')).suggestions).toEqual([]);
  });

  it('answers at most `limit` suggestions and refuses a limit out of range with a Swedish problem', async () => {
    expect((await suggest('sa', 3)).suggestions.length).toBeLessThanOrEqual(3);
    const { status, body } = await api.json<{ detail: string }>('/api/suggest?q=sa&limit=500');
    expect(status).toBe(400);
    expect(body.detail).toMatch(/högst 20/);
  });
});
