/**
 * Page furniture: what stands on a page but is not the protocol's text.
 *
 * - In a PDF (lines with geometry): lines in the top or bottom band of the page
 *   that recur across pages (digits folded, so "Sida 3" = "Sida 4" and
 *   "Protokoll | 12 § | 26.09.2022 | Sida 3" = "… 13 § …"), page numbers and
 *   signature furniture ("Justerandes sign", "Utdragsbestyrkande").
 * - In text (a .txt/.md file, an OCR'd page, and a PDF's reading text once its
 *   bands are out): running headers at the top or bottom of pages, page-number
 *   lines, letterhead blocks that repeat in the document (the first occurrence,
 *   the document's own header, stays), and address footers recognised by their
 *   shape (Postadress, Besöksadress, Box, org.nr …).
 * Running headers and footers are kept apart, not thrown away: they name the
 * body and the date on every page, which a garbled cover does not.
 */
import type { Page, PageLine } from '../../../domain/schemas.js';

export interface RunningLine {
  /** One occurrence's text, cells joined by " | ". */
  readonly text: string;
  readonly page: number;
  readonly top: boolean;
}

/** The top and bottom bands of a PDF page, as fractions of its height. */
export const BAND_TOP = 0.15;
export const BAND_BOTTOM = 0.88;

/** "Sida 3", "3 (12)", "1(12)", "- 3 -", "3/12", "3 av 12", "Page 3", a bare page number. */
export const PAGE_NUMBER =
  /^[-–\s]*(?:(?:sida|sid|page|s\.)\s*\d{1,4}(?:\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|\/\s*\d{1,4}))?|\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|\/\s*\d{1,4})?)[-–\s]*$/i;
/** Furniture of Swedish protocol pages wherever it repeats or not. */
export const SIGNATURE_FURNITURE =
  /^(?:justerandes?\s+sign(?:atur)?|justerare\s+sign|utdragsbestyrkande|ordförandes\s+sign)\b/i;

/**
 * A line's identity for repetition: case, spacing and digits folded, except on
 * a line that opens with an item number ("§ 41 Dnr SN 2010/100", "41 § Budget"):
 * headings near the top of consecutive pages differ only in their numbers.
 */
export const foldKey = (text: string) => {
  const k = text.replace(/\s+/g, ' ').trim().toLowerCase();
  return /^(?:\p{L}{1,8} )?§ ?\d|^\d{1,4} ?§/u.test(k) ? k : k.replace(/\d+/g, '#');
};

/**
 * Whether a band line (its key) is a running line (its key) with fields left out: in the same band,
 * at least two of its words, every one of them in the running line in the same order, one of them a
 * word of three letters or more and one a number (a date, a page): a title wrapped to the top of a
 * page ("Örebro län") shares words with a letterhead, not its fields.
 */
function fieldsOf(key: string, running: string): boolean {
  const [band, text] = [key.slice(0, 1), key.slice(2)];
  if (running.slice(0, 1) !== band || text === running.slice(2)) return false;
  const words = text.split(/[\s|]+/).filter(Boolean);
  const of = running
    .slice(2)
    .split(/[\s|]+/)
    .filter(Boolean);
  if (words.length < 2 || !words.some((w) => /\p{L}{3}/u.test(w)) || !words.some((w) => w.includes('#'))) return false;
  let at = 0;
  for (const w of words) {
    while (at < of.length && of[at] !== w) at++;
    if (at++ >= of.length) return false;
  }
  return true;
}

export const hasGeometry = (page: Page) => (page.lines ?? []).some((l) => l.y !== undefined);

interface Located {
  readonly page: Page;
  readonly line: PageLine;
  readonly index: number;
}

