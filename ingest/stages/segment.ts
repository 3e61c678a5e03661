/**
 * Segment a protocol into agenda items (dagordningspunkter), keeping the pages
 * each item spans.
 *
 * Shapes handled: "7. Title", "12 Title" (no dot), numbered items whose text
 * starts on the title line ("4. Title – Ingmar. Just nu pågår …"), titles
 * wrapped onto the next line in a PDF, unnumbered (bulleted) first items, and
 * the paragraph style of Swedish boards ("§ 12 Title", "KS § 3 a", "§ 3 b").
 * The key signal is that agenda numbers go up by one (small gaps allowed):
 * a list that restarts at 1 inside an item, dates ("17 mars"), and cited
 * paragraphs of other bodies ("KU § 317 06-12-05") stay inside the item.
 */
import type { Layout } from './layout.js';
import { headLabelEnd } from './layout.js';
import type { AgendaItem, Page, StageResult, Warning } from '../../domain/schemas.js';
import { findMunicipalities } from '../../domain/municipalities.js';

export const VERSION = 'segment@4';

/** An agenda item before decisions and topics are found. */
export type SegmentedItem = Omit<AgendaItem, 'decisions' | 'topics'> & {
  /** Where in `text` each page begins: page provenance for spans found later (decisions). */
  readonly pageStarts?: readonly { offset: number; page: number }[];
};

/** The PDF page of a character offset in an item's text. */
export function pageAt(item: SegmentedItem, offset: number): number {
  let page = item.pages[0] ?? 1;
  for (const start of item.pageStarts ?? []) if (start.offset <= offset) page = start.page;
  return page;
}

interface Line {
  text: string;
  page: number;
}

interface Heading {
  line: number;
  /** Sequence value used for ordering (the number, or the § number). */
  seq: number;
  number: string;
  /** The rest of the heading line after the number. */
  rest: string;
  style: 'numbered' | 'paragraph' | 'bullet' | 'unmarked';
  /** A diarienummer written on the heading line ("§ 46 Dnr KS 2023/112"): kept in the text. */
  dnr?: string;
}

const MONTHS =
  /^(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b/i;

/** "7. Title", "12 Title", "3 a. Title"; not "17 mars", "09.30", "2024 års". */
const NUMBERED = /^(\d{1,3})(?:\s?([a-h])(?=[\s.)]))?(?:[.)](?!\d)\s*|\s+)(\S.*)$/;
/** "12 § Title", "1§ Title": the number before the sign (Finland-Swedish meeting systems). */
const NUMBER_SIGN = /^(?<n>\d{1,4})\s*§(?!§)(?:\s?(?<letter>[a-h])(?![\p{L}]))?\s*[.:]?\s*(?<rest>.*)$/u;
/** "§ 12 Title", "KS § 3 a Title", "§12." */
const PARAGRAPH = /^(?:([A-ZÅÄÖ]{1,8})\s+)?§\s*(\d{1,4})(?:\s?([a-h])(?![\p{L}]))?\s*[.:]?\s*(.*)$/u;
/** A citation of another body's paragraph: "KU § 317 06-12-05", "KS § 12/2023". */
const CITATION_TAIL = /^(\d{2,4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{2}|\/\d{2,4}|,?\s*\d{4}-\d{2}-\d{2})/i;
/** A case number (diarienummer) on a heading line: "Dnr KS 2023/112", "Diarienummer: SN 2023.45", "KS 2023/112". */
const DNR =
  /(?:^|\s+)((?:dnr|diarienr|diarienummer|diarie-nr)\.?\s*:?\s*\S.*|[A-ZÅÄÖ]{1,6}\s+\d{2,4}[/.:-]\d{1,5}(?:[./-]\d+)*)\s*$/i;
/** "Punkt 3. Title", "P. 3 Title": the word is not part of the number. */
const POINT_WORD = /^(?:punkt|ärende|p\.)\s*(?=\d)/i;

function numberedHeading(text: string, line: number): Heading | null {
  const t = text.trim().replace(/\t+/g, ' ');
  const ns = NUMBER_SIGN.exec(t)?.groups;
  if (ns) {
    let rest = (ns.rest ?? '').trim();
    if (CITATION_TAIL.test(rest)) return null;
    const dnr = rest.match(DNR);
    if (dnr) rest = rest.slice(0, dnr.index).trim();
    if (rest && !/^\p{Lu}/u.test(rest)) return null;
    const number = `${ns.n}${ns.letter ? ` ${ns.letter}` : ''} §`;
    return { line, seq: Number(ns.n), number, rest, style: 'paragraph', ...(dnr ? { dnr: dnr[1]!.trim() } : {}) };
  }
  const p = t.match(PARAGRAPH);
  if (p) {
    let rest = (p[4] ?? '').trim();
    if (CITATION_TAIL.test(rest)) return null;
    // "§ 46 Dnr KS 2023/112": the case number is not the title (the title follows on the next line).
    const dnr = rest.match(DNR);
    if (dnr) rest = rest.slice(0, dnr.index).trim();
    if (rest && !/^\p{Lu}/u.test(rest)) return null;
    const number = `${p[1] ? `${p[1]} ` : ''}§ ${p[2]}${p[3] ? ` ${p[3]}` : ''}`;
    return { line, seq: Number(p[2]), number, rest, style: 'paragraph', ...(dnr ? { dnr: dnr[1]!.trim() } : {}) };
  }
  const m = t.replace(POINT_WORD, '').match(NUMBERED);
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
  lines: readonly Line[],
  candidates: readonly Heading[],
  attachmentStarts: readonly number[] = [],
): Heading[] {
  const chosen: Heading[] = [];
  // After an attachment (bilaga, stadgar) opens, only the protocol's next number continues it:
  // the attached document's own § or numbered headings do not.
  const attachmentBetween = (a: number, b: number) => attachmentStarts.some((i) => i > a && i < b);
  let nested: { value: number; line: number } | null = null;
  const nonEmptyBetween = (a: number, b: number) => {
    let n = 0;
    for (let i = a + 1; i < b; i++) if (lines[i]!.text.trim()) n++;
    return n;
  };
  for (const c of candidates) {
    const last = chosen[chosen.length - 1];
    if (!last) {
      // The first item: "1." or "§ n", or a later number after unnumbered first items.
      if (c.style === 'paragraph' || c.seq === 1 || (c.seq <= 5 && headingLike(c.rest))) chosen.push(c);
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
    } else if (c.seq === 1 || (nested === null && c.seq <= last.seq)) {
      nested = { value: c.seq, line: c.line };
    }
  }
  return chosen;
}

const TITLE_END = /^(.*?\S)(?:\.\s+(?=\p{Lu})|\.$)/u;
const SEPARATOR = /\s+[–-]\s+/;
const NAME_LIST =
  /^\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}(?:\s*(?:\/|,|och)\s*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3})*$/u;

