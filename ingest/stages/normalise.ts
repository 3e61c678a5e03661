/**
 * Normalise Swedish protocol text, page by page:
 * - Unicode NFC, one kind of line break and space;
 * - struck-through text (`<del>…</del>`, `~~…~~`) taken out of the text and
 *   returned on its own (a struck attendee was absent);
 * - page letterheads and footers removed: blocks of lines that repeat in the
 *   document (the first occurrence, the document's own header, is kept), and
 *   address footers recognised by their shape (Postadress, Besöksadress, Box,
 *   org.nr …), since other bodies use other letterheads;
 * - words broken at line ends joined ("Hed-\nkvist" → "Hedkvist") while real
 *   hyphens stay ("hälso- och sjukvård", "SIP-arbetet");
 * - markdown markup removed (headings, emphasis, links, tables rules, tags).
 */
import type { Page, StageResult, Warning } from '../../domain/schemas.js';

export const VERSION = 'normalise@4';

/** A struck-through span: text the author crossed out, kept only as a signal. */
export interface StruckSpan {
  readonly page: number;
  readonly text: string;
  /**
   * When the span's whole line was struck (a row of an attendance list:
   * "<del>Madelene Maxe</del>\t<del>Laxå</del>"), that line as it read before it
   * was struck ("Madelene Maxe\tLaxå"); set on the line's first span only.
   */
  readonly row?: string;
}

/**
 * Lines made only of struck spans, as they read unstruck. A line qualifies when
 * nothing but white space is left once its spans are removed (one linear pass;
 * the former single pattern, a repeated group of lazy spans, backtracked
 * exponentially in the number of spans on a line).
 */
function struckRows(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /<del>|<s>|<strike>|~~/i.test(line) && line.replace(STRUCK, '').trim() === '')
    .map((line) => stripMarkup(line.replace(/<\/?(?:del|s|strike)>|~~/gi, '')).trim())
    .filter(Boolean);
}

export interface NormalisedPages {
  readonly pages: Page[];
  readonly struck: StruckSpan[];
}

/**
 * A struck span. The inner text stops at the next opening or closing tag of its
 * kind, so an unclosed tag scans only to the next one, never to the end of the
 * text for every tag (linear in the text, however many spans).
 */
const STRUCK =
  /<del>((?:(?!<\/?del>)[\s\S])*)<\/del>|<s>((?:(?!<\/?s>)[\s\S])*)<\/s>|<strike>((?:(?!<\/?strike>)[\s\S])*)<\/strike>|~~([^~\n][^~]*)~~/gi;

/** Removes struck-through spans, returning the text without them and the spans. */
export function removeStruck(text: string): { text: string; struck: string[] } {
  const struck: string[] = [];
  const out = text.replace(STRUCK, (_m, a?: string, b?: string, c?: string, d?: string) => {
    const inner = (a ?? b ?? c ?? d ?? '').trim();
    if (inner) struck.push(inner);
    return '';
  });
  return { text: out, struck };
}

