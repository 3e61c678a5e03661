/**
 * What a word processor's paragraphs look like to the reading stage: the same
 * page lines a PDF of the document would give (text, cells, x, y, font size,
 * font), so the layout stage reads a Word or OpenDocument protocol exactly as
 * it reads a PDF: a heading is set larger and bold at the left margin, a
 * numbered paragraph starts with its number ("§ 12", "3.") at the margin, a
 * sub-point is indented, a table row is cells (a form table's label | value),
 * and a paragraph gap is a blank line.
 *
 * Geometry is synthetic but consistent: x is the left margin plus the
 * paragraph's first-line indent, y advances by line and paragraph, and each
 * page is made tall enough that no line falls in the bands where the layout
 * stage looks for running headers and footers (a word processor keeps those in
 * parts of their own, which are not read).
 */
import { Parser } from 'htmlparser2';
import type { Page, PageLine } from '../../domain/schemas.js';

/** An element's attributes, by name as written ("w:val", "text:style-name"). */
export type Attrs = Record<string, string>;

/**
 * Streams an XML part of an office document: open, text and close events with element names as written
 * ("w:p", "text:h"), entities decoded (htmlparser2's XML mode: forgiving and streaming).
 */
export function walkXml(
  xml: string,
  on: { open?: (n: string, a: Attrs) => void; text?: (t: string) => void; close?: (n: string) => void },
) {
  const parser = new Parser(
    {
      onopentag: (name, attrs) => on.open?.(name, attrs),
      ontext: (text) => on.text?.(text),
      onclosetag: (name) => on.close?.(name),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
}

/** One paragraph as written. */
export interface Paragraph {
  readonly type: 'paragraph';
  /** Its lines (a manual line break starts a new one); a tab separates cells, as a wide gap does in a PDF. */
  readonly lines: readonly string[];
  /** Outline level 1–9 for a heading, else null. */
  readonly heading: number | null;
  /** Every run of text in it is bold. */
  readonly bold: boolean;
  /** Font size in points, when the document says. */
  readonly size: number | null;
  /** Where its first line starts, in points from the left margin. */
  readonly indent: number;
}

/** One table row: its cells' text. */
export interface Row {
  readonly type: 'row';
  readonly cells: readonly string[];
}

export type Piece = Paragraph | Row | { readonly type: 'page-break' };

const MARGIN = 72;
const A4_HEIGHT = 842;

const headingSize = (level: number, body: number, own: number | null) =>
  Math.max(own ?? 0, body + Math.max(2, 5 - level));

/** Pieces → pages of lines with geometry; an empty page (two breaks in a row) is not a page. */
export function toPages(pieces: readonly Piece[], bodySize: number): Page[] {
  const pages: PageLine[][] = [[]];
  let y = 0;
  const current = () => pages[pages.length - 1]!;
  const push = (line: PageLine) => current().push(line);
  for (const piece of pieces) {
    if (piece.type === 'page-break') {
      if (current().length > 0) {
        pages.push([]);
        y = 0;
      }
      continue;
    }
    if (piece.type === 'row') {
      const cells = piece.cells.map((c) => c.replace(/\s+/g, ' ').trim()).filter(Boolean);
      if (cells.length === 0) continue;
      y += bodySize * 2.2;
      const line: PageLine = { text: cells.join('\t'), x: MARGIN, y, size: bodySize, font: 'Regular' };
      push(cells.length > 1 ? { ...line, cells } : line);
      continue;
    }
    const lines = piece.lines.map((l) => l.replace(/[^\S\t]+/g, ' ').trim()).filter((l) => l.replace(/\t/g, '') !== '');
    if (lines.length === 0) continue;
    const size = piece.heading !== null ? headingSize(piece.heading, bodySize, piece.size) : (piece.size ?? bodySize);
    const font = piece.heading !== null ? 'Heading-Bold' : piece.bold ? 'Bold' : 'Regular';
    lines.forEach((text, i) => {
      // A paragraph gap before the first line (a blank line to the reading stage), line spacing after it.
      y += i === 0 ? size * 2.2 : size * 1.2;
      const cells = text
        .split('\t')
        .map((c) => c.trim())
        .filter(Boolean);
      const line: PageLine = {
        text: cells.join('\t'),
        x: MARGIN + Math.max(0, piece.indent),
        y,
        size,
        font,
      };
      push(cells.length > 1 ? { ...line, cells } : line);
    });
  }
  if (pages.length > 1 && current().length === 0) pages.pop();
  return pages.map((lines, i) => place(i + 1, lines));
}

/** The page's height and the lines' y: the text sits between the header and footer bands, never in them. */
function place(number: number, lines: readonly PageLine[]): Page {
  const content = lines.length > 0 ? lines[lines.length - 1]!.y! : 0;
  const height = Math.ceil(Math.max(A4_HEIGHT, (content + 40) / 0.7));
  const top = Math.round(height * 0.16);
  const placed = lines.map((l) => ({ ...l, x: Math.round(l.x! * 10) / 10, y: Math.round((top + l.y!) * 10) / 10 }));
  return { number, text: placed.map((l) => l.text).join('\n'), lines: placed, height };
}

/** Word's and OpenDocument's list number formats. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
    case 'a':
      return letters(n).toLowerCase();
    case 'upperLetter':
    case 'A':
      return letters(n);
    case 'lowerRoman':
    case 'i':
      return roman(n).toLowerCase();
    case 'upperRoman':
    case 'I':
      return roman(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'none':
    case '':
      return '';
    default:
      return String(n);
  }
}

function letters(n: number): string {
  // Word repeats the letter past z: a … z, aa … zz.
  const letter = String.fromCharCode(65 + ((Math.max(1, n) - 1) % 26));
  return letter.repeat(Math.floor((Math.max(1, n) - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = Math.min(Math.max(1, n), 3999);
  for (const [value, symbol] of table)
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  return out;
}
