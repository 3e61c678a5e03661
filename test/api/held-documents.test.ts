/**
 * The page documents the API holds for questions ranked from its held posting lists
 * (src/search/held-documents.ts): a question whose page an earlier question read is answered without
 * reading its documents again, and never with a document the index has moved past. Through the
 * production wiring (the HTTP API over an ingested text protocol), and the store's own bounds.
 */
import { describe, expect, it } from 'vitest';
import { HeldDocuments, heldDocumentsOf } from '../../src/search/held-documents.js';
import { heldPostingsOf } from '../../src/search/held-postings.js';
import { appOverFiles } from '../helpers/app.js';

const protocol = (weekday: string) =>
  [
    'Protokoll Socialnämnden i Testköping',
    'Datum: 2024-05-14',
    'Plats: Stadshuset, Testköping',
    '',
    '§ 1 Mötets öppnande',
    'Ordföranden öppnar mötet.',
    '',
    '§ 2 Fotvård inom hemtjänsten',
    `Fotvården för brukare med hemtjänst ges på ${weekday} av distriktssköterskorna.`,
    '',
    'Beslut',
    'Socialnämnden godkänner informationen.',
    '',
    '§ 3 Mötets avslutande',
    'Ordföranden avslutar mötet.',
  ].join('\n');

const QUESTION = 'när får brukare med hemtjänst fotvård?';

const held = appOverFiles({ 'fotvard.txt': protocol('tisdagar') });

/** Page sizes, one per call: each a new request to the answer cache, which would otherwise answer it. */
let limit = 20;

/** The question's first hit, whole, as the API answers it. */
async function firstHit(): Promise<string> {
  const res = await held.api.get(`/api/search?q=${encodeURIComponent(QUESTION)}&limit=${limit--}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { hits: { title: string }[] };
  expect(body.hits[0]?.title).toBe('Fotvård inom hemtjänsten');
  return JSON.stringify(body.hits[0]);
}

describe('the page documents of held questions', () => {
  it('are read once, and a document another process rewrote is read again, never shown as it was', async () => {
    await firstHit();
    await heldPostingsOf(held.runtime.search).settled();
    // Ranked from the held copy now: its page's documents are kept.
    expect(await firstHit()).toContain('tisdagar');
    const store = heldDocumentsOf(held.runtime.search);
    expect(store.size).toBeGreaterThan(0);
    expect(await firstHit()).toContain('tisdagar');

    // The same file ingested again with other words (as the worker process does): the item keeps its id.
    await held.write({ 'fotvard.txt': protocol('torsdagar') });
    // This process learns of it from the corpus stamp, read once the copy's confirmation is a second old.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const changed = await firstHit();
    expect(changed).toContain('torsdagar');
    expect(changed).not.toContain('tisdagar');
    await heldPostingsOf(held.runtime.search).settled();
    // From the caught-up copy: the rewritten document, read under the new stamp and then held.
    for (let i = 0; i < 2; i++) {
      const again = await firstHit();
      expect(again).toContain('torsdagar');
      expect(again).not.toContain('tisdagar');
    }
  });
});

describe('the store', () => {
  const doc = (id: string, text: string) => ({ id, title: 'Titel', text, topics: ['Nära vård'] });

  it('gives out only what was kept under the stamp asked with, for the fields asked', () => {
    const store = new HeldDocuments();
    store.keep('A', ['id', 'text'], [doc('1', 'ett'), doc('2', 'två')]);
    expect(store.get('A', ['id', 'text'], ['2', '3', '1'])).toEqual([doc('2', 'två'), undefined, doc('1', 'ett')]);
    expect(store.get('A', ['id', 'title'], ['1'])).toEqual([undefined]);
    expect(store.get('B', ['id', 'text'], ['1'])).toEqual([undefined]);
    // A document kept under a new stamp forgets those of the old one.
    store.keep('B', ['id', 'text'], [doc('3', 'tre')]);
    expect(store.size).toBe(1);
    expect(store.get('A', ['id', 'text'], ['1'])).toEqual([undefined]);
  });

  it('gives out copies: a page shaped from one does not change what the next question reads', () => {
    const store = new HeldDocuments();
    store.keep('A', ['id', 'text'], [doc('1', 'ett')]);
    const [first] = store.get('A', ['id', 'text'], ['1']);
    first!.text = 'ändrad';
    expect(store.get('A', ['id', 'text'], ['1'])[0]?.text).toBe('ett');
  });

  it('forgets the least recently used first, past its size', () => {
    // Room for two documents of 1,000 characters (and what each costs besides).
    const store = new HeldDocuments(2_400);
    const long = (c: string) => c.repeat(1_000);
    store.keep('A', ['id', 'text'], [doc('1', long('a')), doc('2', long('b'))]);
    // 1 used again: 2 is now the least recently used.
    expect(store.get('A', ['id', 'text'], ['1'])[0]).toBeDefined();
    store.keep('A', ['id', 'text'], [doc('3', long('c'))]);
    expect(store.get('A', ['id', 'text'], ['1', '2', '3']).map((d) => d?.id)).toEqual(['1', undefined, '3']);
    // One larger than the whole store is not kept, and pushes nothing out.
    store.keep('A', ['id', 'text'], [doc('4', long('d').repeat(3))]);
    expect(store.size).toBe(2);
  });
});
