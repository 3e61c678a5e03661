/**
 * A table of contents: dot-leader lines, or rows of an item number, title and
 * page number set as cells. Its entries are kept apart from the reading text:
 * they are the strongest evidence for item titles where a broken font encoding
 * garbles the headings.
 */
import type { Page } from '../../../domain/schemas.js';

export interface TocEntry {
  /** The entry without leaders and page number ("39 § Sammanträdets laglighet och beslutförhet"). */
  readonly text: string;
  readonly page: number;
}

/** A table-of-contents entry: dot leaders (or a run of spaced dots) then, usually, a page number. */
const TOC_LINE = /^(.*?\S)\s*(?:\.{4,}|…{2,}|(?:\.\s){4,})[\s.…]*(\d{1,4})?\s*$/;
/** A table-of-contents row set as cells: an item heading, its title, and the page number in a cell of its own. */
const TOC_HEAD = /^(?:\p{Lu}{1,8}\s+)?§\s*\d|^\d{1,4}\s*§|^\d{1,3}\.?(?:\s|$)/u;
const TOC_TITLE =
  /^(?:innehåll|innehållsförteckning|ärendeförteckning|ärendelista|ärenden|föredragningslista|dagordning)(?:\s|\t|$)/i;
/**
 * A table-of-contents row as Tesseract reads it: the dot leaders come out as
 * letters and dots ("…ungdomsfullmäktig€ =......es.ssess 4"), the sign as a
 * digit; what is left is an item number first and a page number (or leaders) last.
 */
const OCR_TOC_ROW = /^\S{0,8}\d.*(?:\s\d{1,3}|\.{4,}\S*)$/u;
const isTocRow = (cells: readonly string[]) =>
  cells.length >= 2 && /^\d{1,4}$/.test(cells[cells.length - 1]!) && TOC_HEAD.test(cells[0]!);

/**
 * Table-of-contents lines: dot-leader lines (two or more on a page), or rows
 * of an item number, title and page number in cells (three or more), and the
 * lines between the first and last of them on that page. `lines` holds
 * `page:index` keys into each page's `lines` (or its text's lines).
 */
export function findToc(pages: readonly Page[]): { entries: TocEntry[]; lines: Set<string> } {
  const entries: TocEntry[] = [];
  const lines = new Set<string>();
  for (const page of pages) {
    const list = page.lines ?? page.text.split('\n').map((text) => ({ text }));
    const dotted: number[] = [];
    const rows: number[] = [];
    list.forEach((line, index) => {
      const cells =
        'cells' in line && line.cells
          ? line.cells
          : line.text
              .split('\t')
              .map((c) => c.trim())
              .filter(Boolean);
      if (TOC_LINE.test(line.text.replace(/\t/g, ' '))) dotted.push(index);
      else if (isTocRow(cells)) rows.push(index);
    });
    // Dot leaders also set tables in an attachment ("Intäkter ........ 123"): a table of contents
    // names items, or stands under its own heading.
    const titled = list.some((line) => TOC_TITLE.test(line.text.trim()));
    const naming = dotted.filter((i) => TOC_HEAD.test(list[i]!.text.trim())).length;
    // On an OCR'd page, three rows in that shape after a title: the rows' titles are too garbled
    // to be evidence for item titles, so the lines only leave the reading text.
    const title = page.ocr ? list.findIndex((line) => TOC_TITLE.test(line.text.trim())) : -1;
    const ocrRows =
      title >= 0 ? list.flatMap((line, i) => (i > title && OCR_TOC_ROW.test(line.text.trim()) ? [i] : [])) : [];
    if (ocrRows.length >= 3) {
      for (let i = ocrRows[0]!; i <= ocrRows[ocrRows.length - 1]!; i++) lines.add(`${page.number}:${i}`);
      continue;
    }
    const hits = [
      ...(dotted.length >= 2 && (naming >= 2 || titled) ? dotted : []),
      ...(rows.length >= 3 ? rows : []),
    ].sort((a, b) => a - b);
    if (hits.length === 0) continue;
    for (let i = hits[0]!; i <= hits[hits.length - 1]!; i++) lines.add(`${page.number}:${i}`);
    for (const i of hits) {
      const text = list[i]!.text.replace(/\t/g, ' ');
      const m = TOC_LINE.exec(text);
      entries.push({ text: m ? m[1]!.trim() : text.replace(/\s+\d{1,4}\s*$/, '').trim(), page: page.number });
    }
  }
  return { entries, lines };
}
