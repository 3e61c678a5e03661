/**
 * Layout: how a person reads the page, decided once for every later stage.
 * This module is the one owner of where the head ends, what a heading is and
 * what is page furniture; metadata and segment read its decisions and never
 * re-derive them.
 *
 * From the normalised pages (with their lines, position, font size and font,
 * when a PDF has them) it decides:
 * - page furniture (`furniture.ts`): running headers and footers, page numbers,
 *   signature furniture, repeated letterheads and address footers. They leave
 *   the reading text; running lines are kept apart, since they name the body
 *   and the date on every page;
 * - the reading text: lines top to bottom, left to right; a line indented from
 *   the left margin keeps two leading spaces (a sub-point, not a heading);
 *   words broken at line ends joined once the furniture between them is out;
 * - a table of contents (`toc.ts`): its entries kept apart, as the strongest
 *   evidence for item titles;
 * - cover-page form tables as label → value pairs (`form.ts`);
 * - attachments (bilagor) that follow the protocol (`geometry.ts`), and where
 *   the items end: an appeal instruction after the last one is the protocol's;
 * - the agenda-item headings (`headings.ts`, OCR confusions at headings
 *   tolerated there and only there) and so the protocol head: every line
 *   before the first heading.
 * Pure and linear in the number of lines.
 */
import type { Page, StageResult, Warning } from '../../../domain/schemas.js';
import { tidyText } from '../normalise.js';
import { isItemLabel } from '../structure.js';
import { findFields, type FormField } from './form.js';
import {
  BAND_TOP,
  hasGeometry,
  PAGE_NUMBER,
  pdfFurniture,
  type RunningLine,
  textFurniture,
  textRunning,
} from './furniture.js';
import {
  APPEAL_HEADING,
  bodySizeOf,
  pdfAttachments,
  readingText,
  type StyleHeading,
  styleHeadings,
  textAttachments,
  textHeadings,
} from './geometry.js';
import { findHeadings, type Heading, type ReadingLine, readOcrHeading } from './headings.js';
import { findToc, type TocEntry } from './toc.js';

export const VERSION = 'layout@19';

export type { FormField } from './form.js';
export type { RunningLine } from './furniture.js';
export type { StyleHeading } from './geometry.js';
export { type Heading, readOcrHeading, SEPARATOR, splitCaseNumber } from './headings.js';
export type { TocEntry } from './toc.js';

/** An attachment's first line, where it stands in the reading text. */
export interface Attachment extends StyleHeading {
  /** Index into the reading lines (all pages' lines joined); -1 when it fell out with the furniture. */
  readonly line: number;
}

/** A document attached after the protocol's last item: reading lines `line` (its heading) to `end`. */
export interface Appendix {
  readonly line: number;
  readonly end: number;
  readonly heading: string;
}

export interface Layout {
  /** The reading text per page, furniture and table of contents taken out: what metadata and segment read. */
  readonly pages: Page[];
  /** Running header and footer lines, every occurrence. */
  readonly running: readonly RunningLine[];
  /** How many pages carry a running header or footer. */
  readonly runningPages: number;
  readonly fields: readonly FormField[];
  readonly toc: readonly TocEntry[];
  /** The agenda-item headings, in order; `line` indexes the reading lines of `pages` joined. */
  readonly headings: readonly Heading[];
  /** How the headings were told: by their numbers, by their style (a larger font), or not at all. */
  readonly headingsBy: 'number' | 'style' | 'none';
  /** How many reading lines the protocol head takes: every line before the first heading (at most 150). */
  readonly headLines: number;
  /**
   * Where the last item's text ends: the reading line of an appeal instruction that follows the last
   * heading (boilerplate of the whole protocol, not the item's), else the number of reading lines.
   */
  readonly itemsEnd: number;
  /**
   * Documents attached after the last item (before `itemsEnd`), each from its start at the head of a
   * page to the next one's: a bilaga or appendix set on pages of its own. Which item each belongs to is
   * segment's to read from the items' words.
   */
  readonly appendices: readonly Appendix[];
  readonly attachments: readonly Attachment[];
}

/** Lines of a head without any heading, and the most a head can take. */
const HEAD_WITHOUT_HEADINGS = 80;
const HEAD_MAX = 150;

/** A PDF's pages in reading order, with what the geometry showed. */
function readPdf(pages: readonly Page[]) {
  const { furniture, running, runningPages } = pdfFurniture(pages);
  const toc = findToc(pages);
  const first = pages[0]!;
  // The first page keeps its own header: it names the body and the date.
  const keepFirst = (id: string) => {
    const [p, i] = id.split(':').map(Number);
    const line = first.lines?.[i!];
    return (
      p === first.number &&
      line?.y !== undefined &&
      line.y < (first.height ?? 842) * BAND_TOP &&
      !PAGE_NUMBER.test(line.text.trim())
    );
  };
  const drop = new Set([...furniture].filter((id) => !keepFirst(id)));
  const bodySize = bodySizeOf(pages) ?? Infinity;
  const reading = pages.map((page) => ({
    ...withoutLines(page),
    text: hasGeometry(page) ? readingText(page, drop, toc.lines, bodySize) : page.text,
  }));
  return {
    reading,
    running,
    runningPages,
    toc: toc.entries,
    fields: findFields(pages, furniture),
    styleHeadings: styleHeadings(pages, furniture),
    attachments: pdfAttachments(pages, furniture),
  };
}

