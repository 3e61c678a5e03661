/**
 * Layout: how a person reads the page, decided once for every later stage.
 *
 * From the extracted lines (position, font size, font) and the normalised text:
 * - running headers and footers: lines in the top or bottom band of the page
 *   that recur across pages (digits folded, so "Sida 3" = "Sida 4" and
 *   "Protokoll | 12 § | 26.09.2022 | Sida 3" = "… 13 § …"), page numbers and
 *   signature furniture ("Justerandes sign", "Utdragsbestyrkande"). They are
 *   taken out of the reading text and kept apart: they name the body and the
 *   date on every page, which a garbled cover does not;
 * - the reading text: lines top to bottom, left to right; a line indented from
 *   the left margin keeps two leading spaces (a sub-point, not a heading);
 * - a table of contents (dot leaders, page numbers): its entries, kept apart
 *   from the text, are the strongest evidence for the item titles;
 * - cover-page form tables as label → value pairs ("Organ" → "Välfärdsnämnden");
 * - the protocol head (everything before the first agenda item) and the end of
 *   its label block;
 * - item headings told by style where a protocol numbers none (a larger font at
 *   the left margin);
 * - attachments (bilagor) that follow the protocol.
 * Pure and linear in the number of lines.
 */
import type { Page, PageLine, StageResult, Warning } from '../../domain/schemas.js';

export const VERSION = 'layout@1';

export interface FormField {
  /** The label as written, trimmed ("Sammanträdestid"). */
  readonly label: string;
  readonly value: string;
  readonly page: number;
}

export interface RunningLine {
  /** One occurrence's text, cells joined by " | ". */
  readonly text: string;
  readonly page: number;
  readonly top: boolean;
}

export interface TocEntry {
  /** The entry without leaders and page number ("39 § Sammanträdets laglighet och beslutförhet"). */
  readonly text: string;
  readonly page: number;
}

export interface StyleHeading {
  readonly page: number;
  readonly text: string;
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
  /** How many lines of the reading text (all pages joined) the protocol head takes: up to the first agenda item. */
  readonly headLines: number;
  /** Headings told by style, when the document has no numbered ones. */
  readonly styleHeadings: readonly StyleHeading[];
  readonly attachments: readonly StyleHeading[];
}

const BAND_TOP = 0.15;
const BAND_BOTTOM = 0.88;

/**
 * A line's identity for repetition: case, spacing and digits folded, except on
 * a line that opens with an item number ("§ 41 Dnr SN 2010/100", "41 § Budget"):
 * headings near the top of consecutive pages differ only in their numbers.
 */
const foldKey = (text: string) => {
  const k = text.replace(/\s+/g, ' ').trim().toLowerCase();
  return /^(?:\p{L}{1,8} )?§ ?\d|^\d{1,4} ?§/u.test(k) ? k : k.replace(/\d+/g, '#');
};

/** "Sida 3", "3 (12)", "1(12)", "- 3 -", "3/12", "3 av 12", "Page 3", a bare page number. */
const PAGE_NUMBER =
  /^[-–\s]*(?:(?:sida|sid|page|s\.)\s*\d{1,4}(?:\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|\/\s*\d{1,4}))?|\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|\/\s*\d{1,4})?)[-–\s]*$/i;
/** Furniture of Swedish protocol pages wherever it repeats or not. */
const FURNITURE = /^(?:justerandes?\s+sign(?:atur)?|justerare\s+sign|utdragsbestyrkande|ordförandes\s+sign)\b/i;

/** A table-of-contents entry: dot leaders (or a run of spaced dots) then, usually, a page number. */
const TOC_LINE = /^(.*?\S)\s*(?:\.{4,}|…{2,}|(?:\.\s){4,})[\s.…]*(\d{1,4})?\s*$/;

