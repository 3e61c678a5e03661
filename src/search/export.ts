/**
 * Cells for spreadsheet exports (CSV now, other formats later), in one place.
 *
 * A text cell that starts with = + - @ (or a tab or carriage return, which some
 * spreadsheets skip before such a sign) is a formula to Excel and LibreOffice:
 * a series label "=HYPERLINK(…)" would run when the file is opened. Such a
 * cell gets a leading apostrophe, which spreadsheets show as text and do not
 * display. Numbers are numbers and stay as they are (-3 is not a formula).
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV cell: formula-safe, quoted when it holds the separator, a quote or a line break. */
export function escapeCell(value: string | number | null | undefined, separator = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return text.includes(separator) || /["\n\r;,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
