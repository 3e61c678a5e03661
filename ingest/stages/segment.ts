/**
 * Segment a protocol into agenda items (dagordningspunkter) at the headings the
 * layout stage chose, keeping the pages each item spans: each item's title
 * (wrapped titles joined, a title on the line after a bare "§ 12" or its case
 * number, a title repaired from the table of contents), its text, presenters
 * and the municipalities it mentions. Which lines are headings is the layout's
 * decision alone.
 */
import type { Heading, Layout } from './layout/index.js';
import { SEPARATOR, splitCaseNumber } from './layout/index.js';
import type { AgendaItem, Page, StageResult, Warning } from '../../domain/schemas.js';
import { caseNumberLine } from '../../domain/case-numbers.js';
import { findMunicipalities } from '../../domain/municipalities.js';

export const VERSION = 'segment@7';

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

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Where a heading's title ends: at its first full stop before a capital, or a full stop that ends the line.
 * An initial's stop is no end ("Motion; F. Strang"), nor is an abbreviation's that ends the line ("m fl.").
 */
const TITLE_END = /^(.*?\S)(?<!(?:^|[\s(;,])\p{Lu})(?:\.\s+(?=\p{Lu})|(?<!(?:^|\s)\p{Ll}{1,3})\.$)/u;
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

/** Lower-case word tokens. */
const tokensOf = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * The title of a table-of-contents entry for an item, when the heading in the
 * text reads worse: a heading whose words the entry does not all hold (a broken
 * font encoding drops letters: "beslutfrhet") takes the entry's, and so does one
 * that holds them cut short where the entry spells them out ("Budgetdirekti" for
 * "Budgetdirektiv", "Fortsat" for "Fortsatt").
 */
function betterTitle(title: string, fromToc: string | undefined): string {
  if (!fromToc) return title;
  const toc = tokensOf(fromToc);
  const words = tokensOf(title);
  const clean = words.every((t) =>
    toc.some((x) => x === t || (Math.min(x.length, t.length) >= 5 && (x.startsWith(t) || t.startsWith(x)))),
  );
  const cutShort = words.some((t) => !toc.includes(t) && toc.some((x) => x.length > t.length && x.startsWith(t)));
  return clean && !cutShort && title ? title : fromToc;
}

/** What segment needs from the layout stage. */
export type SegmentLayout = Pick<Layout, 'headings' | 'itemsEnd' | 'appendices'>;

/** An item number's digits and letter: "49 §", "§ 49" and "49" are one. */
const numberKey = (n: string) => n.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The label of an attached document as its heading writes it: "A" in "A Appendix A - Stadgar", "1" in "Bilaga 1". */
const appendixLabel = (heading: string) =>
  /(?:appendix|bilaga|bil\.)\s*([A-Z]|\d{1,2})(?![\p{L}\d])/iu.exec(heading)?.[1];

/**
 * The item an attached document belongs to: the one whose number its heading names ("Bilaga 1 till
 * KS § 45"), else the one item whose words refer to its label ("Se appendix A Stadgar"). None found,
 * it stays with the last item, after which it stands.
 */
function ownerOf(
  heading: string,
  items: readonly { number: string; title: string; text: string }[],
): number | undefined {
  // "Bilaga Välfärdsnämnden, 15.09.2022 § 49": the number an item has, not the year before the sign.
  for (const named of heading.matchAll(/§\s*(\d+\s?[a-h]?)(?![\p{L}\d])|(?<![\p{L}\d])(\d+\s?[a-h]?)\s*(?=§)/giu)) {
    const key = numberKey(named[1] ?? named[2]!);
    const k = items.findIndex((i) => numberKey(i.number).replace(/^\D+/, '') === key);
    if (k >= 0) return k;
  }
  const label = appendixLabel(heading);
  if (!label) return undefined;
  const refers = new RegExp(`(?:appendix|bilaga|bil\\.)\\s*${label}(?![\\p{L}\\d])`, 'iu');
  const referring = items.flatMap((i, k) => (refers.test(`${i.title}\n${i.text}`) ? [k] : []));
  return referring.length === 1 ? referring[0] : undefined;
}

export function segmentAgendaItems(pages: readonly Page[], layout: SegmentLayout): StageResult<SegmentedItem[]> {
  const warnings: Warning[] = [];
  const lines: Line[] = pages.flatMap((p) => p.text.split('\n').map((text) => ({ text, page: p.number })));
  const headings: readonly Heading[] = layout.headings;
  if (headings.some((h) => h.line >= lines.length))
    throw new Error('segment: a heading of the layout lies past the reading text (stages out of order?)');
  const appendices = layout.appendices;
  const drafts = headings.map((h, k) => {
    const end = headings[k + 1]?.line ?? appendices[0]?.line ?? layout.itemsEnd;
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
      for (let n = next; n < end && n < next + 5; n++) {
        const line = lines[n]!;
        const t = line.text.trim();
        if (!t) continue;
        // A line of case numbers only ("CFV: 49/2015", "NKBY/497/12.03.01/2022").
        if (caseNumberLine(t) !== null) {
          caseNumbers.push(line);
          continue;
        }
        // The title, its labelled case number before or after it ("Dnr SN 2021/14 Budget", "Budget Dnr KS 2023/112").
        const split = splitCaseNumber(t);
        const labelled = split.dnr !== undefined && /^(dnr|diarie)/i.test(split.dnr);
        if (labelled) caseNumbers.push({ text: split.dnr!, page: line.page });
        if (labelled && !split.rest) continue;
        rest = labelled ? split.rest : t;
        next = n + 1;
        break;
      }
    }
    const { title, text: inlineText } = splitTitle(rest);
    const bodyLines = [...caseNumbers, { text: inlineText, page: lines[h.line]!.page }, ...lines.slice(next, end)];
    return {
      h,
      title: betterTitle(title.replace(/\s+/g, ' ').trim(), h.tocTitle ? splitTitle(h.tocTitle).title : undefined),
      bodyLines,
      spanned: lines.slice(h.line, Math.max(end, h.line + 1)).filter((l, i) => i === 0 || l.text.trim()),
      /** Where the lines read so far end: an attached document that starts there runs on without a break. */
      until: end,
    };
  });
  // Each attached document joins the item it belongs to, read from the items' own words; the last item's
  // text runs on into those that belong to no other, as they stand after it.
  const own = drafts.map((d) => ({
    number: d.h.number,
    title: d.title,
    text: d.bodyLines.map((l) => l.text).join('\n'),
  }));
  for (const a of appendices) {
    const owner = drafts[ownerOf(a.heading, own) ?? drafts.length - 1];
    if (!owner) continue;
    const attached = lines.slice(a.line, a.end);
    if (a.line !== owner.until) owner.bodyLines.push({ text: '', page: attached[0]?.page ?? owner.h.page });
    owner.bodyLines.push(...attached);
    owner.until = a.end;
  }
  const items: SegmentedItem[] = drafts.map(({ h, title, bodyLines, spanned }, k) => {
    while (bodyLines.length > 0 && !bodyLines[0]!.text.trim()) bodyLines.shift();
    while (bodyLines.length > 0 && !bodyLines[bodyLines.length - 1]!.text.trim()) bodyLines.pop();
    const pageStarts: { offset: number; page: number }[] = [];
    let offset = 0;
    for (const l of bodyLines) {
      if (pageStarts[pageStarts.length - 1]?.page !== l.page) pageStarts.push({ offset, page: l.page });
      offset += l.text.length + 1;
    }
    const body = bodyLines.map((l) => l.text).join('\n');
    const pagesSpanned = [...new Set([...spanned, ...bodyLines.filter((l) => l.text.trim())].map((l) => l.page))];
    return {
      ordinal: k,
      number: h.number,
      title,
      text: body,
      pages: pagesSpanned,
      presenters: findPresenters(title, body),
      municipalities: findMunicipalities(`${title}\n${body}`),
      pageStarts,
    };
  });
  return { value: items, warnings };
}