/**
 * Splits a heading line into title and the text that follows it on the same line:
 * "Ny styrgrupp för YAM – Ingmar/Marie. Just nu pågår …" and
 * "Avstämning - Barn i behov av sammansatt stöd - Hanna T och Sanna R från … medverkade …".
 */
export function splitTitle(rest: string): { title: string; text: string } {
  const trimmed = rest.trim();
  const sentence = trimmed.match(TITLE_END);
  const head = sentence ? sentence[1]! : trimmed;
  if (words(head) <= 16 && !(sentence && SEPARATOR.test(head) && words(head) > 16)) {
    // "Stödgrupper för barn i sorg – Märtha Lundkvist, är bl.a. …": stop after the presenter's name.
    const parts = head.split(/(\s+[–-]\s+)/);
    if (parts.length >= 3) {
      const lastPart = parts[parts.length - 1]!;
      const nameThenClause = lastPart.match(/^(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}),\s+\p{Ll}/u);
      if (nameThenClause) {
        const title = parts.slice(0, -1).join('') + nameThenClause[1]!;
        return { title, text: trimmed.slice(title.length).replace(/^[,\s]+/, '') };
      }
    }
    return { title: head, text: trimmed.slice(head.length).replace(/^[.\s]+/, '') };
  }
  // A long run-on line: keep the short dash-separated parts at its start.
  const parts = trimmed.split(/(\s+[–-]\s+)/);
  let title = parts[0]!;
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const next = parts[i + 1]!;
    const nameThenClause = next.match(/^(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}),\s+\p{Ll}/u);
    if (nameThenClause) {
      title += parts[i]! + nameThenClause[1]!;
      break;
    }
    if (words(next) > 8 || /[.!?]/.test(next)) break;
    title += parts[i]! + next;
  }
  if (words(title) > 16) {
    const cut = title.split(/\s+/).slice(0, 12).join(' ');
    return { title: cut, text: trimmed.slice(cut.length).trim() };
  }
  return { title, text: trimmed.slice(title.length).replace(/^\s+[–-]\s+/, '') };
}