/** The first agenda item: "§ 12", "KS § 3", "12 §", "1§", "1. Title", "Punkt 1", "Ärende 1". */
const FIRST_ITEM =
  /^\s*(?:#+\s*)?(?:\*\*)?\s*(?:(?:\p{Lu}{1,8}\s+)?§\s*\d{1,4}(?![\d/-])(?:\s*[a-h])?\s*(?:$|\p{Lu}|dnr|\t)|\d{1,4}\s*§(?!§)\s*(?:$|\p{Lu}|\t)|(?:punkt|ärende)\s+1\b|1\.?\s+\p{Lu}|-\s+\p{Lu})/iu;

/** A form label: short, no digits, not a sentence ("Organ", "Plats och tid", "Nämnd/styrelse"). */
const LABEL = /^[\p{Lu}][\p{L}/ .,-]{1,40}:?$/u;

const hasGeometry = (page: Page) => (page.lines ?? []).some((l) => l.y !== undefined);

/** The head's title line and label block end: a line after which the agenda proper starts. */
export function headLabelEnd(lines: readonly string[], before: number): number {
  let end = 0;
  for (let i = 0; i < before; i++) {
    const t = lines[i]!.trim();
    if (
      /^(protokoll|mötesanteckningar|minnesanteckningar|anteckningar|sammanträdesprotokoll)\b/i.test(t) ||
      /^(sekreterare|justerare|deltog inte|kallade|närvarande|tid|plats|datum)\b.*:/i.test(t)
    )
      end = i + 1;
  }
  return end;
}

/** The protocol's head: everything before the first agenda item (at most 150 lines). */
export function protocolHead(lines: readonly string[]): string[] {
  const end = lines.findIndex((l) => FIRST_ITEM.test(l));
  return lines.slice(0, end < 0 ? Math.min(lines.length, 80) : Math.min(end, 150));
}

interface Located {
  readonly page: Page;
  readonly line: PageLine;
  readonly index: number;
}

/** Marks running headers and footers by band and repetition; returns the set of `page:index` keys. */
function findFurniture(pages: readonly Page[]): {
  furniture: Set<string>;
  running: RunningLine[];
  runningPages: number;
} {
  const furniture = new Set<string>();
  const running: RunningLine[] = [];
  const byKey = new Map<string, Located[]>();
  for (const page of pages) {
    const height = page.height ?? 842;
    (page.lines ?? []).forEach((line, index) => {
      if (line.y === undefined) return;
      const top = line.y < height * BAND_TOP;
      const bottom = line.y > height * BAND_BOTTOM;
      if (!top && !bottom) return;
      const text = line.text.trim();
      if (PAGE_NUMBER.test(text) || FURNITURE.test(text)) furniture.add(`${page.number}:${index}`);
      const key = `${top ? 't' : 'b'}\n${foldKey(text)}`;
      const list = byKey.get(key) ?? [];
      list.push({ page, line, index });
      byKey.set(key, list);
    });
  }
  const needed = Math.max(2, Math.ceil(pages.length * 0.3));
  const pagesWithRunning = new Set<number>();
  for (const [key, list] of byKey) {
    const onPages = new Set(list.map((l) => l.page.number));
    if (onPages.size < needed || (key.match(/\p{L}/gu) ?? []).length < 3) continue;
    for (const l of list) {
      furniture.add(`${l.page.number}:${l.index}`);
      pagesWithRunning.add(l.page.number);
      running.push({
        text: (l.line.cells ?? [l.line.text]).join(' | '),
        page: l.page.number,
        top: key.startsWith('t'),
      });
    }
  }
  return { furniture, running, runningPages: pagesWithRunning.size };
}

/**
 * Running headers and footers of a text file paged by form feeds (a PDF
 * converted to text): the first and last three lines of each page that recur,
 * digits folded, on 30 % of the pages. Normalise takes them out of the text;
 * they are kept here for the body and the date they carry.
 */
function textRunning(pages: readonly Page[]): { running: RunningLine[]; runningPages: number } {
  if (pages.length < 2) return { running: [], runningPages: 0 };
  const byKey = new Map<string, RunningLine[]>();
  for (const page of pages) {
    const lines = page.text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const edge = [
      ...lines.slice(0, 3).map((text) => ({ text, top: true })),
      ...lines
        .slice(3)
        .slice(-3)
        .map((text) => ({ text, top: false })),
    ];
    for (const { text, top } of edge) {
      const key = `${top ? 't' : 'b'}\n${foldKey(text)}`;
      const list = byKey.get(key) ?? [];
      if (!list.some((l) => l.page === page.number))
        list.push({ text: text.split(/\t+/).join(' | '), page: page.number, top });
      byKey.set(key, list);
    }
  }
  const needed = Math.max(2, Math.ceil(pages.length * 0.3));
  const running: RunningLine[] = [];
  const onPages = new Set<number>();
  for (const [key, list] of byKey) {
    if (list.length < needed || (key.match(/\p{L}/gu) ?? []).length < 3) continue;
    for (const l of list) {
      running.push(l);
      onPages.add(l.page);
    }
  }
  return { running, runningPages: onPages.size };
}

/**
 * A page's left margin: the smallest x that at least two lines of its body (the
 * bands of running headers and footers left out) start at. Per page, since an
 * attachment or a table of contents is set further out than the protocol.
 */
function leftMargin(page: Page, furniture: ReadonlySet<string>): number {
  const counts = new Map<number, number>();
  let anywhere = Infinity;
  const height = page.height ?? 842;
  (page.lines ?? []).forEach((line, index) => {
    if (line.x === undefined || line.y === undefined || furniture.has(`${page.number}:${index}`)) return;
    anywhere = Math.min(anywhere, Math.round(line.x));
    // A signature stamp or page furniture in the margins does not set the text's margin.
    if (line.y < height * BAND_TOP || line.y > height * BAND_BOTTOM) return;
    const x = Math.round(line.x);
    counts.set(x, (counts.get(x) ?? 0) + 1);
  });
  let margin = Infinity;
  for (const [x, n] of counts) if (n >= 2 && x < margin) margin = x;
  // A page with little text (the last lines of a protocol): its leftmost line.
  if (!Number.isFinite(margin)) margin = anywhere;
  return Number.isFinite(margin) ? margin : 0;
}

/** The font size that sets most of the text: the body text's. */
function bodySizeOf(pages: readonly Page[]): number | null {
  const chars = new Map<string, number>();
  for (const page of pages)
    for (const line of page.lines ?? []) {
      if (line.size === undefined) continue;
      const key = `${line.size}`;
      chars.set(key, (chars.get(key) ?? 0) + line.text.length);
    }
  let best: string | null = null;
  for (const [k, n] of chars) if (best === null || n > chars.get(best)!) best = k;
  return best === null ? null : Number(best);
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Headings told by style alone: short lines at the left margin set larger than
 * the body text, in a style that recurs (a document title stands once).
 */
function findStyleHeadings(pages: readonly Page[], furniture: ReadonlySet<string>): StyleHeading[] {
  const bodySize = bodySizeOf(pages);
  if (bodySize === null) return [];
  const byStyle = new Map<string, StyleHeading[]>();
  for (const page of pages) {
    const margin = leftMargin(page, furniture);
    (page.lines ?? []).forEach((line, index) => {
      if (line.size === undefined || line.x === undefined || furniture.has(`${page.number}:${index}`)) return;
      const text = line.text.trim();
      if (line.size < bodySize + 1 || Math.abs(line.x - margin) > 3) return;
      if (words(text) > 12 || /[.,;:]$/.test(text) || !/^\p{Lu}/u.test(text)) return;
      const key = `${line.font ?? ''}@${line.size}`;
      const list = byStyle.get(key) ?? [];
      list.push({ page: page.number, text });
      byStyle.set(key, list);
    });
  }
  let best: StyleHeading[] = [];
  for (const list of byStyle.values()) if (list.length >= 3 && list.length > best.length) best = list;
  return best;
}

const ATTACHMENT =
  /^(?:[A-Z]\s+)?(?:appendix|bilaga|bilagor|bil\.)(?=\s|$)|^anvisning\s+för\s+begäran\s+om\s+omprövning/i;

/** Reading text of one page from its lines: furniture out, indented lines marked, paragraph gaps kept. */
function readingText(
  page: Page,
  furniture: ReadonlySet<string>,
  tocLines: ReadonlySet<string>,
  bodySize: number,
): string {
  const out: string[] = [];
  const margin = leftMargin(page, furniture);
  let prev: PageLine | null = null;
  (page.lines ?? []).forEach((line, index) => {
    const id = `${page.number}:${index}`;
    if (furniture.has(id) || tocLines.has(id)) return;
    const size = line.size ?? 10;
    const gap = prev?.y !== undefined && line.y !== undefined ? line.y - prev.y : 0;
    // A heading set larger than the body text and wrapped onto a second line is one heading.
    if (
      prev &&
      out.length > 0 &&
      size >= bodySize + 1 &&
      prev.size === size &&
      prev.font === line.font &&
      gap > 0 &&
      gap < size * 1.5 &&
      /^\p{Ll}/u.test(line.text)
    ) {
      const last = out[out.length - 1]!;
      out[out.length - 1] = /\p{L}-$/u.test(last) ? `${last.slice(0, -1)}${line.text}` : `${last} ${line.text}`;
      prev = line;
      return;
    }
    if (gap > Math.max(prev?.size ?? 10, size) * 1.9) out.push('');
    const indented = line.x !== undefined && line.x > margin + Math.max(24, size * 2.5);
    out.push(`${indented ? '  ' : ''}${line.text}`);
    prev = line;
  });
  return out.join('\n');
}

/** A table-of-contents row set as cells: an item heading, its title, and the page number in a cell of its own. */
const TOC_HEAD = /^(?:\p{Lu}{1,8}\s+)?§\s*\d|^\d{1,4}\s*§|^\d{1,3}\.?(?:\s|$)/u;
const TOC_TITLE =
  /^(?:innehåll|innehållsförteckning|ärendeförteckning|ärendelista|ärenden|föredragningslista|dagordning)(?:\s|\t|$)/i;
const isTocRow = (cells: readonly string[]) =>
  cells.length >= 2 && /^\d{1,4}$/.test(cells[cells.length - 1]!) && TOC_HEAD.test(cells[0]!);

/**
 * Table-of-contents lines: dot-leader lines (two or more on a page), or rows
 * of an item number, title and page number in cells (three or more), and the
 * lines between the first and last of them on that page.
 */
function findToc(pages: readonly Page[]): { entries: TocEntry[]; lines: Set<string> } {
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

/** Label → value pairs of form tables: two-cell rows whose first cell reads as a label. */
function findFields(pages: readonly Page[], furniture: ReadonlySet<string> = new Set()): FormField[] {
  const fields: FormField[] = [];
  for (const page of pages.slice(0, 3)) {
    for (const [index, line] of (page.lines ?? []).entries()) {
      if (furniture.has(`${page.number}:${index}`) || FURNITURE.test(line.text.trim())) continue;
      const cells =
        line.cells ??
        line.text
          .split('\t')
          .map((c) => c.trim())
          .filter(Boolean);
      if (cells.length >= 2 && LABEL.test(cells[0]!) && words(cells[0]!) <= 4) {
        fields.push({ label: cells[0]!.replace(/:$/, ''), value: cells.slice(1).join(' | '), page: page.number });
        continue;
      }
      const m = line.text.trim().match(/^([\p{Lu}][\p{L}/ ]{1,30}):\s+(\S.*)$/u);
      if (m && words(m[1]!) <= 4) fields.push({ label: m[1]!, value: m[2]!.trim(), page: page.number });
    }
  }
  return fields;
}

/** The first pass of the layout stage, which normalise then reads: a PDF's pages in reading order. */
export interface Reading {
  /** Pages to normalise: a PDF's rebuilt from its lines, furniture and table of contents out; a text file's as they are. */
  readonly pages: Page[];
  readonly geometry: boolean;
  readonly furniture: ReadonlySet<string>;
  readonly running: RunningLine[];
  readonly runningPages: number;
  readonly toc: { entries: TocEntry[]; lines: Set<string> };
}

/**
 * Reading order, before normalise: for a PDF, each page's lines top to bottom
 * with running headers, footers and the table of contents taken out (the first
 * page keeps its own header: it names the body and the date). A text file's
 * pages pass unchanged.
 */
export function readingOrder(raw: readonly Page[]): Reading {
  const geometry = raw.some(hasGeometry);
  if (!geometry)
    return {
      pages: [...raw],
      geometry,
      furniture: new Set(),
      ...textRunning(raw),
      toc: { entries: [], lines: new Set() },
    };
  const { furniture, running, runningPages } = findFurniture(raw);
  const toc = findToc(raw);
  const first = raw[0]!;
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
  const bodySize = bodySizeOf(raw) ?? Infinity;
  const pages = raw.map((page) => ({
    number: page.number,
    text: hasGeometry(page) ? readingText(page, drop, toc.lines, bodySize) : page.text,
  }));
  return { pages, geometry, furniture, running, runningPages, toc };
}

/**
 * The stage. `raw` are the extracted pages (with lines), `normalised` the
 * normalised pages of `reading` (its first pass): what metadata and segment read.
 */
export function readLayout(
  raw: readonly Page[],
  normalised: readonly Page[],
  reading: Reading = readingOrder(raw),
): StageResult<Layout> {
  const warnings: Warning[] = [];
  if (reading.geometry) {
    const { running, runningPages, furniture } = reading;
    if (running.length > 0)
      warnings.push({
        code: 'running-header',
        message: `Sidhuvud/sidfot på ${runningPages} sidor lästes för sig och togs ur texten.`,
      });
    const styleHeadings = findStyleHeadings(raw, furniture);
    return {
      value: build(
        [...normalised],
        running,
        runningPages,
        findFields(raw, furniture),
        reading.toc.entries,
        styleHeadings,
        attachmentsOf(raw, furniture),
      ),
      warnings,
    };
  }
  const toc = findToc(normalised);
  const pages = normalised.map((page) => {
    const lines = page.text.split('\n');
    const kept = lines.filter((_, i) => !toc.lines.has(`${page.number}:${i}`));
    return kept.length === lines.length ? page : { number: page.number, text: kept.join('\n') };
  });
  const attachments = pages.flatMap((page) =>
    page.text
      .split('\n')
      .filter((l) => /^\S/.test(l) && ATTACHMENT.test(l.trim()) && words(l) <= 14)
      .map((l) => ({ page: page.number, text: l.trim() })),
  );
  return {
    value: build(pages, reading.running, reading.runningPages, findFields(pages), toc.entries, [], attachments),
    warnings,
  };
}

function attachmentsOf(pages: readonly Page[], furniture: ReadonlySet<string>): StyleHeading[] {
  const out: StyleHeading[] = [];
  for (const page of pages) {
    const margin = leftMargin(page, furniture);
    for (const line of page.lines ?? []) {
      if (line.x !== undefined && Math.abs(line.x - margin) > 3) continue;
      if (ATTACHMENT.test(line.text.trim()) && words(line.text) <= 14)
        out.push({ page: page.number, text: line.text.trim() });
    }
  }
  return out;
}

function build(
  pages: Page[],
  running: RunningLine[],
  runningPages: number,
  fields: FormField[],
  toc: TocEntry[],
  styleHeadings: StyleHeading[],
  attachments: StyleHeading[],
): Layout {
  const lines = pages.flatMap((p) => p.text.split('\n'));
  return {
    pages,
    running,
    runningPages,
    fields,
    toc,
    headLines: protocolHead(lines).length,
    styleHeadings,
    attachments,
  };
}
