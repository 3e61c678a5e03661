/**
 * Exports for spreadsheets: CSV as Swedish Excel reads it (UTF-8 with a byte
 * order mark, `;` between fields, decimal comma, CRLF), an "Om datat" text
 * that says what the numbers are (query, unit, corpus version, date), and an
 * .xlsx workbook with a data sheet and an "Om datat" sheet.
 *
 * The table itself carries no comment lines: a spreadsheet would read them as
 * data. Text cells that a spreadsheet would run as a formula are escaped.
 */
import type { ConcordanceLine } from './concordance.js';

/** A column of an export: its Swedish header and how its values are written. */
export interface ExportColumn {
  header: string;
  /**
   * `text` is escaped against formulas; `integer` and `decimal` are numbers; `date` holds ISO dates
   * (yyyy-mm-dd): as written in CSV, a real date cell (yyyy-mm-dd) in xlsx.
   */
  kind: 'text' | 'integer' | 'decimal' | 'date';
  /** Character width in the xlsx sheet. */
  width?: number;
}

export type ExportValue = string | number | null;

export interface ExportTable {
  /** The sheet's name in the xlsx (at most 31 characters). */
  sheet: string;
  columns: readonly ExportColumn[];
  rows: readonly (readonly ExportValue[])[];
}

/**
 * One line of "Om datat": label → value, e.g. ["Sökord", "nära vård"]. A third element `date`
 * (value yyyy-mm-dd) or `datetime` (yyyy-mm-dd hh:mm UTC, or ISO) makes the value a real date cell in xlsx.
 */
export type AboutField = readonly [string, string] | readonly [string, string, 'date' | 'datetime'];

/** What the numbers are: shown in the "Om datat" file or sheet. */
export interface ExportAbout {
  title: string;
  fields: readonly AboutField[];
}

/**
 * Escapes a text cell that a spreadsheet would evaluate: one starting with
 * `=`, `+`, `-`, `@` (or a tab or carriage return, which some readers strip
 * first) gets a leading apostrophe, so "=HYPERLINK(…)" stays text (OWASP's
 * advice on CSV injection).
 */
export function escapeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const decimalComma = (n: number) => String(n).replace('.', ',');