/** Presenters (föredragande): "X och Y föredrog ärendet", "X informerade", names after the title. */
export function findPresenters(title: string, text: string): string[] {
  const names: string[] = [];
  const person = "\\p{Lu}[\\p{L}'’-]*(?:[ \\t]+\\p{Lu}[\\p{L}'’-]*){0,3}";
  const list = new RegExp(
    `(${person}(?:\\s*(?:,|och|samt)\\s*${person})*)\\s+(?:föredrog|föredrar|föredras av|presenterade|presenterar|informerade|informerar|redovisade|redovisar|rapporterade|rapporterar|inledde|berättade)`,
    'gu',
  );
  const opening = text
    .split(/\n\s*\n/)
    .slice(0, 3)
    .join('\n')
    .slice(0, 700);
  for (const m of opening.matchAll(list)) names.push(...m[1]!.split(/\s*(?:,|\boch\b|\bsamt\b)\s*/));
  const byLine = text.match(new RegExp(`föredragande\\s*:?\\s*(${person}(?:\\s*(?:,|och)\\s*${person})*)`, 'u'));
  if (byLine) names.push(...byLine[1]!.split(/\s*(?:,|\boch\b)\s*/));
  // "Rapport från AU, Ingmar Ångman", "LPO barn och ungdomars hälsa – Annelie", "YAM – Ingmar/Marie"
  const tail = title
    .split(/,\s+|\s+[–-]\s+/)
    .slice(1)
    .pop();
  if (
    tail &&
    NAME_LIST.test(tail.trim()) &&
    findMunicipalities(tail).length === 0 &&
    !/^(Region|Nära|Covid|Övriga|Information|Rapport)\b/u.test(tail)
  ) {
    names.push(...tail.split(/\s*(?:\/|,|\boch\b)\s*/));
  }
  // A definite role or organisation ("Socialchefen informerade", "Förvaltningen redovisade") is not a person's name.
  const ROLE_NOUN =
    /^\p{Lu}\p{Ll}*(chef|chefen|direktören|föranden|sekreteraren|samordnaren|ledaren|strategen|utredaren|handläggaren|ansvarige|ansvariga|förvaltningen|enheten|kommunen|regionen|gruppen|nämnden|styrelsen|rådet|utskottet|arna|erna|orna|staben|avdelningen)$/u;
  const cleaned = names
    .map((n) => n.trim())
    .filter((n) => !ROLE_NOUN.test(n))
    .filter(
      (n) =>
        /^\p{Lu}/u.test(n) &&
        !/^(Chefsgruppen|Gruppen|Styrgruppen|Arbetsutskottet|Förvaltningen|Nämnden|Regionen|Kommunen|Det|Vi|Man|Ordförande|Sekreteraren|Ärendet|Punkten)$/u.test(
          n,
        ),
    );
  // "Ingmar" and "Ingmar Ångman" in one item are one person.
  const unique = [...new Set(cleaned)];
  return unique.filter((n) => n.includes(' ') || !unique.some((full) => full !== n && full.startsWith(`${n} `)));
}