/** A PDF's running headers and footers by band and repetition; `furniture` holds `page:index` keys. */
export function pdfFurniture(pages: readonly Page[]): {
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
      if (PAGE_NUMBER.test(text) || SIGNATURE_FURNITURE.test(text)) furniture.add(`${page.number}:${index}`);
      const key = `${top ? 't' : 'b'}\n${foldKey(text)}`;
      const list = byKey.get(key) ?? [];
      list.push({ page, line, index });
      byKey.set(key, list);
    });
  }
  const needed = Math.max(2, Math.ceil(pages.length * 0.3));
  const pagesWithRunning = new Set<number>();
  const isRunning = (key: string, list: readonly Located[]) =>
    new Set(list.map((l) => l.page.number)).size >= needed && (key.match(/\p{L}/gu) ?? []).length >= 3;
  const runningKeys = [...byKey].filter(([key, list]) => isRunning(key, list)).map(([key]) => key);
  for (const [key, list] of byKey) {
    // The running header with a field left out, on a page that belongs to no item ("Protokoll | 15.09.2022 |
    // Sida" over the appeal instruction, where every other page has "Protokoll | 49 § | 15.09.2022 | Sida").
    if (!isRunning(key, list) && !runningKeys.some((r) => fieldsOf(key, r))) continue;
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
 * Running headers and footers of text paged by form feeds (a PDF converted to
 * text): the first and last three lines of each page that recur, digits
 * folded, on 30 % of the pages. Kept for the body and the date they carry;
 * {@link textFurniture} takes them out of the text.
 */
export function textRunning(pages: readonly Page[]): { running: RunningLine[]; runningPages: number } {
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

// --- Furniture in text: letterheads, running headers, page numbers and address footers.

/** A line's identity for repetition in text: case, spacing and digits folded ("Sida 2 (4)" = "Sida 3 (4)"). */
const textKey = (line: string) => {
  const k = line.replace(/\s+/g, ' ').trim().toLowerCase();
  // Agenda headings keep their digits: "§ 46 Dnr KS 2023/112" and "§ 47 Dnr KS 2023/140" differ.
  return /^(\p{L}{1,8}\s+)?§|^\d{1,3}[.)]?\s+\p{L}/u.test(k) ? k : k.replace(/\d+/g, '#');
};

/** Lines of an address footer: Postadress, Besöksadress, Box 1613, 701 16 Örebro, Tel, Org.nr … */
const FOOTER_ANCHOR = /^(postadress|besöksadress|post-? ?adress)\b/i;
const FOOTER_LINE =
  /^(postadress|besöksadress|telefon|tel\b|telefax|fax\b|org\.? ?nr|organisationsnummer|e-?post|internet|webb|hemsida|plusgiro|bankgiro|box \d)|\b\d{3} ?\d{2} [A-ZÅÄÖ][a-zåäö]+|@[a-z0-9-]+\.[a-z]{2,}|\bwww\.|\b0\d{1,3}-\d{2,3} ?\d{2} ?\d{2}\b|\b\d{6}-\d{4}\b/i;

/** Non-empty lines at the top of a document that count as its header. */
const HEADER_LINES = 30;
/** Non-empty lines from a page's top or bottom where running headers and footers sit. */
const EDGE = 10;
/** Non-empty lines above a letterhead's first copy on its page, at most (a page number, a running line). */
const PAGE_HEAD = 3;
/** Non-empty lines from a page's top and bottom examined for running headers and footers. */
const PAGE_EDGE = 4;
/**
 * Where a letterhead's own zone ends in text: the first line that opens like an
 * agenda item ("§ 1", "KS § 1", "1. …", "1 …"). Looser than a heading: it only
 * bounds the zone in which a letterhead's first copy may stand.
 */
const ITEM_LIKE = /^(§\s*\d|[a-zåäö]{1,8}\s+§\s*\d|\d{1,2}[.\s]\s*\S)/iu;

const letterWords = (line: string) => (line.match(/\p{L}+/gu) ?? []).length;

/** A line that reads as running prose rather than a letterhead field. */
const isProse = (line: string) => {
  const words = letterWords(line);
  return words >= 12 || (words >= 6 && /[.?!:]$/.test(line.trim()) && !FOOTER_LINE.test(line));
};

/** Marks address footer blocks that start at an anchor line (Postadress, Besöksadress). */
function markFooters(lines: readonly string[], drop: boolean[]): number {
  let removed = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!FOOTER_ANCHOR.test(lines[i]!.trim())) continue;
    let blanks = 0;
    for (let j = i; j < lines.length; j++) {
      const line = lines[j]!.trim();
      if (line === '') {
        if (++blanks > 1) break;
        continue;
      }
      if (j > i && isProse(line)) break;
      // After a blank line only further footer fields continue the block.
      if (blanks > 0 && !FOOTER_LINE.test(line)) break;
      blanks = 0;
      if (!drop[j]) removed++;
      drop[j] = true;
    }
  }
  return removed;
}

/**
 * Marks repeated letterhead blocks: runs of at least two consecutive non-empty
 * lines (blank lines between them ignored) that occur again later in the
 * document. Every occurrence but the first is dropped, together with adjacent
 * short lines that also stand in the document's first lines (a header whose
 * layout differs slightly between pages, e.g. two fields run together).
 */
