/**
 * Every list exports, with what a report needs: the timeline (format=csv
 * answered JSON before), search and decisions as Swedish-Excel CSV, xlsx and
 * "om", each row with its snippet, the municipalities it names, its decision
 * and links to the PDF page and the item.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Hit, Timeline } from '../../src/api/responses.js';
import { escapeCell, snippetText } from '../../src/search/export.js';
import { appOverBundledCorpus } from '../helpers/app.js';
import { parseSwedishCsv } from '../helpers/csv.js';

const held = appOverBundledCorpus();
const enc = encodeURIComponent;

const COLUMNS = [
  'Mötesdatum',
  'Organ',
  'Dokumenttyp',
  'Punkt',
  'Rubrik',
  'Diarienummer',
  'Kommuner som nämns',
  'Ämnen',
  'Beslut',
  'Utdrag',
  'Sida',
  'PDF',
  'Länk',
];

async function csv(path: string) {
  const res = await held.api.get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  expect(res.headers.get('content-disposition')).toMatch(
    /attachment; filename="?protokollsok-[a-z]+-\d{4}-\d{2}-\d{2}\.csv"?$/,
  );
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Swedish Excel: a byte-order mark, `;` between fields, CRLF line ends.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  expect(text.endsWith('\r\n')).toBe(true);
  return parseSwedishCsv(text);
}

describe('GET /api/timeline?format=csv', () => {
  it('answers Swedish-Excel CSV with every item of every meeting, in date order, its role, snippet and links', async () => {
    const q = 'hälso- och sjukvård i hemmet';
    const t = (await held.api.json<Timeline>(`/api/timeline?q=${enc(q)}&meetings=100`)).body;
    const items: (Hit & { role: string })[] = t.meetings.flatMap((m) => [
      ...m.items.map((h) => ({ ...h, role: 'behandlas' })),
      ...m.mentions.map((h) => ({ ...h, role: 'nämns' })),
    ]);
    expect(items).toHaveLength(t.total);
    const [header, ...rows] = await csv(`/api/timeline?q=${enc(q)}&format=csv`);
    expect(header).toEqual(['I tidslinjen', ...COLUMNS]);
    const col = (name: string) => header!.indexOf(name);
    expect(rows).toHaveLength(t.total);
    expect(rows.map((r) => [r[col('I tidslinjen')], r[col('Mötesdatum')], r[col('Punkt')]])).toEqual(
      items.map((h) => [h.role, h.meetingDate, h.itemNumber]),
    );
    expect(rows.map((r) => r[col('Utdrag')])).toEqual(items.map((h) => escapeCell(snippetText(h.snippet))));
    expect(rows.every((r) => /[a-zåäö]/i.test(r[col('Utdrag')]!) && !r[col('Utdrag')]!.includes('<mark>'))).toBe(true);
    for (const [i, r] of rows.entries()) {
      // No PUBLIC_URL in tests: links are root-relative (never built from the request's Host).
      expect(r[col('PDF')]).toBe(items[i]!.pdfUrl);
      expect(r[col('Länk')]).toMatch(/\/\?view=protokoll&id=[^&]+&item=[^&]+$/);
      expect(r[col('Kommuner som nämns')]).toBe(items[i]!.municipalities.join(', '));
    }
    expect(rows.some((r) => r[col('Beslut')] !== '')).toBe(true);
  });

  it('answers xlsx with the same rows and "om" with the question in words', async () => {
    const q = 'samsjuklighet';
    const total = (
      await held.api.json<Timeline>(
        `/api/timeline?q=${q}&body=${enc('Chefsgrupp för samverkan social välfärd samt vård och omsorg')}`,
      )
    ).body.total;
    const res = await held.api.get(
      `/api/timeline?q=${q}&body=${enc('Chefsgrupp för samverkan social välfärd samt vård och omsorg')}&format=xlsx`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Tidslinje', 'Om datat']);
    expect(book.getWorksheet('Tidslinje')!.rowCount).toBe(total + 1);
    const about = await (await held.api.get(`/api/timeline?q=${q}&present=Karlskoga&format=om`)).text();
    expect(about).toMatch(/Sökord:\s+samsjuklighet/);
    expect(about).toMatch(/Filter:\s+Närvarande kommun: Karlskoga/);
    expect(about).toMatch(/Exporterad:\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(svensk tid\)/);
  });
});

describe('search and decision exports', () => {
  it('carry the snippet, the municipalities named and the PDF page link of each hit', async () => {
    const search = (await held.api.json<{ hits: Hit[] }>('/api/search?q=samsjuklighet&limit=100')).body.hits;
    const [header, ...rows] = await csv('/api/search?q=samsjuklighet&format=csv');
    expect(header).toEqual(COLUMNS);
    const col = (name: string) => header!.indexOf(name);
    expect(
      rows.map((r) => [r[col('Utdrag')], r[col('PDF')], r[col('Kommuner som nämns')], r[col('Diarienummer')]]),
    ).toEqual(
      search.map((h) => [
        escapeCell(snippetText(h.snippet)),
        h.pdfUrl,
        h.municipalities.join(', '),
        (h.caseNumbers ?? []).join(', '),
      ]),
    );
    expect(rows.some((r) => r[col('Kommuner som nämns')] === 'Karlskoga')).toBe(true);
    const [decisionHeader, ...decisions] = await csv('/api/decisions?q=samsjuklighet&format=csv');
    expect(decisionHeader).toEqual(COLUMNS);
    expect(
      decisions.every((r) => r[col('Beslut')] !== '' && r[col('Utdrag')] !== '' && /#page=\d+$/.test(r[col('PDF')]!)),
    ).toBe(true);
  });
});