/** Unnumbered first items before the first numbered one ("- Föregående protokoll", or bare lines in a PDF). */
function unnumberedFirstItems(lines: readonly Line[], first: Heading, warnings: Warning[]): Heading[] {
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

/** What segment needs from the layout stage; a text-only caller may leave it out. */
export type SegmentLayout = Pick<Layout, 'toc' | 'styleHeadings' | 'attachments'>;

/** Item headings told by style (a larger font at the margin), for a protocol that numbers none. */
function styleHeadingsOf(lines: readonly Line[], layout: SegmentLayout | undefined): Heading[] {
  const out: Heading[] = [];
  let from = 0;
  for (const h of layout?.styleHeadings ?? []) {
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

/** Lower-case word tokens. */
const tokensOf = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * The title of a table-of-contents entry for an item number, when the heading
 * in the text reads worse: a heading whose words the entry does not all hold
 * (a broken font encoding drops letters: "beslutfrhet") takes the entry's.
 */
function tocTitles(layout: SegmentLayout | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of layout?.toc ?? []) {
    const h = numberedHeading(entry.text, 0);
    if (!h?.rest) continue;
    out.set(h.number.replace(/\s/g, ''), splitTitle(h.rest).title);
  }
  return out;
}
function betterTitle(title: string, fromToc: string | undefined): string {
  if (!fromToc) return title;
  const toc = tokensOf(fromToc);
  const clean = tokensOf(title).every((t) =>
    toc.some((x) => x === t || (Math.min(x.length, t.length) >= 5 && (x.startsWith(t) || t.startsWith(x)))),
  );
  return clean && title ? title : fromToc;
}

export function segmentAgendaItems(pages: readonly Page[], layout?: SegmentLayout): StageResult<SegmentedItem[]> {
  const warnings: Warning[] = [];
  const lines: Line[] = pages.flatMap((p) => p.text.split('\n').map((text) => ({ text, page: p.number })));
  const toc = tocTitles(layout);
  const candidates: Heading[] = [];
  lines.forEach((l, i) => {
    // Indented lines are sub-points; agenda headings start at the margin.
    if (/^\s{2,}\S/.test(l.text) && !/^\s*§/.test(l.text)) return;
    const h = numberedHeading(l.text, i);
    if (h) candidates.push(h);
  });
  const attachmentStarts: number[] = [];
  for (const a of layout?.attachments ?? []) {
    const i = lines.findIndex((l) => l.page === a.page && l.text.trim() === a.text);
    if (i >= 0) attachmentStarts.push(i);
  }
  let headings = selectHeadings(lines, candidates, attachmentStarts);
  if (headings.length > 0) headings = [...unnumberedFirstItems(lines, headings[0]!, warnings), ...headings];
  else {
    headings = styleHeadingsOf(lines, layout);
    warnings.push({
      code: 'no-numbered-items',
      message:
        headings.length > 0
          ? 'Dagordningspunkterna saknar nummer; de avgränsades efter rubrikernas stil.'
          : 'Inga numrerade dagordningspunkter hittades.',
    });
  }

  const items: SegmentedItem[] = headings.map((h, k) => {
    const end = headings[k + 1]?.line ?? lines.length;
    let rest = h.rest;
    let next = h.line + 1;
    // A title wrapped onto the next line: the heading ends in a comma or the next line continues in lower case.
    const following = lines[next]?.text.trim() ?? '';
    if (
      next < end &&
      following &&
      h.style !== 'unmarked' &&
      !TITLE_END.test(rest) &&
      (/,$/.test(rest) || (/^\p{Ll}/u.test(following) && rest.length >= 55 && words(following) <= 8))
    ) {
      rest = `${rest} ${following}`;
      next++;
    }
    // An unnumbered item is a run-on paragraph ("Avstämning - Barn i behov … - Hanna T och Sanna\nR från … medverkade"):
    // read it to its first sentence end before deciding where the title stops.
    if (h.style === 'unmarked' && SEPARATOR.test(rest) && rest.length >= 60 && !/[.!?]/.test(rest)) {
      for (let n = 0; n < 4 && next < end && !/[.!?]/.test(rest); n++, next++)
        rest = `${rest} ${lines[next]!.text.trim()}`;
    }
    // A paragraph heading alone on its line ("§ 12", "§ 46 Dnr KS 2023/112") has its title
    // on the next line, perhaps after a blank line or the case number.
    const caseNumbers: Line[] = h.dnr ? [{ text: h.dnr, page: lines[h.line]!.page }] : [];
    if (!rest) {
      let n = next;
      while (
        n < end &&
        n < next + 4 &&
        (!lines[n]!.text.trim() ||
          (DNR.test(` ${lines[n]!.text.trim()}`) && /^(dnr|diarie)/i.test(lines[n]!.text.trim())))
      ) {
        if (lines[n]!.text.trim()) caseNumbers.push(lines[n]!);
        n++;
      }
      if (n < end && lines[n]!.text.trim()) {
        rest = lines[n]!.text.trim();
        const dnr = rest.match(DNR);
        if (dnr && dnr.index! > 0 && /^(dnr|diarie)/i.test(dnr[1]!)) {
          caseNumbers.push({ text: dnr[1]!.trim(), page: lines[n]!.page });
          rest = rest.slice(0, dnr.index).trim();
        }
        next = n + 1;
      }
    }
    const { title, text: inlineText } = splitTitle(rest);
    const bodyLines = [...caseNumbers, { text: inlineText, page: lines[h.line]!.page }, ...lines.slice(next, end)];
    while (bodyLines.length > 0 && !bodyLines[0]!.text.trim()) bodyLines.shift();
    while (bodyLines.length > 0 && !bodyLines[bodyLines.length - 1]!.text.trim()) bodyLines.pop();
    const pageStarts: { offset: number; page: number }[] = [];
    let offset = 0;
    for (const l of bodyLines) {
      if (pageStarts[pageStarts.length - 1]?.page !== l.page) pageStarts.push({ offset, page: l.page });
      offset += l.text.length + 1;
    }
    const body = bodyLines.map((l) => l.text).join('\n');
    const pagesSpanned = [
      ...new Set(
        lines
          .slice(h.line, Math.max(end, h.line + 1))
          .filter((l, i) => i === 0 || l.text.trim())
          .map((l) => l.page),
      ),
    ];
    return {
      ordinal: k,
      number: h.number,
      title: betterTitle(title.replace(/\s+/g, ' ').trim(), toc.get(h.number.replace(/\s/g, ''))),
      text: body,
      pages: pagesSpanned,
      presenters: findPresenters(title, body),
      municipalities: findMunicipalities(`${title}\n${body}`),
      pageStarts,
    };
  });
  return { value: items, warnings };
}
