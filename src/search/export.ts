/**
 * Exports for spreadsheets: CSV as Swedish Excel reads it (UTF-8 with a byte
 * order mark, `;` between fields, decimal comma, CRLF), an "Om datat" text
 * that says what the numbers are (query, unit, corpus version, date), and an
 * .xlsx workbook with a data sheet and an "Om datat" sheet.
 *
 * The table itself carries no comment lines: a spreadsheet would read them as
 * data. Text cells that a spreadsheet would run as a formula are escaped.
 */

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

/** Hits of a search or decision list, one row per item (its decisions in one cell). */
export interface ExportHit {
  meetingDate: string | null;
  body: string | null;
  docType?: string | null;
  itemNumber: string;
  title: string;
  topics: readonly string[];
  hasDecision: boolean;
  page: number;
  protocolId: string;
  decisions?: readonly { text: string; kind: string }[] | undefined;
}

/** The rows of a hit list; links are absolute when `origin` is given. */
export function hitsTable(hits: readonly ExportHit[], kind: 'search' | 'decisions', origin: string): ExportTable {
  return {
    sheet: kind === 'decisions' ? 'Beslut' : 'Dagordningspunkter',
    columns: [
      { header: 'Mötesdatum', kind: 'date', width: 12 },
      { header: 'Organ', kind: 'text', width: 40 },
      { header: 'Dokumenttyp', kind: 'text', width: 14 },
      { header: 'Punkt', kind: 'text', width: 7 },
      { header: 'Rubrik', kind: 'text', width: 50 },
      { header: 'Ämnen', kind: 'text', width: 30 },
      { header: 'Beslut', kind: 'text', width: 80 },
      { header: 'Sida', kind: 'integer', width: 6 },
      { header: 'Länk', kind: 'text', width: 50 },
    ],
    rows: hits.map((h) => [
      h.meetingDate,
      h.body,
      h.docType ?? null,
      h.itemNumber,
      h.title,
      h.topics.join(', '),
      (h.decisions ?? []).map((d) => (d.kind === 'routine' ? `(formellt) ${d.text}` : d.text)).join('\n') ||
        (h.hasDecision ? 'ja' : ''),
      h.page,
      `${origin}/?view=protokoll&id=${encodeURIComponent(h.protocolId)}&item=${encodeURIComponent(h.itemNumber)}`,
    ]),
  };
}