function markRepeatedBlocks(lines: readonly string[], pageOf: readonly number[], drop: boolean[]): number {
  const idx: number[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== '') idx.push(i);
  });
  // A letterhead first appears at the top of the document or at a page edge;
  // text that repeats elsewhere ("Beslut: Nämnden beslutar att") is content.
  const multiPage = new Set(pageOf).size > 1;
  const firstItem = idx.findIndex((i) => ITEM_LIKE.test(lines[i]!.trim()));
  const nearPageEdge = (p: number) => {
    const page = pageOf[idx[p]!];
    let before = 0;
    for (let q = p - 1; q >= 0 && pageOf[idx[q]!] === page && before <= EDGE; q--) before++;
    let after = 0;
    for (let q = p + 1; q < idx.length && pageOf[idx[q]!] === page && after <= EDGE; q++) after++;
    return before < EDGE || after < EDGE;
  };
  // Above an agenda item's heading ("24 § Anhållan …" opens the page, "Tidigare behandling:" follows) is
  // the item's own text, not a letterhead.
  const headsPage = (p: number) => {
    const page = pageOf[idx[p]!];
    let before = 0;
    for (let q = p - 1; q >= 0 && pageOf[idx[q]!] === page && before <= PAGE_HEAD; q--) {
      if (drop[idx[q]!]) continue;
      if (ITEM_LIKE.test(lines[idx[q]!]!.trim())) return false;
      before++;
    }
    return before < PAGE_HEAD;
  };
  const keys = idx.map((i) => textKey(lines[i]!));
  const WINDOW = 2;
  const seen = new Map<string, number>();
  const repeatAt = new Set<number>();
  for (let p = 0; p + WINDOW <= keys.length; p++) {
    const shingle = keys.slice(p, p + WINDOW).join('\n');
    // Single short tokens ("Beslut:", "Diskussion:") repeat legitimately; require substance.
    if (shingle.length < 25) continue;
    const first = seen.get(shingle);
    if (first === undefined) {
      // In a one-page text a letterhead's first copy heads the document; in a PDF it may head any page
      // (it begins within the page's first lines). Text an item recites again from an earlier one
      // ("Personalsektionens beslut: Stadsdirektörens förslag godkändes.") stands lower on its page.
      if ((p < HEADER_LINES && (firstItem < 0 || p < firstItem)) || (multiPage && headsPage(p))) seen.set(shingle, p);
    }
    // In a PDF a letterhead recurs on another page, at its edge; lines repeated inside one
    // page's body (a list restated in the item's decision) are content.
    else if (p >= first + WINDOW && (!multiPage || (pageOf[idx[p]!] !== pageOf[idx[first]!] && nearPageEdge(p))))
      for (let k = 0; k < WINDOW; k++) repeatAt.add(p + k);
  }
  if (repeatAt.size === 0) return 0;
  // The document's own head: its first lines, up to the first agenda item.
  const headerZone = keys
    .slice(0, Math.min(HEADER_LINES, firstItem < 0 ? HEADER_LINES : firstItem))
    .filter((k) => k.length > 0);
  const inHeader = (k: string) => k.length > 0 && k.length <= 60 && headerZone.some((h) => h.includes(k));
  let removed = 0;
  // A sentence in a short repeated run ("Informationen läggs till handlingarna." above a
  // footer on two pages) is content that happens to repeat; longer runs are letterheads.
  const sorted = [...repeatAt].sort((a, b) => a - b);
  const runLength = (p: number) => {
    let lo = p;
    let hi = p;
    while (repeatAt.has(lo - 1)) lo--;
    while (repeatAt.has(hi + 1)) hi++;
    return hi - lo + 1;
  };
  const sentence = (p: number) =>
    /[.!?]$/.test(keys[p]!) && keys[p]!.split(' ').length >= 1 && !FOOTER_LINE.test(lines[idx[p]!]!);
  const positions = sorted.filter((p) => runLength(p) >= 3 || !sentence(p));
  for (const p of positions) {
    if (!drop[idx[p]!]) removed++;
    drop[idx[p]!] = true;
  }
  // Extend each dropped run over neighbouring header-like lines, also over a page break
  // when the letterhead was split by it (its last lines at the top of the next page).
  const lastOfPage = (q: number) => q + 1 >= keys.length || pageOf[idx[q + 1]!] !== pageOf[idx[q]!];
  for (const p of positions) {
    for (const step of [-1, 1]) {
      let q = p + step;
      const page = pageOf[idx[p]!];
      const crosses = step === 1 && lastOfPage(p);
      for (
        let n = 0;
        n < 4 &&
        q >= 0 &&
        q < keys.length &&
        (pageOf[idx[q]!] === page || crosses) &&
        !repeatAt.has(q) &&
        !drop[idx[q]!] &&
        inHeader(keys[q]!);
        n++
      ) {
        drop[idx[q]!] = true;
        removed++;
        q += step;
      }
    }
  }
  return removed;
}

