/**
 * What a PDF page's geometry says: its left margin, the body text's font size,
 * the reading text rebuilt from its lines (furniture out, indented lines
 * marked, paragraph gaps kept), headings told by style and attachment starts.
 */
import type { Page, PageLine } from '../../../domain/schemas.js';
import { SWEDISH_MONTHS } from '../../../domain/dates.js';
import { BAND_BOTTOM, BAND_TOP } from './furniture.js';

/** A heading set in a recurring larger style, as it reads on its page. */
export interface StyleHeading {
  readonly page: number;
  readonly text: string;
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * A page's left margin: the smallest x that at least two lines of its body (the
 * bands of running headers and footers left out) start at. Per page, since an
 * attachment or a table of contents is set further out than the protocol.
 */
export function leftMargin(page: Page, furniture: ReadonlySet<string>): number {
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
export function bodySizeOf(pages: readonly Page[]): number | null {
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

/** Reading text of one page from its lines: furniture out, indented lines marked, paragraph gaps kept. */
export function readingText(
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

/**
 * Headings told by style alone: short lines at the left margin set larger than
 * the body text, in a style that recurs (a document title stands once).
 */
export function styleHeadings(pages: readonly Page[], furniture: ReadonlySet<string>): StyleHeading[] {
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

/**
 * The heading of an appeal instruction (besvärsanvisning, överklagandehänvisning), alone on its line:
 * the boilerplate a municipal protocol ends with, which says how any of its decisions may be
 * appealed. It belongs to no agenda item.
 */
export const APPEAL_HEADING =
  /^(?:anvisning\s+för\s+begäran\s+om\s+omprövning(?:\s+och\s+besvär)?|besvärsanvisning(?:ar)?|besvärshänvisning|överklagandehänvisning|hur\s+(?:man|du)\s+överklagar(?:\s+(?:ett\s+)?beslut(?:et)?)?)\s*:?$/i;

const BILAGA = /^(?:[A-Z]\s+)?(?:appendix|bilaga|bilagor|bil\.)(?=\s|$)/i;

/** The start of an attachment that follows the protocol: a bilaga or appendix, or the appeal instruction. */
const startsAttachment = (line: string) => BILAGA.test(line) || APPEAL_HEADING.test(line);

/** Attachment starts of a PDF: attachment lines at the page's left margin. */
export function pdfAttachments(pages: readonly Page[], furniture: ReadonlySet<string>): StyleHeading[] {
  const out: StyleHeading[] = [];
  for (const page of pages) {
    const margin = leftMargin(page, furniture);
    for (const line of page.lines ?? []) {
      if (line.x !== undefined && Math.abs(line.x - margin) > 3) continue;
      if (startsAttachment(line.text.trim()) && words(line.text) <= 14)
        out.push({ page: page.number, text: line.text.trim() });
    }
  }
  return out;
}

/** Attachment starts of text pages: attachment lines that are not indented. */
export function textAttachments(pages: readonly Page[]): StyleHeading[] {
  return pages.flatMap((page) =>
    page.text
      .split('\n')
      .filter((l) => /^\S/.test(l) && startsAttachment(l.trim()) && words(l) <= 14)
      .map((l) => ({ page: page.number, text: l.trim() })),
  );
}

/** A line of a protocol's head: its title ("Mötesprotokoll …") or a field's label alone ("Tid", "Närvarande"). */
const HEAD_LINE =
  /(?:^|\s)\p{L}*protokoll(?!\p{L})|^(?:minnesanteckningar|mötesanteckningar|anteckningar|kallelse|föredragningslista)(?!\p{L})|^(?:tid och plats|plats och tid)(?!\s+för\s)|^(?:tid|plats|datum|mötesdatum|sammanträdesdatum|närvarande|närvarande ledamöter|frånvarande|ej närvarande|anmält förhinder|förhinder|deltagare|beslutande|ledamöter|ersättare|övriga närvarande|ordförande|sekreterare|protokollförare|justerare|justerat|justeras|underskrifter)$/iu;

const DAY_OF_MONTH = new RegExp(String.raw`(?<!\d)\d{1,2}\s+(?:${SWEDISH_MONTHS.join('|')})(?!\p{L})`, 'giu');

/**
 * A line that tells what someone did, the minutes' sentences without their full stop ("Johanna Carlsson
 * föredrog ärendet", "Chefsgruppen beslutade att …", "Hanna lyfter också …"), or asks: no heading.
 */
const TOLD =
  /\s(?:föredr(?:og|ar)|informer(?:ade|ar)|redogjorde|redogör|berätta(?:de|r)|presenter(?:ade|ar)|lyft(?:e|er)|beslut(?:ade|ar)|diskuter(?:ade|ar)|tipsa(?:de|r)|konstater(?:ade|ar)|framför(?:de)?|påpeka(?:de|r)|meddela(?:de|r))(?!\p{L})|\?$/u;

/**
 * Headings of text pages told by their shape, used as a PDF's style headings are when nothing is
 * numbered (minnesanteckningar written as a .txt or .md file, "## " taken off by normalise): a line at
 * the margin after a blank line, a capital first and no punctuation last, at most ten words and no
 * colon, no number but a year, followed by a paragraph. The head's title and its field labels are told
 * by HEAD_LINE (and its fields by the colons of the block below them), a signature by the paragraph it
 * lacks, an item's own labels ("Beslut", "Bakgrund") by `isItemLabel`. Two at least.
 */
export function textHeadings(pages: readonly Page[], isItemLabel: (line: string) => boolean): StyleHeading[] {
  const lines = pages.flatMap((page) => page.text.split('\n').map((text) => ({ page: page.number, text })));
  const blank = (i: number) => i < 0 || i >= lines.length || lines[i]!.text.trim() === '';
  const out: StyleHeading[] = [];
  lines.forEach(({ page, text }, i) => {
    const t = text.trim();
    if (!t || !blank(i - 1) || /^\s/.test(text) || t.length > 80 || words(t) > 10) return;
    if (/[.,;:]$/.test(t) || t.includes(':') || !/^\p{Lu}/u.test(t) || HEAD_LINE.test(t) || TOLD.test(t)) return;
    // A number other than a year or a day of a named month ("Uppföljningsdag 17 december 2021") is a page, a
    // paragraph range or a numeric date: a title's, a running header's ("Kommunala pensionärsrådet 10 april (10)").
    if (/\d/.test(t.replace(DAY_OF_MONTH, '').replace(/(?<!\d)(?:19|20)\d{2}(?!\d)/g, ''))) return;
    if (isItemLabel(t) || startsAttachment(t) || !paragraphAfter(lines, blank(i + 1) ? i + 2 : i + 1, isItemLabel))
      return;
    out.push({ page, text: t });
  });
  return out.length >= 2 ? out : [];
}

/**
 * The block from line `from` to the next blank line is a paragraph: a sentence of two words or more
 * ends on one of its lines ("• Mötet öppnades.") or two points are listed, and no line is a field of a head ("Datum: 2023-05-12", "Närvarande: …").
 */
function paragraphAfter(
  lines: readonly { text: string }[],
  from: number,
  isItemLabel: (line: string) => boolean,
): boolean {
  let sentence = false;
  let listed = 0;
  for (let j = from; j < lines.length && lines[j]!.text.trim() !== ''; j++) {
    const t = lines[j]!.text.trim();
    if (/^\p{L}[\p{L} ]{0,30}:\s*\S/u.test(t) && !isItemLabel(t)) return false;
    if (/[.!?]$/.test(t) && (t.match(/\p{L}+/gu)?.length ?? 0) >= 2) sentence = true;
    if (/^[-–•*]\s+\S/u.test(t)) listed++;
  }
  // A list of points is a paragraph too ("Mötestider 2023" over "- 5 februari kl 9-12", "- 21 maj kl 13-16").
  return sentence || listed >= 2;
}
