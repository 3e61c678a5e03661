/**
 * Agenda-item headings: the one grammar of what opens an item, and the choice
 * of the lines that do.
 *
 * Shapes: "7. Title", "12 Title" (no dot), "§ 12 Title", "KS § 3 a", "§3a",
 * "12 §", "1§", "Punkt 3", "Ärende 4", unnumbered (bulleted) first items, and
 * headings told only by style. The key signal is that agenda numbers go up by
 * one (small gaps allowed): a list that restarts at 1 inside an item, dates
 * ("17 mars"), cited paragraphs of other bodies ("KU § 317 06-12-05"), the
 * item number repeated atop its next page and the § numbers of an attached
 * document are not headings.
 *
 * OCR confusions at headings are tolerated here and nowhere else: on a page
 * read by OCR, "§" read as "$", "S", "8" or "5" and "l"/"I"/"|" for 1 or "O"
 * for 0 in the number next to it are read back ("KS$1" → "KS § 1"). Where the
 * number comes first and the sign is glued to it ("1§", read "18", "1 $",
 * "35", "4 &", "9:$", "458"), the line has several readings (item 18, or
 * 1 §; 45 § or 4 §) and the sequence of the document's headings chooses one.
 */
import type { Warning } from '../../../domain/schemas.js';
import { swedishDictionary } from '../../../domain/swedish/dictionary.js';
import { findCaseNumbers } from '../../../domain/case-numbers.js';

/** One line of the reading text, all pages joined. */
export interface ReadingLine {
  readonly text: string;
  readonly page: number;
  /** The line was read by OCR (its page had no text layer). */
  readonly ocr?: boolean;
}

export type HeadingStyle = 'numbered' | 'paragraph' | 'unmarked';

/** A line that opens an agenda item. */
export interface Heading {
  /** Index of the heading's line in the reading text (all pages' lines joined). */
  readonly line: number;
  readonly page: number;
  /** Sequence value used for ordering (the number, or the § number). */
  readonly seq: number;
  /** As written, normalised: "7", "3 a", "§ 12", "KS § 3 a", "12 §"; "1", "2" … for unnumbered first items. */
  readonly number: string;
  /** The rest of the heading line after the number (the title, perhaps followed by text). */
  readonly rest: string;
  readonly style: HeadingStyle;
  /** A diarienummer written on the heading line ("§ 46 Dnr KS 2023/112"): kept in the item's text. */
  readonly dnr?: string;
  /** The rest of the table-of-contents entry with this number, when the document has one. */
  readonly tocTitle?: string;
}

const MONTHS =
  /^(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b/i;

/** "7. Title", "12 Title", "3 a. Title"; not "17 mars", "09.30", "2024 års". */
const NUMBERED = /^(\d{1,3})(?:\s?([a-h])(?=[\s.)]))?(?:[.)](?!\d)\s*|\s+)(\S.*)$/;
/** "12 § Title", "1§ Title": the number before the sign (Finland-Swedish meeting systems). */
const NUMBER_SIGN = /^(?<n>\d{1,4})\s*§(?!§)(?:\s?(?<letter>[a-h])(?![\p{L}]))?\s*[.:]?\s*(?<rest>.*)$/u;
/**
 * "§ 12 Title", "KS § 3 a Title", "§12.", and the body's abbreviation in other shapes: "Ks § 45", "Sn § 49",
 * "KS AU § 145"; not a reference that opens a line ("Se § 4 …", "Enl § 5 …").
 */
const PARAGRAPH =
  /^(?:(?!(?:Se|Enl|Jfr|Och|Att|Den|Det|Med|För|Till|Från|Vid|Om|Av|På|Enligt|Ang)\s)((?:\p{Lu}{1,8}|\p{Lu}\p{Ll}{1,3})(?:\s+(?:\p{Lu}{1,8}|\p{Lu}\p{Ll}{1,3}))?)\s+)?§\s*(\d{1,4})(?:\s?([a-h])(?![\p{L}]))?\s*[.:]?\s*(.*)$/u;
/**
 * The meeting year after the paragraph number, then a title: "§ 63/20 Fastställande av dagordning", as
 * some kommuner number every paragraph (Nynäshamn). Without a title after it, "KS § 12/2023" is a citation.
 */