/**
 * Marks running headers and footers of a multi-page text: lines at the top or
 * bottom of pages that recur (digits folded, so page numbers do not matter) on
 * at least half of the pages, and page-number lines. The header's first
 * occurrence at the top of the first page stays: it names the body and the date.
 */
function markPageEdges(lines: readonly string[], pageOf: readonly number[], drop: boolean[]): number {
  const byPage = new Map<number, number[]>();
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    const list = byPage.get(pageOf[i]!) ?? [];
    list.push(i);
    byPage.set(pageOf[i]!, list);
  });
  const pages = [...byPage.keys()];
  const edges = new Map<number, { at: number; top: boolean; offset: number }[]>();
  for (const page of pages) {
    const idx = byPage.get(page)!;
    const zone = new Map<number, { top: boolean; offset: number }>();
    for (const [k, i] of idx.slice(0, PAGE_EDGE).entries()) zone.set(i, { top: true, offset: k });
    idx.slice(-PAGE_EDGE).forEach((i, k, arr) => {
      if (!zone.has(i)) zone.set(i, { top: false, offset: arr.length - 1 - k });
    });
    edges.set(
      page,
      [...zone].map(([at, z]) => ({ at, ...z })),
    );
  }
  let removed = 0;
  const mark = (i: number) => {
    if (!drop[i]) removed++;
    drop[i] = true;
  };
  const isPageNumber = (line: string) => PAGE_NUMBER.test(line) && !/^\d{1,4}$/.test(line);
  for (const zone of edges.values()) for (const { at } of zone) if (isPageNumber(lines[at]!.trim())) mark(at);
  if (pages.length < 2) return removed;
  // Top and bottom are counted apart: a header recurs at the top, a footer at the bottom.
  // So are positions: a footer is the last line of every page, not any line near the bottom.
  const edgeKey = (at: number, top: boolean, offset: number) =>
    `${top ? 'top' : 'bottom'}${offset}\n${textKey(lines[at]!)}`;
  const pagesWith = new Map<string, Set<number>>();
  for (const [page, zone] of edges) {
    for (const { at, top, offset } of zone) {
      if ((textKey(lines[at]!).match(/\p{L}/gu) ?? []).length < 4) continue;
      const k = edgeKey(at, top, offset);
      const set = pagesWith.get(k) ?? new Set<number>();
      set.add(page);
      pagesWith.set(k, set);
    }
  }
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  const firstPage = pages[0]!;
  for (const [page, zone] of edges) {
    for (const { at, top, offset } of zone) {
      const count = pagesWith.get(edgeKey(at, top, offset))?.size ?? 0;
      // A sentence ("Informationen läggs till handlingarna.") ending two pages is chance, not a footer.
      if (count < needed || (/[.!?]$/.test(lines[at]!.trim()) && count < 3)) continue;
      if (page === firstPage && top) continue;
      mark(at);
    }
  }
  return removed;
}

/**
 * Takes the furniture out of text pages: running headers and footers, page
 * numbers, repeated letterheads and address footers. Returns the pages without
 * them and how many lines went.
 */
export function textFurniture(pages: readonly Page[]): { pages: Page[]; removed: number } {
  const lines: { page: number; text: string }[] = [];
  for (const page of pages) for (const text of page.text.split('\n')) lines.push({ page: page.number, text });
  const drop = new Array<boolean>(lines.length).fill(false);
  const texts = lines.map((l) => l.text);
  const pageOf = lines.map((l) => l.page);
  const removed =
    markPageEdges(texts, pageOf, drop) + markRepeatedBlocks(texts, pageOf, drop) + markFooters(texts, drop);
  if (removed === 0) return { pages: [...pages], removed };
  const kept = new Map<number, string[]>(pages.map((p) => [p.number, []]));
  lines.forEach((l, i) => {
    if (!drop[i]) kept.get(l.page)!.push(l.text);
  });
  return { pages: pages.map((page) => ({ ...page, text: kept.get(page.number)!.join('\n') })), removed };
}
