/**
 * Normalise Swedish protocol text, character by character and line by line;
 * where lines stand on the page, and which are furniture, is the layout
 * stage's to decide:
 * - Unicode NFC, ligatures (ﬁ, ﬂ …) spelled out, one kind of line break and
 *   space, soft hyphens out;
 * - struck-through text (`<del>…</del>`, `~~…~~`) taken out of the text and
 *   returned on its own (a struck attendee was absent);
 * - markdown markup removed (headings, emphasis, links, tables rules, tags);
 * - the rule for words broken at line ends ("Hed-\nkvist" → "Hedkvist", while
 *   "hälso- och sjukvård" and "SIP-arbetet" keep their hyphens), which the
 *   layout stage applies once the furniture between a word's halves is out.
 * A PDF page's lines (and their cells) are normalised the same way, so the
 * layout reads clean text with its geometry.
 */
import type { Page, PageLine, StageResult } from '../../domain/schemas.js';

export const VERSION = 'normalise@5';

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

/** Characters of one line or page: NFC, ligatures, line breaks, spaces, soft hyphens. */
export function normaliseChars(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/\u00ad/g, '')
    .replace(/[\ufb00-\ufb06]/g, (c) => LIGATURES[c] ?? c);
}

const LIGATURES: Record<string, string> = {
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': 'st',
  '\ufb06': 'st',
};

/**
 * Reading text made tidy once its lines are in place: words broken at line
 * ends joined, trailing space and runs of blank lines gone. Blank lines left
 * where a letterhead stood must not keep "kärl-" from "sjukdomar".
 */
export function tidyText(text: string): string {
  return tidyLines(joinHyphenation(tidyLines(text))).replace(/^\n+|\s+$/g, '');
}

const normaliseLine = (line: PageLine): PageLine => {
  const text = stripMarkup(normaliseChars(line.text)).replace(/[ \t]+$/, '');
  if (!line.cells) return { ...line, text };
  const cells = line.cells.map((c) => stripMarkup(normaliseChars(c)).trim());
  return { ...line, text, cells };
};

/**
 * The stage: pages in, normalised pages plus struck-through spans out. A page
 * keeps its lines only when they carry geometry (a PDF's): the lines of a text
 * file are its text, split.
 */
export function normalisePages(pages: readonly Page[]): StageResult<NormalisedPages> {
  const struck: StruckSpan[] = [];
  const out = pages.map((page): Page => {
    const chars = normaliseChars(page.text);
    const rows = struckRows(chars);
    const s = removeStruck(chars);
    for (const t of s.struck) {
      // The first span of a struck row carries the row.
      const row = rows[0]?.startsWith(t) ? rows.shift() : undefined;
      struck.push(row === undefined ? { page: page.number, text: t } : { page: page.number, text: t, row });
    }
    const { lines, ...rest } = page;
    const text = stripMarkup(s.text);
    const geometry = (lines ?? []).some((l) => l.y !== undefined);
    return geometry ? { ...rest, text, lines: lines!.map(normaliseLine) } : { ...rest, text };
  });
  return { value: { pages: out, struck }, warnings: [] };
}
