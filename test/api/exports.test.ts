/**
 * Trends under a kommun filter and the exports a Swedish spreadsheet opens:
 * CSV (BOM, `;`, decimal comma), its "om" file, and .xlsx read back by exceljs.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { escapeCell, toSwedishCsv } from '../../src/search/export.js';
import type { Trends } from '../../src/search/trends.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';

const enc = encodeURIComponent;

let runtime: Runtime;
let api: RunningApp;
let items: ItemDocument[];

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  await ingestBundledCorpus(runtime);
  api = await startAppOver(runtime);
  items = (await runtime.admin.index<ItemDocument>(runtime.names.items).getDocuments({ limit: 10_000 })).results;
});

afterAll(async () => {
  await api?.close();
  if (runtime) await dropIndexes(runtime);
});

/** A CSV as Swedish Excel reads it: `;` between fields, quotes around fields with `;`, `"` or line breaks. */
function parseSwedishCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
/** A cell as a Swedish spreadsheet reads a number: decimal comma, no thousands separator. */
const swedishNumber = (cell: string) =>
  cell === '' ? null : /^-?\d+(,\d+)?$/.test(cell) ? Number(cell.replace(',', '.')) : Number.NaN;

describe('trends with a kommun filter', () => {
  it('counts the meetings the kommun attended, series and denominators alike, with every year on the axis', async () => {
    const { body } = await api.json<Trends>(
      `/api/trends?topics=${enc('nära vård')}&municipality=Lax%C3%A5&unit=meetings`,
    );
    expect(body.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    const attended = items.filter((i) => i.municipalitiesPresent.includes('Laxå'));
    for (const p of body.series[0]!.points) {
      const inYear = attended.filter((i) => i.year === p.year);
      const matching = inYear.filter((i) => i.topics.includes('nära vård'));
      // A year Laxå attended no meeting is a gap: nothing counted, not zero.
      const gap = inYear.length === 0;
      expect([p.year, p.gap, p.items, p.meetings, p.totalItems, p.totalMeetings]).toEqual([
        p.year,
        gap,
        gap ? null : matching.length,
        gap ? null : new Set(matching.map((i) => i.protocolId)).size,
        inYear.length,
        new Set(inYear.map((i) => i.protocolId)).size,
      ]);
      expect(p.share).toBe(
        inYear.length
          ? new Set(matching.map((i) => i.protocolId)).size / new Set(inYear.map((i) => i.protocolId)).size
          : null,
      );
    }
    // Laxå is in the 2022 attendance list, so 2022 counts every item of that meeting, not the 1–2 that name Laxå.
    expect(body.series[0]!.points.find((p) => p.year === 2022)!.totalItems).toBe(
      items.filter((i) => i.year === 2022).length,
    );
  });

  it("lists a point's items with the same attendance filter", async () => {
    const { body } = await api.json<Trends>(`/api/trends?topics=${enc('nära vård')}&municipality=Lax%C3%A5&unit=items`);
    const point = body.series[0]!.points.find((p) => (p.items ?? 0) > 0)!;
    const listed = await api.json<{ total: number }>(`/api/search?${point.searchParams}&limit=100`);
    expect(listed.body.total).toBe(point.items);
  });

  it("reports the year's words for the per-10 000-words unit", async () => {
    const { body } = await api.json<Trends>(`/api/trends?topics=samsjuklighet&unit=per10k`);
    for (const p of body.series[0]!.points) {
      const words = items.filter((i) => i.year === p.year).reduce((n, i) => n + i.wordCount, 0);
      expect(p.totalWords).toBe(words);
      expect(p.share).toBeCloseTo(words ? ((p.items ?? 0) * 10_000) / words : 0, 3);
    }
  });
});

describe('CSV for Swedish Excel', () => {
  it('starts with the byte-order mark and reads as `;`-separated columns with decimal commas and Swedish headers', async () => {
    const res = await api.get(`/api/trends?topics=${enc('nära vård,samsjuklighet')}&unit=items&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="?protokollsok-trender-\d{4}-\d{2}-\d{2}\.csv/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const [header, ...rows] = parseSwedishCsv(text);
    expect(header).toEqual([
      'Serie',
      'Typ',
      'År',
      'Andel dagordningspunkter (%)',
      'Dagordningspunkter',
      'Möten',
      'Dagordningspunkter totalt',
      'Möten totalt',
      'Ord totalt',
      'Anmärkning',
    ]);
    expect(text).not.toMatch(/^#|\n#|%3A|%C3/);
    const trends = (await api.json<Trends>(`/api/trends?topics=${enc('nära vård,samsjuklighet')}&unit=items`)).body;
    expect(rows).toHaveLength(trends.series.length * trends.years.length);
    for (const row of rows) {
      expect(row).toHaveLength(10);
      const point = trends.series
        .find((s) => s.label === row[0])!
        .points.find((p) => p.year === swedishNumber(row[2]!))!;
      expect(swedishNumber(row[3]!)).toBeCloseTo(point.share! * 100, 2);
      expect(row.slice(4, 8).map(swedishNumber)).toEqual([
        point.items,
        point.meetings,
        point.totalItems,
        point.totalMeetings,
      ]);
    }
    // "nära vård" stays readable: UTF-8 decoded as UTF-8, not "nÃ¤ra vÃ¥rd".
    expect(rows.some((r) => r[0] === 'nära vård')).toBe(true);
    expect(rows.some((r) => /,\d/.test(r[3]!))).toBe(true);
  });

  it('keeps the query, unit, corpus version and date in the "om" file, in words', async () => {
    const res = await api.get(`/api/trends?topics=samsjuklighet&municipality=Karlskoga&format=om`);
    expect(res.headers.get('content-disposition')).toMatch(/om-datat\.txt/);
    const text = await res.text();
    expect(text).toMatch(/Ämnen:\s+samsjuklighet/);
    expect(text).toMatch(/Kommun \(närvarande\):\s+Karlskoga/);
    expect(text).toMatch(/Enhet:\s+Andel möten \(%\)/);
    expect(text).toMatch(/Korpusversion:\s+5-[0-9a-f]{12}/);
    expect(text).toMatch(/Exporterad:\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  });

  it('escapes text cells a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+46', '-x', '@SUM(A1)', '\t=1', 'nära vård', 'a-b'].map(escapeCell)).toEqual([
      "'=1+1",
      "'+46",
      "'-x",
      "'@SUM(A1)",
      "'\t=1",
      'nära vård',
      'a-b',
    ]);
    const csv = toSwedishCsv({
      sheet: 'x',
      columns: [
        { header: 'Serie', kind: 'text' },
        { header: 'Värde', kind: 'decimal' },
      ],
      rows: [['=HYPERLINK("http://x")', -0.5]],
    });
    expect(parseSwedishCsv(csv.slice(1))[1]).toEqual(['\'=HYPERLINK("http://x")', '-0,5']);
  });

  it('exports a term series whose label starts with "=" as text', async () => {
    const text = await (await api.get(`/api/trends?terms=${enc('=samsjuklighet')}&format=csv`)).text();
    expect(parseSwedishCsv(text)[1]![0]).toBe("'=samsjuklighet");
  });

  it('exports a decision list with one row per item and a link to it', async () => {
    const text = await (await api.get('/api/decisions?q=suicidsamordning&format=csv')).text(); // fetch's text() drops the BOM
    const [header, ...rows] = parseSwedishCsv(text);
    expect(header).toEqual([
      'Mötesdatum',
      'Organ',
      'Dokumenttyp',
      'Punkt',
      'Rubrik',
      'Ämnen',
      'Beslut',
      'Sida',
      'Länk',
    ]);
    expect(rows[0]!.slice(0, 1)).toEqual(['2022-10-13']);
    expect(rows[0]![6]).toMatch(/ställa sig bakom förslaget/);
    // No PUBLIC_URL in tests: the link is root-relative (never built from the request's Host header).
    expect(rows[0]![8]).toMatch(/^\/\?view=protokoll&id=.+&item=10$/);
  });
});

describe('xlsx', () => {
  it('holds the same numbers as /api/trends in a data sheet and the query in "Om datat"', async () => {
    const q = `topics=${enc('nära vård,psykisk hälsa')}&unit=meetings&municipality=Karlskoga`;
    const res = await api.get(`/api/trends?${q}&format=xlsx`);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Trender', 'Per år', 'Om datat']);
    const trends = (await api.json<Trends>(`/api/trends?${q}`)).body;
    const sheet = book.getWorksheet('Trender')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Serie',
      'Typ',
      'År',
      'Andel möten (%)',
      'Dagordningspunkter',
      'Möten',
      'Dagordningspunkter totalt',
      'Möten totalt',
      'Ord totalt',
      'Anmärkning',
    ]);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1, 9));
    });
    const expected = trends.series.flatMap((s) =>
      s.points.map((p) => [
        s.label,
        'ämne',
        p.year,
        p.share === null ? undefined : Math.round(p.share * 10_000) / 100,
        // A year without meetings is an empty cell, not a zero.
        p.items ?? undefined,
        p.meetings ?? undefined,
        p.totalItems,
        p.totalMeetings,
      ]),
    );
    expect(rows).toEqual(expected);
    expect(typeof rows[0]![4]).toBe('number');
    const about = book.getWorksheet('Om datat')!;
    const pairs = new Map<string, string>();
    about.eachRow((row) => pairs.set(String(row.getCell(1).value), String(row.getCell(2).value ?? '')));
    expect(pairs.get('Ämnen')).toBe('nära vård, psykisk hälsa');
    expect(pairs.get('Kommun (närvarande)')).toBe('Karlskoga');
    expect(pairs.get('Korpusversion')).toMatch(/^5-[0-9a-f]{12}$/);
  });

  it('exports search hits as xlsx', async () => {
    const res = await api.get('/api/search?q=samsjuklighet&format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const search = await api.json<{ total: number }>('/api/search?q=samsjuklighet');
    expect(book.getWorksheet('Dagordningspunkter')!.rowCount).toBe(search.body.total + 1);
    // The meeting date is a real date cell, not text.
    const date = book.getWorksheet('Dagordningspunkter')!.getRow(2).getCell(1);
    expect(date.value).toBeInstanceOf(Date);
    expect(date.numFmt).toBe('yyyy-mm-dd');
  });
});