function csvField(value: ExportValue, kind: ExportColumn['kind']): string {
  if (value === null) return '';
  const s =
    typeof value === 'number'
      ? kind === 'text' || kind === 'date'
        ? escapeCell(String(value))
        : decimalComma(value)
      : escapeCell(value);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The table as CSV for Swedish Excel: BOM, `;`, decimal comma, CRLF line ends. */
export function toSwedishCsv(table: ExportTable): string {
  const lines = [table.columns.map((c) => csvField(c.header, 'text')).join(';')];
  for (const row of table.rows) lines.push(table.columns.map((c, i) => csvField(row[i] ?? null, c.kind)).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The "Om datat" text file that goes with a CSV (UTF-8 with BOM, so Notepad and Excel read å/ä/ö). */
export function aboutText(about: ExportAbout): string {
  const width = Math.max(...about.fields.map(([k]) => k.length));
  return `\uFEFF${[about.title, '', ...about.fields.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`)].join('\r\n')}\r\n`;
}

/**
 * An ISO date (yyyy-mm-dd) or a UTC time ("yyyy-mm-dd hh:mm UTC", ISO) as the Date exceljs writes as a
 * date serial; null when it is not one. Dates are midnight UTC, so the serial is the day itself.
 */
function dateCell(value: string): Date | null {
  const m = value.match(/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z| UTC)?)?$/);
  if (!m) return null;
  const date = new Date(`${m[1]}T${m[2] ?? '00:00'}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An .xlsx workbook: the data sheets (numbers as numbers, dates as dates, header frozen) and "Om datat". */
export async function toXlsx(tables: ExportTable | readonly ExportTable[], about: ExportAbout): Promise<Buffer> {
  // Loaded on the first export, not at start-up: exceljs takes a noticeable part of a second to load.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Protokollsök';
  for (const table of Array.isArray(tables) ? (tables as readonly ExportTable[]) : [tables as ExportTable]) {
    const sheet = book.addWorksheet(table.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(10, c.header.length + 2),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      // Text through escapeCell too: exceljs writes strings as strings, but a copy-paste into another sheet re-parses them.
      sheet.addRow(
        table.columns.map((c, i) => {
          const v = row[i] ?? null;
          if (c.kind === 'date' && typeof v === 'string') return dateCell(v) ?? escapeCell(v);
          return typeof v === 'string' ? escapeCell(v) : v;
        }),
      );
    }
    table.columns.forEach((c, i) => {
      if (c.kind === 'decimal') sheet.getColumn(i + 1).numFmt = '0.0###';
      if (c.kind === 'integer') sheet.getColumn(i + 1).numFmt = '0';
      if (c.kind === 'date') sheet.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  const info = book.addWorksheet('Om datat');
  info.columns = [{ width: 24 }, { width: 80 }];
  info.addRow([about.title]).font = { bold: true };
  info.addRow([]);
  for (const [k, v, kind] of about.fields) {
    const date = kind ? dateCell(v) : null;
    const row = info.addRow([k, date ?? escapeCell(v)]);
    if (date) row.getCell(2).numFmt = kind === 'date' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm';
    if (date) row.getCell(2).alignment = { horizontal: 'left' };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A column of a list export: its header and kind, and how it reads a row. */
export interface ListColumn<R> extends ExportColumn {
  value: (row: R) => ExportValue;
}

/** A list as a table: one row per element, the columns in order. */
export function listTable<R>(sheet: string, columns: readonly ListColumn<R>[], rows: readonly R[]): ExportTable {
  return {
    sheet,
    columns: columns.map(({ header, kind, width }) =>
      width === undefined ? { header, kind } : { header, kind, width },
    ),
    rows: rows.map((row) => columns.map((c) => c.value(row))),
  };
}

/** A snippet's text without its marks: the API's snippets are escaped HTML with <mark> only. */
export function snippetText(html: string): string {
  return html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An agenda item of a hit list, as exports read it (a search hit, a decision, a timeline item). */
export interface ExportHit {
  meetingDate: string | null;
  body: string | null;
  docType?: string | null;
  itemNumber: string;
  title: string;
  topics: readonly string[];
  municipalities?: readonly string[];
  hasDecision: boolean;
  page: number;
  protocolId: string;
  snippet?: string;
  pdfUrl?: string;
  /** Diarienummer, as written. */
  caseNumbers?: readonly string[] | undefined;
  decisions?: readonly { text: string; kind: string; proposal?: { text: string } | undefined }[] | undefined;
}

/** The item in the web UI, as an absolute link. */
export const itemLink = (origin: string, protocolId: string, itemNumber: string) =>
  `${origin}/?view=protokoll&id=${encodeURIComponent(protocolId)}&item=${encodeURIComponent(itemNumber)}`;

const pdfLink = (origin: string, h: Pick<ExportHit, 'protocolId' | 'page' | 'pdfUrl'>) =>
  `${origin}${h.pdfUrl ?? `/api/protocols/${encodeURIComponent(h.protocolId)}/source#page=${h.page}`}`;

/**
 * The columns of every item list (search, decisions, timeline), one line each: a field the
 * items gain (a case number) is one more line here, in every export at once.
 */
export function hitColumns(origin: string): ListColumn<ExportHit>[] {
  return [
    { header: 'Mötesdatum', kind: 'date', width: 12, value: (h) => h.meetingDate },
    { header: 'Organ', kind: 'text', width: 40, value: (h) => h.body },
    { header: 'Dokumenttyp', kind: 'text', width: 14, value: (h) => h.docType ?? null },
    { header: 'Punkt', kind: 'text', width: 7, value: (h) => h.itemNumber },
    { header: 'Rubrik', kind: 'text', width: 50, value: (h) => h.title },
    { header: 'Diarienummer', kind: 'text', width: 16, value: (h) => (h.caseNumbers ?? []).join(', ') },
    { header: 'Kommuner som nämns', kind: 'text', width: 24, value: (h) => (h.municipalities ?? []).join(', ') },
    { header: 'Ämnen', kind: 'text', width: 30, value: (h) => h.topics.join(', ') },
    {
      header: 'Beslut',
      kind: 'text',
      width: 80,
      value: (h) =>
        (h.decisions ?? [])
          .map((d) =>
            d.kind === 'routine'
              ? `(formellt) ${d.text}`
              : d.proposal
                ? `Beslut: ${d.text} (enligt förslaget: ${d.proposal.text})`
                : d.text,
          )
          .join('\n') || (h.hasDecision ? 'ja' : ''),
    },
    { header: 'Utdrag', kind: 'text', width: 80, value: (h) => snippetText(h.snippet ?? '') },
    { header: 'Sida', kind: 'integer', width: 6, value: (h) => h.page },
    { header: 'PDF', kind: 'text', width: 50, value: (h) => pdfLink(origin, h) },
    { header: 'Länk', kind: 'text', width: 50, value: (h) => itemLink(origin, h.protocolId, h.itemNumber) },
  ];
}

/** The rows of a hit list; links are absolute with `origin`. */
export function hitsTable(hits: readonly ExportHit[], kind: 'search' | 'decisions', origin: string): ExportTable {
  return listTable(kind === 'decisions' ? 'Beslut' : 'Dagordningspunkter', hitColumns(origin), hits);
}

/** A timeline item: the hit and whether the meeting treated the issue or mentioned it in passing. */
export interface TimelineRow extends ExportHit {
  role: 'about' | 'mention';
}

/** The timeline as rows: every item of every meeting, in date order, its role first. */
export function timelineTable(rows: readonly TimelineRow[], origin: string): ExportTable {
  const role: ListColumn<TimelineRow> = {
    header: 'I tidslinjen',
    kind: 'text',
    width: 12,
    value: (r) => (r.role === 'about' ? 'behandlas' : 'nämns'),
  };
  return listTable('Tidslinje', [role, ...hitColumns(origin)], rows);
}

/** Konkordans lines as rows: the occurrence between its left and right context, and where it stands. */
export function concordanceTable(lines: readonly ConcordanceLine[], origin: string): ExportTable {
  const columns: ListColumn<ConcordanceLine>[] = [
    { header: 'Mötesdatum', kind: 'date', width: 12, value: (l) => l.meetingDate },
    { header: 'Organ', kind: 'text', width: 40, value: (l) => l.body },
    { header: 'Punkt', kind: 'text', width: 7, value: (l) => l.itemNumber },
    { header: 'Rubrik', kind: 'text', width: 40, value: (l) => l.title },
    { header: 'Vänster', kind: 'text', width: 50, value: (l) => l.left },
    { header: 'Träff', kind: 'text', width: 20, value: (l) => l.match },
    { header: 'Höger', kind: 'text', width: 50, value: (l) => l.right },
    { header: 'Sida', kind: 'integer', width: 6, value: (l) => l.page },
    { header: 'PDF', kind: 'text', width: 50, value: (l) => `${origin}${l.pdfUrl}` },
    { header: 'Länk', kind: 'text', width: 50, value: (l) => itemLink(origin, l.protocolId, l.itemNumber) },
  ];
  return listTable('Konkordans', columns, lines);
}