const YEAR_NUMBERED = /^\/(\d{2}|\d{4})\s+(?=[\p{Lu}"”«])/u;
/**
 * Dynasty's older heading: the body's code and the meeting's date and time after the number, the title on the
 * next line or after them: "§ 4, STST 2015-01-22 16:00" (Jakobstad), "§ 45, KST 2011-03-07 18:00" (Vörå).
 */
const CODE_AND_DATE = /^,\s*\p{Lu}{2,10}\s+\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}[:.]\d{2})?(?:\s+|$)/u;
/** A citation of another body's paragraph: "KU § 317 06-12-05", "KS § 12/2023". */
const CITATION_TAIL = /^(\d{2,4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{2}|\/\d{2,4}|,?\s*\d{4}-\d{2}-\d{2})/i;
/**
 * A case number (diarienummer) on a heading line: "Dnr KS 2023/112", "Diarienummer: SN 2023.45", "KS 2023/112".
 * The series is written in capitals: "Idrottsprogram för Nynäshamns kommun 2021-2024" ends in a title's words.
 */
const DNR =
  /(?:^|\s+)((?:[Dd]nr|DNR|[Dd]iarienr|[Dd]iarienummer|DIARIENUMMER|[Dd]iarie-nr)\.?\s*:?\s*\S.*|(?:[DdOo0][AaNn][RrTt]\.?\s+)?[A-ZÅÄÖ]{1,6}\s+\d{2,4}[/.:-]\d{1,5}(?:[./-]\d+)*)\s*$/;
/**
 * A heading line's text split from its case number: "Budget 2024 Dnr KS 2023/112" → title "Budget 2024";
 * "Dnr SN 2021/14 Budgetuppföljning februari" → title "Budgetuppföljning februari" (the number first, as
 * some registries print it). A labelled number is read to its end (domain/case-numbers.ts), so what follows
 * it in capitals is the title, not more of the number.
 */
export function splitCaseNumber(text: string): { rest: string; dnr?: string } {
  const dnr = text.match(DNR);
  if (!dnr) return { rest: text };
  // "Ansökan om bidrag, dnr 2023-00412": the comma before the number belongs to neither.
  const before = text
    .slice(0, dnr.index)
    .trim()
    .replace(/\s*[,;]$/, '');
  const written = dnr[1]!.trim();
  if (!before) {
    const first = findCaseNumbers(written).find((m) => m.labelled && m.index === 0);
    const after = first ? written.slice(first.end).replace(/^[\s,;:–-]+/, '') : '';
    if (first && /^[\p{Lu}"”«]/u.test(after)) return { rest: after, dnr: written.slice(0, first.end).trim() };
  }
  return { rest: before, dnr: written };
}

/** "Punkt 3. Title", "Punkt 3: Title", "P. 3 Title": the word is not part of the number. */
const POINT_WORD = /^(?:punkt|ärende|p\.)\s*(?=\d)/i;
/** " – " between a title and a presenter or a first clause. */
export const SEPARATOR = /\s+[–-]\s+/;

/** l, I and | read for 1, O for 0, S for 5, in a number next to a § sign. */
const fixDigits = (token: string) => token.replace(/[lI|]/g, '1').replace(/O/g, '0').replace(/S/g, '5');
const OCR_NUMBER = String.raw`(\d[\dlI|OS]{0,3}|[lI|][\dlIO|]{0,2}\d[\dlIO|]{0,1}|[lI|])`;
/** "$ 12", "KS$1", "$l2", "§ l2", "§ 1O": the sign read as "$" (or right), the number perhaps with letters for digits. */
const OCR_DOLLAR = new RegExp(String.raw`^(\p{Lu}{1,8})?\s*[$§]\s*${OCR_NUMBER}(?=$|[\s.:]|[a-h](?!\p{L}))`, 'u');
/** "KS S 1", "KS 8 12", "KSS1", "KS5 3": after a short capital prefix, "S", "8" or "5" read for "§". */
const OCR_PREFIXED = new RegExp(String.raw`^(\p{Lu}{1,8})\s*[S85]\s*${OCR_NUMBER}(?=$|\s|[.:])`, 'u');
/** "S 12 Budget", "8 12 Budget", "5 12 Budget": a line opening with the sign misread, its number, then a title. */
const OCR_BARE = new RegExp(String.raw`^[S85]\s+${OCR_NUMBER}(?=\s+[\p{Lu}"”«]|\s*$)`, 'u');
/** A digit that may be the sign and a lone character that may be it too: "5 5 Budget", "8 S Budget". */
const SIGN_THEN_LONE_SIGN = /^[85]\s+[85S](?=\s)/u;
/** "12 $ Budget", "4 & Val", "9:$ Övriga": the number before a sign read as "$" or "&". */
const OCR_NUMBER_DOLLAR = new RegExp(String.raw`^${OCR_NUMBER}\s*[:.]?\s*[$&](?![\d$&])`, 'u');

/**
 * A line of an OCR'd page with the confusions at a heading read back:
 * "KS$1 Budget" → "KS § 1 Budget", "S 12 Motion" → "§ 12 Motion", "l2 $ Val" → "12 § Val".
 * Only at the start of a line; other lines are returned as they are.
 */
export function readOcrHeading(line: string): string {
  const lead = /^\s*/.exec(line)![0];
  const t = line.slice(lead.length);
  const sign = (prefix: string | undefined, n: string, rest: string) =>
    `${lead}${prefix ? `${prefix} ` : ''}§ ${fixDigits(n)}${rest}`;
  let m = OCR_DOLLAR.exec(t);
  if (m) return sign(m[1], m[2]!, t.slice(m[0].length));
  m = OCR_PREFIXED.exec(t);
  if (m?.[1]) return sign(m[1], m[2]!, t.slice(m[0].length));
  m = OCR_BARE.exec(t);
  // "5 5 Budget", "8 S Budget": sign-first ("§ 5") or number-first ("8 §"); the sequence decides (ocrCandidate).
  if (m && !SIGN_THEN_LONE_SIGN.test(t)) return sign(undefined, m[1]!, t.slice(m[0].length));
  m = OCR_NUMBER_DOLLAR.exec(t);
  if (m) return `${lead}${fixDigits(m[1]!)} §${t.slice(m[0].length)}`;
  return line;
}

type Reading = Omit<Heading, 'page' | 'tocTitle'>;
type Candidate = Reading & {
  /** Read only by guessing at a misread sign: a heading only where the sequence runs through it. */
  readonly guessed?: boolean;
  /** Other readings of an OCR'd heading's number (the misread sign may have eaten a digit or left one): the sequence decides. */
  readonly otherwise?: readonly Reading[];
};

/**
 * On an OCR'd page "§" can come out as two characters ("KS 8544" for "KS § 44"),
 * so a number read after a misread sign may carry one of them as its first digit.
 * The other reading (that digit dropped) is kept for the sequence to decide.
 */
function prefixAlternative(c: Reading): Reading | null {
  if (c.style !== 'paragraph' || /§$/.test(c.number)) return null;
  const digits = String(c.seq);
  if (digits.length < 2 || !/^[58]/.test(digits)) return null;
  const seq = Number(digits.slice(1));
  return { ...c, seq, number: c.number.replace(digits, String(seq)) };
}

/** What "§" comes out as in Tesseract's reading of a scan, glued to the number or apart. */
const SIGN_READ = /^[8S59sg$&§]{1,2}$/u;

/**
 * The number-first readings of an OCR'd line whose "N §" sign was misread:
 * glued ("18 Title" → 1 §, "458 Title" → 45 § or 4 §, "3$:" → 3 §), apart
 * ("7 5 Title", "4 & Title" → 7 §, 4 §), after a colon or dot ("9:$", "13.5"), or lost
 * ("1 Title" → 1 §, kept only where the § sequence runs through it). A dash
 * the tab after the sign became ("28 — Val av …") is dropped.
 */
function numberFirstReadings(text: string, line: number): Reading[] {
  const t = text.trim();
  const [first = '', second = ''] = t.split(/\s+/, 2);
  const token = first.replace(/[.:]+$/, '');
  const splits: { n: string; after: string }[] = [];
  const restAfter = (word: string) => t.slice(t.indexOf(word) + word.length);
  for (const k of [1, 2]) {
    const n = token.slice(0, -k);
    if (/^[1-9]\d{0,2}$/.test(n) && SIGN_READ.test(token.slice(-k))) splits.push({ n, after: restAfter(first) });
  }
  const colon = /^([1-9]\d{0,2})[:.][8S59sg$&§]$/u.exec(token);
  if (colon) splits.push({ n: colon[1]!, after: restAfter(first) });
  if (/^[1-9]\d{0,2}$/.test(token)) {
    if (/^[.:]?[8S59sg$&§][.:]?$/u.test(second))
      splits.push({ n: token, after: t.slice(t.indexOf(second, first.length) + second.length) });
    // The sign lost altogether ("1 Title"), but not a numbered list's "1." or "1)".
    else if (first === token) splits.push({ n: token, after: restAfter(first) });
  }
  const out: Reading[] = [];
  for (const { n, after } of splits) {
    // "pPersonalenkät", "presentation av …": a stray letter before the title, its capital read small.
    const rest = after
      .replace(/^\s*[.:]?\s*(?:[—–-]\s+)?/, '')
      .replace(/^\p{Ll}(?=\p{Lu}\p{Ll})/u, '')
      .replace(/^\p{Ll}/u, (c) => c.toLocaleUpperCase('sv'));
    const h = parseHeading(`${n} § ${rest}`, line);
    if (h && !out.some((o) => o.seq === h.seq)) out.push(h);
  }
  return out;
}

/** An OCR'd line's heading readings: the line as read first, then the others the misread sign allows. */
function ocrCandidate(text: string, line: number, read: Candidate | null): Candidate | null {
  const t = text.trim();
  const signFirst = SIGN_THEN_LONE_SIGN.test(t) ? parseHeading(t.replace(/^[85]/, '§'), line) : null;
  // "812 Budget" for "§12 Budget": the sign read as a digit glued to the number.
  const gluedSign = /^[85S$][1-9]\d{0,2}\s+\p{Lu}/u.test(t) ? parseHeading(`§ ${t.slice(1)}`, line) : null;
  // "l. Mötets öppnande", "1O Budget", "S. Rapport": "l", "I", "|" read for 1, "O" for 0, "S" for 5.
  const digitsRead = /^[\dlI|OS]{1,3}(?=[.)\s])/.exec(t)?.[0];
  const numbered =
    digitsRead && /\D/.test(digitsRead) && /^[1-9lI|S]/.test(digitsRead)
      ? parseHeading(fixDigits(digitsRead) + t.slice(digitsRead.length), line)
      : null;
  // "É 6. Tema", "« 3 § Budget": a speck or a bullet read as a character before the number.
  const stray = /^(?:[^\p{L}\p{N}§\s]|\p{L}(?=\s+\d{1,3}[.)]\s))\s+(?=\d)/u.exec(t);
  const unstrayed = stray ? parseHeading(t.slice(stray[0].length), line) : null;
  const others = [
    ...(read ? [prefixAlternative(read)] : []),
    signFirst,
    gluedSign,
    numbered,
    unstrayed,
    ...(read?.style === 'paragraph' && /§$/.test(read.number) ? [] : numberFirstReadings(text, line)),
  ].filter((r): r is Reading => r !== null && !(read && r.seq === read.seq && r.number === read.number));
  const [primary, ...rest] = read ? [read, ...others] : others;
  if (!primary) return null;
  return { ...primary, ...(read ? {} : { guessed: true }), ...(rest.length > 0 ? { otherwise: rest } : {}) };
}

/** Reads one line as a numbered or § heading, or null. */
export function parseHeading(text: string, line: number): Candidate | null {
  const t = text.trim().replace(/\t+/g, ' ');
  const ns = NUMBER_SIGN.exec(t)?.groups;
  if (ns) {
    let rest = (ns.rest ?? '').trim();
    if (CITATION_TAIL.test(rest)) return null;
    const { rest: title, dnr } = splitCaseNumber(rest);
    rest = title;
    if (rest && !/^\p{Lu}/u.test(rest)) return null;
    const number = `${ns.n}${ns.letter ? ` ${ns.letter}` : ''} §`;
    return { line, seq: Number(ns.n), number, rest, style: 'paragraph', ...(dnr ? { dnr } : {}) };
  }
  const p = t.match(PARAGRAPH);
  if (p) {
    let rest = (p[4] ?? '').trim();
    const year = YEAR_NUMBERED.exec(rest);
    const coded = CODE_AND_DATE.exec(rest);
    if (year) rest = rest.slice(year[0].length);
    else if (coded) rest = rest.slice(coded[0].length);
    else if (CITATION_TAIL.test(rest)) return null;
    // "§ 46 Dnr KS 2023/112": the case number is not the title (the title follows on the next line, or after it).
    const { rest: title, dnr } = splitCaseNumber(rest);
    rest = title;
    if (rest && !/^\p{Lu}/u.test(rest)) return null;
    const number = `${p[1] ? `${p[1]} ` : ''}§ ${p[2]}${p[3] ? ` ${p[3]}` : ''}${year ? `/${year[1]}` : ''}`;
    return { line, seq: Number(p[2]), number, rest, style: 'paragraph', ...(dnr ? { dnr } : {}) };
  }
  // After the word, a colon may follow the number: "Punkt 1: Mötets öppnande" (a bare "1: …" is no heading).
  const worded = POINT_WORD.test(t);
  const m = (worded ? t.replace(POINT_WORD, '').replace(/^(\d{1,3})\s*:\s+/, '$1 ') : t).match(NUMBERED);
  if (!m) return null;
  const rest = m[3]!.trim();
  if (!/^[\p{Lu}"”«]/u.test(rest)) return null;
  if (MONTHS.test(rest)) return null;
  return { line, seq: Number(m[1]), number: m[2] ? `${m[1]} ${m[2]}` : m[1]!, rest, style: 'numbered' };
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** The letter of "3 a", "KS § 3 a", "3 a §"; empty without one. */
const letterOf = (number: string) => /\d\s?([a-h])\b/.exec(number)?.[1] ?? '';

/** How much a line reads like an agenda heading rather than a list entry. */
const headingLike = (rest: string) => words(rest) <= 16 && !/[.;]$/.test(rest.trim());

/**
 * Picks the agenda headings out of all numbered lines: numbers must rise by
 * one (gaps up to 5 for strong headings); a restart at 1 inside an item opens
 * a nested list whose consecutive numbers stay inside the item.
 */
function selectHeadings(
  lines: readonly ReadingLine[],
  candidates: readonly Candidate[],
  attachmentStarts: readonly number[],
): Reading[] {
  const chosen: Reading[] = [];
  // After an attachment (bilaga, stadgar) opens, only the protocol's next number continues it:
  // the attached document's own § or numbered headings do not.
  const attachmentBetween = (a: number, b: number) => attachmentStarts.some((i) => i > a && i < b);
  let nested: { value: number; line: number } | null = null;
  const nonEmptyBetween = (a: number, b: number) => {
    let n = 0;
    for (let i = a + 1; i < b; i++) if (lines[i]!.text.trim()) n++;
    return n;
  };
  // An OCR'd heading read several ways: the reading the sequence continues (the last chosen, or the next
  // candidates), in the form the document writes its numbers ("12 §" or "§ 12"). A reading other than the
  // line as read must look like a heading (short, no full stop).
  const options = (c: Candidate): readonly Reading[] => [
    ...(c.guessed ? [] : [c]),
    ...[...(c.guessed ? [c] : []), ...(c.otherwise ?? [])].filter((o) => headingLike(o.rest)),
  ];
  const form = (r: Reading) => `${r.style}${/§$/.test(r.number) ? ' n§' : ''}`;
  // The next headings continue a reading: one of them is its next number, or the one after (a heading OCR lost).
  const continued = (k: number, r: Reading, sameForm = false) =>
    candidates
      .slice(k + 1, k + 4)
      .some((n) =>
        options(n).some(
          (o) => o.style === r.style && o.seq > r.seq && o.seq <= r.seq + 2 && (!sameForm || form(o) === form(r)),
        ),
      );
  const runsOn = (k: number, c: Reading) =>
    [1, 2].every((d) => {
      const n = candidates[k + d];
      return n !== undefined && n.style === c.style && n.seq === c.seq + d && headingLike(n.rest);
    });
  const choose = (k: number, read: Candidate, last: Reading | undefined): Reading | null => {
    const all = options(read);
    if (last) {
      // The next number: in the document's form, or the line as read ("§ 12" after "11 §" is no OCR guess).
      const next = all.filter(
        (o) =>
          o.style === last.style && o.seq === last.seq + 1 && (form(o) === form(last) || (o === read && !read.guessed)),
      );
      const pick = next.find((o) => form(o) === form(last)) ?? next[0];
      // A guess gives way to the same number read plainly a few lines on ("25 Styrelsen …" before "2 § Val …").
      const plainLater = (o: Reading) =>
        candidates
          .slice(k + 1, k + 4)
          .some((n) => !n.guessed && n.seq === o.seq && n.style === o.style && form(n) === form(o));
      if (pick && (pick === read && !read.guessed ? true : !plainLater(pick))) return pick;
      if (pick) return null;
      if (!read.guessed && read.style === last.style) return read;
      // A heading OCR lost before this one: a reading a few numbers on that the next headings continue.
      const skip = all.find(
        (o) =>
          o.style === last.style &&
          form(o) === form(last) &&
          o.seq > last.seq &&
          o.seq - last.seq <= 5 &&
          continued(k, o, true),
      );
      return skip ?? (read.guessed ? null : read);
    }
    return all.find((o) => continued(k, o, true)) ?? all.find((o) => continued(k, o)) ?? (read.guessed ? null : read);
  };
  for (const [k, read] of candidates.entries()) {
    const last = chosen[chosen.length - 1];
    const chosenReading = choose(k, read, last);
    if (!chosenReading) continue;
    const { otherwise: _otherwise, guessed: _guessed, ...c } = chosenReading as Candidate;
    if (!last) {
      // The first item: "1." or "§ n", or a later number after unnumbered first items.
      if (
        c.style === 'paragraph' ||
        c.seq === 1 ||
        (c.seq <= 5 && headingLike(c.rest)) ||
        // A later meeting's numbers without their sign ("68 Fastställande av dagordning", "69 …"):
        // the two next headings must continue them.
        (headingLike(c.rest) && runsOn(k, c))
      )
        chosen.push(c);
      continue;
    }
    if (c.style !== last.style) continue;
    const sameSeqLetter = c.seq === last.seq && /\s[a-h]$/.test(c.number) && c.number !== last.number;
    const gap = c.seq - last.seq;
    const continuesNested = nested !== null && c.seq === nested.value + 1 && nonEmptyBetween(nested.line, c.line) <= 3;
    if (continuesNested) {
      nested = { value: c.seq, line: c.line };
      continue;
    }
    // "14§ Lägesrapport …" followed by a stray "14 §", or "§ 41 Budget" and then "KS § 41" atop the
    // item's next page (a running header): the same heading again, whatever its prefix.
    if (c.seq === last.seq && letterOf(c.number) === letterOf(last.number)) continue;
    const strict = attachmentBetween(last.line, c.line);
    if (sameSeqLetter || gap === 1 || (!strict && gap > 1 && gap <= 5 && headingLike(c.rest))) {
      chosen.push(c);
      nested = null;
    } else if (
      c.seq === 1 &&
      form(c) === form(last) &&
      !strict &&
      runsOn(k, c) &&
      meetingClosed(last) &&
      lines.slice(last.line + 1, c.line).some((l) => MEETING_HEAD.test(l.text.trim()))
    ) {
      // A second meeting in the same document (the board's constituent meeting after the annual one): the
      // first closed, a head names the next ("Protokoll fört vid konstituerande styrelsemöte"), its numbers
      // start again at 1 in the same form and run on, and no attachment (the statutes' agenda of an annual
      // meeting) stands between.
      chosen.push(c);
      nested = null;
    } else if (c.seq === 1 || (nested === null && c.seq <= last.seq)) {
      nested = { value: c.seq, line: c.line };
    }
  }
  return chosen;
}

/** A line that opens a meeting's minutes: "Protokoll …", "Konstituerande styrelsemöte", "Extra årsmöte 2024". */
const MEETING_HEAD =
  /^(?!(?:nästa|kommande|föregående|förra|tidigare)\s)(?:[\p{L}-]+\s+){0,2}?(?:protokoll\p{L}*|minnesanteckningar|konstituerande|\p{L}*möte|\p{L}*sammanträde|\p{L}*stämma)(?![\p{L}])/iu;

/** The item that closes a meeting: "Mötets avslutande", "Avslutning", "Årsmötets avslutande". */
const meetingClosed = (h: Reading) =>
  /^(?:(?:mötets|sammanträdets|årsmötets|stämmans|föreningsstämmans)\s+)?(?:avslutande|avslutning|avslut)\b/iu.test(
    h.rest.trim(),
  );

/** The first word of a heading whose number OCR garbled, ending in what the sign came out as: "158", "4A4$". */
const GARBLED_NUMBER = /^(?<token>\d[\p{L}\d$&§]{1,4})(?<=[8S59sg$&§])\s+(?:[—–-]\s+)?(?<rest>\p{Lu}.*)$/u;

/**
 * Between two OCR'd headings a number apart ("10 §" … "12 §"), the one titled
 * heading-like line whose number OCR garbled beyond any reading ("158 Val av
 * protokolljusterare" for "11§", "4A4$ Rekrytering" for "44§") is the heading
 * of the number between: it opens with the number's first digit and ends in
 * what the sign came out as.
 */
function fillOcrGaps(lines: readonly ReadingLine[], chosen: readonly Reading[]) {
  const out: Reading[] = [];
  for (const [k, h] of chosen.entries()) {
    const prev = chosen[k - 1];
    if (prev && h.seq === prev.seq + 2 && lines[prev.line]!.ocr && lines[h.line]!.ocr && !letterOf(h.number)) {
      const seq = prev.seq + 1;
      const between: Reading[] = [];
      for (let i = prev.line + 1; i < h.line; i++) {
        const g = GARBLED_NUMBER.exec(lines[i]!.text.trim())?.groups;
        // All digits ("158" for "11§"), it has one more than the number: the sign read as a digit; a year or a count does not.
        const shape = /\D/.test(g?.token ?? '') || g?.token?.length === String(seq).length + 1;
        if (!g || !lines[i]!.ocr || !shape || g.token![0] !== String(seq)[0] || !headingLike(g.rest!)) continue;
        const read = parseHeading(`${seq} § ${g.rest}`, i);
        if (read) between.push(read);
      }
      if (between.length === 1)
        out.push({ ...between[0]!, style: h.style, number: prev.number.replace(String(prev.seq), String(seq)) });
    }
    out.push(h);
  }
  return out;
}

/**
 * A bare "§ 4" whose next line holds no word is no heading: a column of a voting or attendance
 * table ("Närvaro", "§ 4", "§", "§", "Tjg …"), where a heading's title would stand.
 */
function dropUntitledBare(lines: readonly ReadingLine[], candidates: readonly Candidate[]): Candidate[] {
  return candidates.filter((c) => {
    if (c.rest || c.dnr) return true;
    for (let i = c.line + 1; i < lines.length; i++) {
      const next = lines[i]!.text.trim();
      if (next) return /\p{L}{2,}/u.test(next);
    }
    return false;
  });
}

/**
 * A bare "KS § 42" line (no title) followed within a few lines by a heading of
 * the same number that has one: the running header of the page the item starts
 * on, read as text (an OCR'd page has no geometry to tell its bands).
 */
function dropRepeatedBare(lines: readonly ReadingLine[], candidates: readonly Candidate[]): Candidate[] {
  return candidates.filter((c, k) => {
    if (c.rest || c.dnr) return true;
    const next = candidates[k + 1];
    if (!next || next.seq !== c.seq || !next.rest) return true;
    let between = 0;
    for (let i = c.line + 1; i < next.line; i++) if (lines[i]!.text.trim()) between++;
    return between > 3;
  });
}

/** A heading's title compared with another's: lower case, spaces and punctuation folded, its first 24 characters. */
const titleKey = (rest: string) =>
  rest
    .toLocaleLowerCase('sv')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 24);

/**
 * A list of the items before the items themselves ("Innehållsförteckning", "Ärendelista" or the agenda
 * recited at the start, without the page numbers or dot leaders findToc reads): three or more headings on
 * consecutive lines, numbers rising (a wrapped title may take one line between), most of which stand again
 * later in the document with the same number and title. Those later ones are the items; the list's lines
 * are not headings. An agenda with no items after it (a kallelse) keeps its list: nothing repeats it.
 */
function dropContentsList(lines: readonly ReadingLine[], candidates: readonly Candidate[]): Candidate[] {
  const dropped = new Set<number>();
  const linesBetween = (a: number, b: number) => {
    let n = 0;
    for (let i = a + 1; i < b; i++) if (lines[i]!.text.trim()) n++;
    return n;
  };
  // Where each number and title stands last: one pass, so a list of thousands of lines stays linear.
  const keyOf = (c: Candidate) => `${c.seq}|${titleKey(c.rest)}`;
  const lastAt = new Map<string, number>();
  candidates.forEach((c, k) => {
    if (c.rest !== '') lastAt.set(keyOf(c), k);
  });
  const repeatedLater = (c: Candidate, from: number) => c.rest !== '' && (lastAt.get(keyOf(c)) ?? -1) >= from;
  for (let start = 0; start < candidates.length; ) {
    let end = start + 1;
    // A run rises: the list's last entry and the first item after it ("§ 66 …", "§ 63 …") are two runs.
    while (
      end < candidates.length &&
      candidates[end]!.seq > candidates[end - 1]!.seq &&
      linesBetween(candidates[end - 1]!.line, candidates[end]!.line) <= 1
    )
      end++;
    const run = candidates.slice(start, end);
    if (run.length >= 3 && run.filter((c) => repeatedLater(c, end)).length * 3 >= run.length * 2)
      for (let k = start; k < end; k++) dropped.add(k);
    start = end;
  }
  return dropped.size === 0 ? [...candidates] : candidates.filter((_, k) => !dropped.has(k));
}

/** The head's title line and label block end: a line after which the agenda proper starts. */
export function headLabelEnd(lines: readonly string[], before: number): number {
  let end = 0;
  for (let i = 0; i < before; i++) {
    const t = lines[i]!.trim();
    if (
      /^(protokoll|mötesanteckningar|minnesanteckningar|anteckningar|sammanträdesprotokoll|föredragningslista|kallelse)\b/i.test(
        t,
      ) ||
      /^(sekreterare|justerare|deltog inte|kallade|närvarande|tid|plats|datum)\b.*:/i.test(t) ||
      // The kommun head's labels, written without a colon: "Sammanträdesdatum 2019-02-18", "Beslutande …".
      /^(sammanträdesdatum|mötesdatum|plats och tid|tid och plats|beslutande|övriga (?:närvarande|deltagande|deltagare)|utses att justera|justeringens|paragrafer|underskrifter)\b/i.test(
        t,
      )
    )
      end = i + 1;
    // A list's label alone on its line ("Närvarande", "Deltagare"): the list below it, to a blank line, is the head's.
    else if (
      /^(?:(?:övriga|beslutande|ej\s+tjänstgörande|tjänstgörande)\s+)?(?:närvarande|deltagare|frånvarande|ledamöter|ersättare|kallade|tjänstepersoner|förhinder)(?:\s+(?:ledamöter|ersättare))?\s*:?$/iu.test(
        t,
      )
    ) {
      let j = i + 1;
      while (j < before && lines[j]!.trim()) j++;
      end = j;
      i = j - 1;
    }
  }
  return end;
}

/**
 * On OCR'd pages whose headings share a prefix ("KS § 41", "KS § 42" …), a line
 * that opens with that prefix and a number whose first digit may be the sign
 * read as a digit ("KS 445 Dnr …" for "KS § 45") is read as a heading of the
 * rest of the number; the sequence decides whether it is one.
 */
function ocrPrefixReader(
  lines: readonly ReadingLine[],
  parsed: readonly (Candidate | null)[],
): (text: string, line: number) => Candidate | null {
  const counts = new Map<string, number>();
  parsed.forEach((c, i) => {
    const prefix = c && lines[i]!.ocr ? /^(\p{Lu}{1,8}) §/u.exec(c.number)?.[1] : undefined;
    if (prefix) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  });
  const prefixes = [...counts].filter(([, n]) => n >= 2).map(([p]) => p);
  if (prefixes.length === 0) return () => null;
  const re = new RegExp(String.raw`^\s*(${prefixes.join('|')})\s*\d(\d{1,3})(?![\d/.:,-])\s*(.*)$`, 'u');
  return (text, line) => {
    const m = re.exec(text);
    return m ? parseHeading(`${m[1]} § ${Number(m[2])} ${m[3]}`, line) : null;
  };
}

/** Unnumbered first items before the first numbered one ("- Föregående protokoll", or bare lines in a PDF). */
function unnumberedFirstItems(lines: readonly ReadingLine[], first: Candidate, warnings: Warning[]): Candidate[] {
  const missing = first.style === 'numbered' ? first.seq - 1 : 0;
  if (missing <= 0) return [];
  const start = headLabelEnd(
    lines.map((l) => l.text),
    first.line,
  );
  const region: number[] = [];
  for (let i = start; i < first.line; i++) if (lines[i]!.text.trim()) region.push(i);
  if (region.length === 0) return [];
  const bullets = region.filter((i) => /^[-•*]\s+\p{Lu}/u.test(lines[i]!.text));
  let picked: number[];
  if (bullets.length >= missing) picked = bullets.slice(0, missing);
  else {
    // No bullets left (a PDF drops them): the first line opens item 1; further items start
    // where a heading-like line opens the longest stretch of text.
    picked = [region[0]!];
    const candidates = region.slice(1).filter((i, _k, arr) => {
      const prev = lines[region[region.indexOf(i) - 1] ?? i]!.text.trim();
      return (
        /^\p{Lu}/u.test(lines[i]!.text.trim()) &&
        /[.:!?]$|^[^.]{0,60}$/.test(prev) &&
        SEPARATOR.test(lines[i]!.text.slice(0, 90)) &&
        arr.length > 0
      );
    });
    const spans = candidates.map((c, k) => ({ c, span: (candidates[k + 1] ?? first.line) - c }));
    spans.sort((a, b) => b.span - a.span);
    picked.push(
      ...spans
        .slice(0, missing - 1)
        .map((s) => s.c)
        .sort((a, b) => a - b),
    );
    if (picked.length < missing)
      warnings.push({
        code: 'unnumbered-items',
        message: `Punkterna före punkt ${first.number} saknar nummer; ${missing - picked.length} kunde inte avgränsas.`,
      });
  }
  return picked.map((line, k) => ({
    line,
    seq: k + 1,
    number: String(k + 1),
    rest: lines[line]!.text.trim().replace(/^[-•*]\s+/, ''),
    style: 'unmarked' as const,
  }));
}

/** Letters Tesseract takes for one another in a Swedish scan, both ways ("rn" read as "m": "Bam" for "Barn"). */
const LOOKALIKES: readonly (readonly [string, string])[] = [
  ...['nr', 'aä', 'aå', 'äå', 'oö', 'ec', 'il', 'un', 'tf', 'hb', 'ao'].map((p) => [p[0]!, p[1]!] as const),
  ['m', 'rn'],
  ['h', 'li'],
  ['w', 'vv'],
  ['d', 'cl'],
].flatMap(([a, b]) => [[a, b] as const, [b, a] as const]);
/** Small words OCR glues to the word before them ("Valav" for "Val av"); not "för", "om" ("tillför", "ungdom"). */
const TRAILING_SMALL_WORDS = ['av', 'och', 'på', 'med', 'till', 'vid', 'från', 'samt', 'inom'];

/**
 * An OCR'd heading's title with its misread words mended: a word that is, with
 * one letter read as its lookalike, a word the document uses at least three
 * times as often ("urgdomsfullmäktige" → "ungdomsfullmäktige",
 * "ättitydpåverkare", and "Bam" → "Barn" where "bam" is no Swedish word); a word that is no Swedish word and is found nowhere
 * else in the document, but is a word and a small word with the space between
 * them lost ("Valav" → "Val av"). `isWord` says whether a lower-case word is
 * a Swedish lemma.
 */
export function mendOcrTitle(
  title: string,
  counts: ReadonlyMap<string, number>,
  isWord: (word: string) => boolean,
): string {
  const count = (w: string) => counts.get(w) ?? 0;
  const sameCase = (from: string, to: string) =>
    /^\p{Lu}/u.test(from) ? to.charAt(0).toUpperCase() + to.slice(1) : to;
  const near = (word: string) => {
    const enough = Math.max(3, 3 * count(word));
    for (let i = 0; i < word.length; i++)
      for (const [from, to] of LOOKALIKES) {
        if (!word.startsWith(from, i)) continue;
        const other = word.slice(0, i) + to + word.slice(i + from.length);
        if (count(other) >= enough) return other;
      }
    return null;
  };
  return title.replace(/\p{L}{3,}/gu, (written) => {
    const word = written.toLocaleLowerCase('sv');
    // A short word only when it is no Swedish word ("Bam"), a long one (a compound, rarely a lemma) always.
    const mended = word.length >= 6 || !isWord(word) ? near(word) : null;
    if (mended) return sameCase(written, mended);
    if (count(word) > 1 || isWord(word)) return written;
    const small = TRAILING_SMALL_WORDS.find((w) => {
      const left = word.slice(0, -w.length);
      return word.endsWith(w) && left.length >= 3 && (isWord(left) || count(left) >= 1);
    });
    return small ? sameCase(written, `${word.slice(0, -small.length)} ${small}`) : written;
  });
}

/** A Swedish lemma (the Hunspell sv_SE list compound splitting uses). */
const isSwedishWord = (word: string) => swedishDictionary().lemmas.has(word);

/** How often each word (lower case) stands in the reading lines. */
function wordCounts(lines: readonly ReadingLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lines)
    for (const w of l.text.toLocaleLowerCase('sv').match(/\p{L}+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** Style headings (page, text) placed on their reading lines, in order. */
function placeStyleHeadings(
  lines: readonly ReadingLine[],
  found: readonly { page: number; text: string }[],
): Candidate[] {
  const out: Candidate[] = [];
  let from = 0;
  for (const h of found) {
    for (let i = from; i < lines.length; i++) {
      if (lines[i]!.page === h.page && lines[i]!.text.trim() === h.text) {
        out.push({ line: i, seq: out.length + 1, number: '', rest: h.text, style: 'unmarked' });
        from = i + 1;
        break;
      }
    }
  }
  return out;
}

/** The rest of each table-of-contents entry by its item number ("39§" → "Sammanträdets laglighet …"). */
function tocByNumber(toc: readonly { text: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of toc) {
    const h = parseHeading(entry.text, 0);
    if (h?.rest) out.set(h.number.replace(/\s/g, ''), h.rest);
  }
  return out;
}

export interface HeadingEvidence {
  /** Headings told by style (PDF), used when nothing is numbered. */
  readonly styleHeadings: readonly { page: number; text: string }[];
  /** Lines (indices into the reading lines) where an attachment starts. */
  readonly attachmentStarts: readonly number[];
  readonly toc: readonly { text: string }[];
}

/**
 * The agenda-item headings of a protocol's reading lines: numbered ones chosen
 * by their sequence (with unnumbered first items before them), else headings
 * told by style.
 */
export function findHeadings(
  lines: readonly ReadingLine[],
  evidence: HeadingEvidence,
): { headings: Heading[]; by: 'number' | 'style' | 'none'; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const candidates: Candidate[] = [];
  const parsed = lines.map((l, i) =>
    // Indented lines are sub-points; agenda headings start at the margin.
    /^\s{2,}\S/.test(l.text) && !/^\s*§/.test(l.text) ? null : parseHeading(l.text, i),
  );
  const lostSign = ocrPrefixReader(lines, parsed);
  lines.forEach((l, i) => {
    const h = parsed[i] ?? (l.ocr ? lostSign(l.text, i) : null);
    const c = l.ocr ? ocrCandidate(l.text, i, h) : h;
    if (c) candidates.push(c);
  });
  const kept = dropRepeatedBare(lines, dropUntitledBare(lines, dropContentsList(lines, candidates)));
  let chosen = fillOcrGaps(lines, selectHeadings(lines, kept, evidence.attachmentStarts));
  let by: 'number' | 'style' | 'none' = 'number';
  if (chosen.length > 0) chosen = [...unnumberedFirstItems(lines, chosen[0]!, warnings), ...chosen];
  else {
    chosen = placeStyleHeadings(lines, evidence.styleHeadings);
    by = chosen.length > 0 ? 'style' : 'none';
    warnings.push({
      code: 'no-numbered-items',
      message:
        chosen.length > 0
          ? 'Dagordningspunkterna saknar nummer; de avgränsades efter hur rubrikerna ser ut.'
          : 'Inga numrerade dagordningspunkter hittades.',
    });
  }
  const toc = tocByNumber(evidence.toc);
  const counts = lines.some((l) => l.ocr) ? wordCounts(lines) : new Map<string, number>();
  const headings = chosen.map((read) => {
    const c = lines[read.line]!.ocr ? { ...read, rest: mendOcrTitle(read.rest, counts, isSwedishWord) } : read;
    const tocTitle = c.number ? toc.get(c.number.replace(/\s/g, '')) : undefined;
    return { ...c, page: lines[c.line]!.page, ...(tocTitle ? { tocTitle } : {}) };
  });
  return { headings, by, warnings };
}
