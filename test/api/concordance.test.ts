/**
 * GET /api/concordance on the bundled corpus: every occurrence of every form
 * the search matches, each with its context as the protocol writes it, counted
 * against the items' own texts; sorted by date or by the word to the left or
 * right; paged; filtered as search; exported for Swedish Excel.
 */
import { describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import type { Concordance } from '../../src/search/concordance.js';
import { escapeCell } from '../../src/search/export.js';
import { appOverBundledCorpus } from '../helpers/app.js';
import { parseSwedishCsv } from '../helpers/csv.js';

const held = appOverBundledCorpus();
const enc = encodeURIComponent;
const get = async (query: string) => (await held.api.json<Concordance>(`/api/concordance?${query}`)).body;
const items = async () =>
  (await held.runtime.admin.index<ItemDocument>(held.runtime.names.items).getDocuments({ limit: 10_000 })).results;
const squash = (s: string) => s.replace(/\s+/g, ' ');
const sv = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

describe('GET /api/concordance', () => {
  it('answers every occurrence of samsjuklighet, compounds included, each in its context as written', async () => {
    const docs = await items();
    // Counted independently: every word that contains the word, in every item's title and text.
    const written = docs.flatMap((d) =>
      [d.title, d.text].flatMap((t) => t.match(/[\p{L}\p{N}]*samsjuklighet[\p{L}\p{N}]*/giu) ?? []),
    );
    expect(written.length).toBeGreaterThan(5);
    const c = await get('q=samsjuklighet&limit=200');
    expect(c.total).toBe(written.length);
    expect(c.lines).toHaveLength(written.length);
    expect(c.lines.map((l) => l.match.toLowerCase()).sort()).toEqual(written.map((w) => w.toLowerCase()).sort());
    expect(c.lines.some((l) => /^samsjuklighets/i.test(l.match))).toBe(true);
    const byId = new Map<string, ItemDocument>(docs.map((d) => [d.id, d]));
    for (const line of c.lines) {
      const doc = byId.get(line.itemId)!;
      const source = squash(line.field === 'title' ? doc.title : doc.text);
      // Left, match and right stand together in the item, as written.
      expect(source).toContain(`${line.left}${line.match}${line.right}`);
      expect([line.protocolId, line.meetingDate, line.body]).toEqual([doc.protocolId, doc.meetingDate, doc.body]);
      expect(doc.pages).toContain(line.page);
      expect(line.pdfUrl).toBe(`/api/protocols/${doc.protocolId}/source#page=${line.page}`);
    }
    // Context on both sides where the text has any.
    expect(c.lines.filter((l) => l.field === 'text' && l.left && l.right).length).toBeGreaterThan(written.length / 2);
    // Oldest first.
    const dates = c.lines.map((l) => l.meetingDate ?? '');
    expect(dates).toEqual([...dates].sort());
  });

  it('finds the forms search finds: a synonym phrase for hemsjukvård, inflections for vård', async () => {
    const c = await get(`q=hemsjukvård&limit=200`);
    expect(c.lines.some((l) => /^hälso- och sjukvård i hemmet$/i.test(l.match))).toBe(true);
    const search = (await held.api.json<{ total: number }>(`/api/search?q=hemsjukvård&limit=1`)).body;
    expect(c.items).toBe(search.total);
    const care = await get('q=vård&limit=200');
    expect(new Set(care.lines.map((l) => l.match.toLowerCase())).size).toBeGreaterThan(3);
  });

  it('tells the page of an occurrence past an item’s first page', async () => {
    const docs = new Map<string, ItemDocument>((await items()).map((d) => [d.id, d]));
    const c = await get('q=vård&limit=200');
    const later = c.lines.filter((l) => l.page !== docs.get(l.itemId)!.page);
    expect(later.length).toBeGreaterThan(0);
    for (const l of later) expect(docs.get(l.itemId)!.pages).toContain(l.page);
  });

  it('sorts by the word to the left or right in Swedish order, and pages the same lines', async () => {
    const word = (s: string, side: 'left' | 'right') =>
      (side === 'left' ? /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u : /^[^\p{L}\p{N}]*([\p{L}\p{N}]+)/u).exec(s)?.[1] ?? '';
    for (const side of ['left', 'right'] as const) {
      const c = await get(`q=samverkan&sort=${side}&limit=200`);
      const keys = c.lines.map((l) => word(l[side], side)).filter(Boolean);
      expect(keys.length).toBeGreaterThan(10);
      expect(keys).toEqual([...keys].sort(sv.compare));
      const page2 = await get(`q=samverkan&sort=${side}&limit=5&page=2`);
      expect(page2.lines).toEqual(c.lines.slice(5, 10));
      expect(page2.total).toBe(c.total);
    }
  });

  it('filters as search does', async () => {
    const c = await get('q=samsjuklighet&municipality=Karlskoga&limit=200');
    const search = (
      await held.api.json<{ hits: { id: string }[] }>('/api/search?q=samsjuklighet&municipality=Karlskoga')
    ).body;
    expect(c.total).toBeGreaterThan(0);
    expect(new Set(c.lines.map((l) => l.itemId))).toEqual(new Set(search.hits.map((h) => h.id)));
  });

  it('refuses no words, a limit over 200 and an unknown order, in Swedish, by parameter', async () => {
    for (const [query, param] of [
      ['q=', 'q'],
      // Only question and function words: nothing has occurrences to show.
      [`q=${encodeURIComponent('vad är det?')}`, 'q'],
      ['q=vård&limit=201', 'limit'],
      ['q=vård&sort=slump', 'sort'],
    ]) {
      const res = await held.api.get(`/api/concordance?${query}`);
      const body = (await res.json()) as { param: string; detail: string };
      expect([res.status, body.param]).toEqual([400, param]);
      expect(body.detail).toMatch(/[åäö]|ska|högst|Skriv/);
    }
    const small = (await (await held.api.get(`/api/concordance?q=${encodeURIComponent('vad är det?')}`)).json()) as {
      detail: string;
    };
    expect(small.detail).toBe(
      'Sökfrågan har inga sökbara ord (bara frågeord och småord som "vad", "är", "det"). Skriv ett innehållsord.',
    );
  });

  it('exports every line as Swedish-Excel CSV with the context, page and links', async () => {
    const c = await get('q=samsjuklighet&limit=200');
    const res = await held.api.get(`/api/concordance?q=${enc('samsjuklighet')}&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseSwedishCsv(new TextDecoder().decode(bytes.slice(3)));
    expect(header).toEqual([
      'Mötesdatum',
      'Organ',
      'Punkt',
      'Rubrik',
      'Vänster',
      'Träff',
      'Höger',
      'Sida',
      'PDF',
      'Länk',
    ]);
    expect(rows).toHaveLength(c.total);
    // Text a spreadsheet would run as a formula ("- punkt", "=…") is escaped with an apostrophe.
    expect(rows.map((r) => [r[4], r[5], r[6], Number(r[7])])).toEqual(
      c.lines.map((l) => [escapeCell(l.left), escapeCell(l.match), escapeCell(l.right), l.page]),
    );
    // No PUBLIC_URL in tests: links are root-relative (never built from the request's Host).
    expect(rows[0]![8]).toMatch(/^\/api\/protocols\/.+\/source#page=\d+$/);
    expect(rows[0]![9]).toMatch(/^\/\?view=protokoll&id=.+&item=.+$/);
  });
});
