/**
 * GET /api/keyness ("Vad är nytt") over the bundled corpus: the 2020 meeting,
 * held over Zoom during the pandemic, against 2021–2024; one body against the
 * others; the counts checked against the stored items themselves, and G² and
 * the log ratio against hand-computed values.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import { SWEDISH_FUNCTION_WORDS, termOf } from '../../domain/swedish/analyse.js';
import { forEachTermCount } from '../../domain/swedish/term-counts.js';
import { ingestFiles } from '../../ingest/run.js';
import { g2, type Keyness, logRatio } from '../../src/search/keyness.js';
import { appOverBundledCorpus } from '../helpers/app.js';

const held = appOverBundledCorpus();
const enc = encodeURIComponent;

const storedItems = async () =>
  (await held.runtime.admin.index<ItemDocument>(held.runtime.names.items).getDocuments({ limit: 10_000 })).results;

/** Occurrences and items of a stem among items, read from their stored termCounts (brute force). */
function countStem(items: readonly ItemDocument[], stem: string): { words: number; items: number } {
  let words = 0;
  let withIt = 0;
  for (const item of items) {
    let here = 0;
    forEachTermCount(item.termCounts, (form, n) => {
      if (termOf(form.toLowerCase()) === stem) here += n;
    });
    words += here;
    if (here) withIt++;
  }
  return { words, items: withIt };
}

function print(k: Keyness, n = 15) {
  console.log(
    `${k.target.label} (${k.target.tokens} ord) mot ${k.reference.label} (${k.reference.tokens} ord), ${k.unit}:`,
  );
  k.terms.slice(0, n).forEach((t, i) => {
    console.log(
      `${String(i + 1).padStart(3)} ${t.term.padEnd(20)} ${String(t.countTarget).padStart(4)} ${String(t.countReference).padStart(4)}  G² ${t.g2.toFixed(2).padStart(6)}  log-kvot ${t.logRatio.toFixed(2)}${t.new ? '  ny' : ''}`,
    );
  });
}

describe('G² and the log ratio', () => {
  it('match the values computed by hand', () => {
    // 10 of 1,000 against 5 of 2,000: expected 5 and 10, G² = 2(10 ln 2 + 5 ln ½) = 10 ln 2.
    expect(g2(10, 5, 1000, 2000)).toBeCloseTo(10 * Math.log(2), 10);
    expect(logRatio(10, 5, 1000, 2000)).toBeCloseTo(2, 10);
    // A word the reference never has: its zero read as 0.5 for the ratio, G² from the one side.
    expect(logRatio(4, 0, 1000, 1000)).toBeCloseTo(3, 10);
    expect(g2(4, 0, 1000, 1000)).toBeCloseTo(2 * 4 * Math.log(2), 10);
    expect(g2(5, 5, 1000, 1000)).toBe(0);
  });
});