/** A line's identity for repetition: case, spacing and digits folded ("Sida 2 (4)" = "Sida 3 (4)"). */
const key = (line: string) => {
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
  const firstItem = idx.findIndex((i) => /^(§\s*\d|[a-zåäö]{1,8}\s+§\s*\d|\d{1,2}[.\s]\s*\S)/iu.test(lines[i]!.trim()));
  const nearPageEdge = (p: number) => {
    const page = pageOf[idx[p]!];
    let before = 0;
    for (let q = p - 1; q >= 0 && pageOf[idx[q]!] === page && before <= EDGE; q--) before++;
    let after = 0;
    for (let q = p + 1; q < idx.length && pageOf[idx[q]!] === page && after <= EDGE; q++) after++;
    return before < EDGE || after < EDGE;
  };
  const keys = idx.map((i) => key(lines[i]!));
  const WINDOW = 2;
  const seen = new Map<string, number>();
  const repeatAt = new Set<number>();
  for (let p = 0; p + WINDOW <= keys.length; p++) {
    const shingle = keys.slice(p, p + WINDOW).join('\n');
    // Single short tokens ("Beslut:", "Diskussion:") repeat legitimately; require substance.
    if (shingle.length < 25) continue;
    const first = seen.get(shingle);
    if (first === undefined) {
      // In a one-page text a letterhead's first copy heads the document; in a PDF it may head any page.
      if ((p < HEADER_LINES && (firstItem < 0 || p < firstItem)) || (multiPage && nearPageEdge(p)))
        seen.set(shingle, p);
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

/** Non-empty lines from a page's top and bottom examined for running headers and footers. */
const PAGE_EDGE = 4;
/** A page number line: "Sida 2 (12)", "2 (12)", "2 av 12", "2/12", "- 2 -", "Sida 2". */
const PAGE_NUMBER =
  /^[-–\s]*(?:(?:sida|sid|page|s\.)\s*\d{1,4}(?:\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|\/\s*\d{1,4}))?|\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|\/\s*\d{1,4}))[-–\s]*$/i;

/**
 * Marks running headers and footers of a multi-page document: lines at the top
 * or bottom of pages that recur (digits folded, so page numbers do not matter)
 * on at least half of the pages, and page-number lines. The header's first
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
  for (const zone of edges.values()) for (const { at } of zone) if (PAGE_NUMBER.test(lines[at]!.trim())) mark(at);
  if (pages.length < 2) return removed;
  // Top and bottom are counted apart: a header recurs at the top, a footer at the bottom.
  // So are positions: a footer is the last line of every page, not any line near the bottom.
  const edgeKey = (at: number, top: boolean, offset: number) =>
    `${top ? 'top' : 'bottom'}${offset}\n${key(lines[at]!)}`;
  const pagesWith = new Map<string, Set<number>>();
  for (const [page, zone] of edges) {
    for (const { at, top, offset } of zone) {
      if ((key(lines[at]!).match(/\p{L}/gu) ?? []).length < 4) continue;
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

const CONNECTOR = /^(och|eller|samt|till|som|respektive|resp\.|&|,)\s/;

/** Joins words broken at line ends, keeping real hyphens. */
export function joinHyphenation(text: string): string {
  // Starts at a word's first letter only: from every letter the greedy run backtracked over the rest of the word.
  return text.replace(
    /(?<!\p{L})(\p{L}+)-[ \t]*\n(?:[ \t]*\n)?[ \t]*(?=(\S+))/gu,
    (match, before: string, next: string) => {
      if (CONNECTOR.test(`${next} `) || /^[,;]/.test(next)) return `${before}- `;
      // "SIP-\narbetet", "Covid-\n19": the hyphen belongs to the word.
      if (/^\p{Lu}{2,}$/u.test(before) || /^\d/.test(next)) return `${before}-`;
      if (/^\p{Ll}/u.test(next)) return before;
      return match;
    },
  );
}

/** Removes markdown and HTML markup, keeping the words. */
export function stripMarkup(text: string): string {
  return (
    text
      .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
      .replace(/^[ \t]*[-=*_]{3,}[\t -]*$/gm, '')
      .replace(/^[ \t]*-{3,}(\t+-{3,})+[ \t]*$/gm, '')
      // Bounded to one line: an unclosed "](" or "<tag " scanned to the end of the text each time.
      .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
      .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1')
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
      .replace(/<\/?[a-z][a-z0-9]*(\s[^>\n]*)?\/?>/gi, '')
      .replace(/\*\*([^*\n]+?)\*\*/g, '$1')
      .replace(/\*\*/g, '')
      .replace(/(^|[\s(])\*([^*\n]+?)\*(?=[\s).,:;!?]|$)/gm, '$1$2')
      .replace(/(^|[\s(])__([^_\n]+?)__(?=[\s).,:;!?]|$)/gm, '$1$2')
      .replace(/(^|[\s(])_([^_\n]+?)_(?=[\s).,:;!?]|$)/gm, '$1$2')
      .replace(/\\([*_#[\]()\\`~-])/g, '$1')
  );
}

function tidyLines(text: string): string {
  return (
    text
      .split('\n')
      // Trailing space goes; leading space stays (an indented bullet is a sub-point, not an item).
      .map((l) => l.replace(/[ \t]+$/g, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
  );
}

/** The stage: pages in, normalised pages plus struck-through spans out. */
export function normalisePages(pages: readonly Page[]): StageResult<NormalisedPages> {
  const warnings: Warning[] = [];
  const struck: StruckSpan[] = [];
  const cleaned = pages.map((page) => {
    let text = page.text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u00ad/g, '');
    const rows = struckRows(text);
    const s = removeStruck(text);
    text = s.text;
    for (const t of s.struck) {
      // The first span of a struck row carries the row.
      const row = rows[0]?.startsWith(t) ? rows.shift() : undefined;
      struck.push(row === undefined ? { page: page.number, text: t } : { page: page.number, text: t, row });
    }
    return { number: page.number, text };
  });

  // Repetition is judged over the whole document, so cut it into lines with page marks.
  const lines: { page: number; text: string }[] = [];
  for (const page of cleaned) for (const text of page.text.split('\n')) lines.push({ page: page.number, text });
  const drop = new Array<boolean>(lines.length).fill(false);
  const plain = lines.map((l) => stripMarkup(l.text));
  const edges = markPageEdges(
    plain,
    lines.map((l) => l.page),
    drop,
  );
  const repeated =
    edges +
    markRepeatedBlocks(
      plain,
      lines.map((l) => l.page),
      drop,
    );
  const footers = markFooters(plain, drop);
  if (repeated + footers > 0) {
    warnings.push({ code: 'letterhead-removed', message: `${repeated + footers} rader sidhuvud/sidfot togs bort.` });
  }

  const out: Page[] = cleaned.map((page) => {
    const kept = lines
      .map((l, i) => ({ ...l, i }))
      .filter((l) => l.page === page.number && !drop[l.i])
      .map((l) => l.text)
      .join('\n');
    // Blank lines left where a letterhead stood must not keep "kärl-" from "sjukdomar".
    return {
      number: page.number,
      text: tidyLines(joinHyphenation(tidyLines(stripMarkup(kept)))).replace(/^\n+|\s+$/g, ''),
    };
  });
  return { value: { pages: out, struck }, warnings };
}