/** Text pages (a .txt/.md file): the table of contents out of the text. */
function readText(pages: readonly Page[]) {
  const toc = findToc(pages);
  const reading = pages.map((page) => {
    const lines = page.text.split('\n');
    const kept = lines.filter((_, i) => !toc.lines.has(`${page.number}:${i}`));
    return { ...page, text: kept.length === lines.length ? page.text : kept.join('\n') };
  });
  return { reading, toc: toc.entries, attachments: textAttachments(reading) };
}

const withoutLines = ({ lines: _lines, height: _height, ...page }: Page): Page => page;

/** The stage: normalised (and redacted) pages in, the layout's decisions out. */
export function readLayout(input: readonly Page[]): StageResult<Layout> {
  const warnings: Warning[] = [];
  // On an OCR'd page a heading's misread "§" is read back first, so that no later step (the furniture's
  // repetition, which folds the digits of lines that are not headings) takes "KS 541" for a running header.
  const pages = input.map((page) =>
    page.ocr ? { ...page, text: page.text.split('\n').map(readOcrHeading).join('\n') } : page,
  );
  const geometry = pages.some(hasGeometry);
  let running: readonly RunningLine[];
  let runningPages: number;
  let reading: Page[];
  let toc: TocEntry[];
  let fields: FormField[] = [];
  let style: StyleHeading[] = [];
  let attachments: StyleHeading[];
  if (geometry) {
    const pdf = readPdf(pages);
    ({ running, runningPages, toc, fields, attachments } = pdf);
    style = pdf.styleHeadings;
    if (running.length > 0)
      warnings.push({
        code: 'running-header',
        message: `Sidhuvud/sidfot på ${runningPages} sidor lästes för sig och togs ur texten.`,
      });
    // A letterhead set in the page's body (not its bands) still repeats as text.
    const letterheads = textFurniture(pdf.reading);
    reading = letterheads.pages;
    if (letterheads.removed > 0)
      warnings.push({ code: 'letterhead-removed', message: `${letterheads.removed} rader sidhuvud/sidfot togs bort.` });
  } else {
    ({ running, runningPages } = textRunning(pages));
    const furniture = textFurniture(pages.map(withoutLines));
    if (furniture.removed > 0)
      warnings.push({ code: 'letterhead-removed', message: `${furniture.removed} rader sidhuvud/sidfot togs bort.` });
    ({ reading, toc, attachments } = readText(furniture.pages));
  }
  // Words broken at line ends are joined once the furniture between their halves is out.
  reading = reading.map((page) => ({ ...page, text: tidyText(page.text) }));
  // A text file has no style: its headings are told by their shape.
  if (!geometry) style = textHeadings(reading, isItemLabel);

  const lines: ReadingLine[] = reading.flatMap((p) =>
    p.text.split('\n').map((text) => (p.ocr ? { text, page: p.number, ocr: true } : { text, page: p.number })),
  );
  const placed: Attachment[] = attachments.map((a) => ({
    ...a,
    line: lines.findIndex((l) => l.page === a.page && l.text.trim() === a.text),
  }));
  const found = findHeadings(lines, {
    styleHeadings: style,
    attachmentStarts: placed.map((a) => a.line).filter((i) => i >= 0),
    toc,
  });
  warnings.push(...found.warnings);
  const first = found.headings[0];
  const last = found.headings[found.headings.length - 1];
  const appeal = last ? lines.findIndex((l, i) => i > last.line && APPEAL_HEADING.test(l.text.trim())) : -1;
  const itemsEnd = appeal >= 0 ? appeal : lines.length;
  // An attachment line at the head of its page after the last item starts an attached document; one
  // inside a page is the item's own list of its bilagor ("Bilaga  Preliminär resultaträkning …").
  const headsPage = (i: number) => {
    for (let k = i - 1; k >= 0; k--) if (lines[k]!.text.trim()) return lines[k]!.page !== lines[i]!.page;
    return true;
  };
  const starts = [...new Set(placed.map((a) => a.line))]
    .filter((i) => last !== undefined && i > last.line && i < itemsEnd && headsPage(i))
    .sort((a, b) => a - b);
  const appendices = starts.map((line, k) => ({
    line,
    end: starts[k + 1] ?? itemsEnd,
    heading: lines[line]!.text.trim(),
  }));
  return {
    value: {
      pages: reading,
      running,
      runningPages,
      fields,
      toc,
      headings: found.headings,
      headingsBy: found.by,
      headLines: first ? Math.min(first.line, HEAD_MAX) : Math.min(lines.length, HEAD_WITHOUT_HEADINGS),
      itemsEnd,
      appendices,
      attachments: placed,
    },
    warnings,
  };
}