describe('GET /api/keyness', () => {
  it('ranks the 2020 meeting’s pandemic words near the top against 2021–2024, with both counts', async () => {
    const { status, body } = await held.api.json<Keyness>('/api/keyness?period=2020&reference=2021-2024');
    expect(status).toBe(200);
    print(body);
    expect([body.target.label, body.reference.label]).toEqual(['2020', '2021–2024']);
    expect([body.target.protocols, body.reference.protocols]).toEqual([1, 4]);
    const rank = (stem: RegExp) => body.terms.findIndex((t) => stem.test(t.stem));
    for (const stem of [/^smitt/, /^pandemi/]) {
      const at = rank(stem);
      expect(at, `${stem} ranked ${at + 1}`).toBeGreaterThanOrEqual(0);
      expect(at, `${stem} ranked ${at + 1}`).toBeLessThan(15);
      const term = body.terms[at]!;
      expect([term.countReference, term.new, term.countTarget >= 3]).toEqual([0, true, true]);
      expect([term.totalTarget, term.totalReference]).toEqual([body.target.tokens, body.reference.tokens]);
    }
    // Ranked by G², every term over-represented in the target and significant.
    for (const [a, b] of body.terms.slice(1).map((t, i) => [body.terms[i]!, t] as const))
      expect(a.g2).toBeGreaterThanOrEqual(b.g2);
    expect(body.terms.every((t) => t.logRatio > 0 && t.g2 >= 3.84 && t.countTarget >= 3)).toBe(true);
    // "även" stood fifth among them before function words were left out of the ranking.
    const functionWords = new Set(SWEDISH_FUNCTION_WORDS);
    expect(body.terms.filter((t) => functionWords.has(t.term.toLowerCase())).map((t) => t.term)).toEqual([]);
  });

  it('counts each side’s occurrences and items of a word exactly as the stored items hold them', async () => {
    const items = await storedItems();
    const { body } = await held.api.json<Keyness>('/api/keyness?period=2020&reference=2021-2024&minG2=0&limit=500');
    const checked = body.terms.filter((t) => /^(smitt|pandemi|familjecentral)/.test(t.stem));
    expect(checked.length).toBeGreaterThanOrEqual(3);
    for (const t of checked) {
      const target = countStem(
        items.filter((i) => i.year === 2020),
        t.stem,
      );
      const reference = countStem(
        items.filter((i) => i.year !== null && i.year >= 2021 && i.year <= 2024),
        t.stem,
      );
      expect([t.term, t.wordsTarget, t.wordsReference, t.itemsTarget, t.itemsReference]).toEqual([
        t.term,
        target.words,
        reference.words,
        target.items,
        reference.items,
      ]);
    }
    expect([body.target.items, body.reference.items]).toEqual([
      items.filter((i) => i.year === 2020).length,
      items.filter((i) => i.year !== null && i.year >= 2021).length,
    ]);
  });

  it('counts items instead of occurrences with unit=items', async () => {
    const { body } = await held.api.json<Keyness>('/api/keyness?period=2020&unit=items&minCount=2&minG2=0');
    expect(body.reference.label).toBe('övriga år');
    const pandemic = body.terms.find((t) => t.stem.startsWith('pandemi'))!;
    expect([pandemic.countTarget, pandemic.totalTarget]).toEqual([pandemic.itemsTarget, body.target.items]);
  });

  it('compares one body with the others, and marks topics over-represented there', async () => {
    const items = await storedItems();
    const organ = items.find((i) => i.year === 2024)!.body!;
    const { status, body } = await held.api.json<Keyness>(`/api/keyness?body=${enc(organ)}`);
    expect(status).toBe(200);
    expect([body.target.label, body.reference.label]).toEqual([organ, 'övriga organ']);
    expect([body.target.items, body.reference.items]).toEqual([
      items.filter((i) => i.body === organ).length,
      items.filter((i) => i.body !== null && i.body !== organ).length,
    ]);
    print(body, 10);
    expect(body.terms.length).toBeGreaterThan(0);
    const topic = body.topics[0]!;
    expect(topic.countTarget).toBe(items.filter((i) => i.body === organ && i.topics.includes(topic.topic)).length);
    // Each term links to its items in the target and its search there finds them.
    const first = body.terms[0]!;
    const listed = await held.api.json<{ total: number }>(`/api/search?${first.searchParams}`);
    expect(listed.body.total).toBeGreaterThan(0);
  });

  it('answers 400 in Swedish when the target is not said or a period is not a span of years', async () => {
    for (const [query, detail] of [
      ['', /Ange vad som ska jämföras: period=/],
      ['period=2024-2021', /första året får inte vara senare/],
      ['period=tjugo', /ett år \(2024\) eller ett spann/],
      ['period=2020&unit=ord', /words eller items/],
    ] as const) {
      const res = await held.api.get(`/api/keyness?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
    }
  });

  it('exports the ranked words with both counts as CSV and xlsx', async () => {
    const csv = await (await held.api.get('/api/keyness?period=2020&format=csv')).text();
    const [header, first] = csv.split('\r\n');
    expect(header).toBe('Ord;Antal 2020;Antal övriga år;Ord totalt (mål);Ord totalt (jämförelse);G²;Log-kvot;Nytt');
    expect(first).toMatch(/^[^;]+;\d+;\d+;\d+;\d+;\d+(,\d+)?;\d+(,\d+)?;(ja)?$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await held.api.get('/api/keyness?period=2020&format=xlsx')).arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Ord', 'Ämnen', 'Om datat']);
  });
});

describe('keyness after the corpus changes', () => {
  it('counts a protocol ingested after the first question, and forgets it once it is removed', async () => {
    const before = await held.api.json<Keyness>('/api/keyness?period=2025');
    expect(before.body.target.items).toBe(0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-keyness-'));
    try {
      writeFileSync(
        path.join(dir, 'nytt-2025.txt'),
        'Protokoll Chefsgrupp testorgan 2025-03-04\n\n1. Mötet öppnas\nOrdföranden öppnade mötet.\n\n' +
          '2. Videokonferenser i länet\nVideokonferenser ersätter resor. Gruppen diskuterade videokonferenser och ' +
          'beslutar att fortsätta med videokonferenser.\n',
      );
      await ingestFiles(
        held.runtime.indexer,
        [{ absolute: path.join(dir, 'nytt-2025.txt'), sourceFile: 'nytt-2025.txt' }],
        {
          maxFileBytes: 1e6,
          removeMissing: false,
        },
      );
      // The ingest service forgets the answer cache after a change; here the test does.
      held.runtime.search.cache?.invalidate();
      const after = await held.api.json<Keyness>('/api/keyness?period=2025&minCount=3');
      expect([after.body.target.items, after.body.target.protocols]).toEqual([2, 1]);
      const word = after.body.terms.find((t) => t.stem.startsWith('videokonferens'))!;
      expect([word.term, word.countTarget, word.countReference, word.new]).toEqual(['videokonferenser', 4, 0, true]);

      const { hits } = await held.runtime.search.client
        .index(held.runtime.names.protocols)
        .search(null, { filter: ['sourceFile = "nytt-2025.txt"'], attributesToRetrieve: ['id'] });
      await held.runtime.indexer.removeProtocols([hits[0]!.id as string]);
      held.runtime.search.cache?.invalidate();
      const removed = await held.api.json<Keyness>('/api/keyness?period=2025');
      expect([removed.body.target.items, removed.body.terms]).toEqual([0, []]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
