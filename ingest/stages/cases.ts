/**
 * Case numbers (diarienummer) per agenda item, taken out of titles and text.
 *
 * Where a protocol prints them:
 * - on the heading line or the line after it ("§ 46 Dnr KS 2023/112", "Dnr SN 2019/10");
 * - right-aligned just above the heading (Finland-Swedish meeting systems:
 *   "NKBY/497/12.03.01/2022" over "42 § Presentation …"): in reading order
 *   that line ends the previous item, so the page's geometry (the heading
 *   that follows it) or, in plain text, its place (the last line before the
 *   next heading) gives it to the item below;
 * - in a running header ("KS § 41 … Dnr KS 2019/123"), which names the item.
 * A case number cited in prose stays in the text and is not the item's (only
 * a labelled one, "enligt dnr …", is taken). The numbers are kept as written
 * and with their matching key (domain/case-numbers.ts).
 */
import { caseNumberLine, findCaseNumbers, type CaseNumberMatch } from '../../domain/case-numbers.js';
import type { Page, StageResult, Warning } from '../../domain/schemas.js';
import type { RunningLine } from './layout/index.js';
import type { SegmentedItem } from './segment.js';
import { pageAt } from './segment.js';

export const VERSION = 'cases@5';

export interface CaseNumber {
  /** As written, without its label ("KS 2019/0123"). */
  readonly written: string;
  /** The key that matches it in other meetings ("KS-2019-123"). */
  readonly key: string;
}

export type WithCases<T extends SegmentedItem> = T & { readonly caseNumbers: readonly CaseNumber[] };

/** An item number's digits, for finding its heading among a page's lines. */
const digitsOf = (number: string) => number.match(/\d+/)?.[0] ?? null;

function headingOf(line: string, digits: string): boolean {
  const t = line.trim();
  return (
    new RegExp(`^(?:\\p{Lu}{1,8}\\s+)?§\\s*${digits}(?!\\d)`, 'u').test(t) ||
    new RegExp(`^${digits}\\s*§`).test(t) ||
    new RegExp(`^(?:punkt\\s+|ärende\\s+)?${digits}[.)]?\\s+\\p{Lu}`, 'iu').test(t)
  );
}

/** An item named in a running header: "Protokoll | 42 § | 15.09.2022", "KS § 41". */
function itemNamed(text: string): string | null {
  return text.match(/(?:^|[\s|])(\d{1,4})\s*§(?!§)/)?.[1] ?? text.match(/§\s*(\d{1,4})(?!\d)/)?.[1] ?? null;
}

/** A rule or a lone page-furniture mark that may stand between a decision and the next heading. */
const FILLER = /^[\s_–—-]*$/;

interface Assignment {
  item: number;
  match: CaseNumberMatch;
}

/** Case numbers the page geometry gives to items: a case-number line above a heading, or on a page of one item. */
function fromGeometry(source: readonly Page[], items: readonly SegmentedItem[]): Assignment[] {
  const out: Assignment[] = [];
  for (const page of source) {
    const lines = page.lines ?? [];
    if (!lines.some((l) => l.y !== undefined)) continue;
    const starting = items.map((it, k) => ({ it, k })).filter(({ it }) => it.pages[0] === page.number);
    const covering = items.map((it, k) => ({ it, k })).filter(({ it }) => it.pages.includes(page.number));
    // Running headers on this page that name an item ("Protokoll | 45 § | …").
    const named = lines.map((l) => itemNamed(l.cells?.join(' | ') ?? l.text)).find((n) => n !== null) ?? null;
    lines.forEach((line, i) => {
      const text = (line.cells ?? [line.text]).join(' ');
      const whole = caseNumberLine(text);
      const found = whole ?? findCaseNumbers(text).filter((m) => m.labelled);
      if (found.length === 0) return;
      let target: number | null = null;
      // The heading that follows within a few lines.
      for (let j = i + 1; j < Math.min(lines.length, i + 4) && target === null; j++) {
        const next = lines[j]!.text;
        for (const { it, k } of starting) {
          const d = digitsOf(it.number);
          if (d && headingOf(next, d)) target = k;
        }
      }
      // The same line names the item ("KS § 41 Dnr KS 2019/123"), or the page's running header does.
      const here = itemNamed(text) ?? (whole ? named : null);
      if (target === null && here !== null) {
        const k = covering.find(({ it }) => digitsOf(it.number) === here)?.k;
        if (k !== undefined) target = k;
      }
      if (target === null && covering.length === 1) target = covering[0]!.k;
      if (target === null) return;
      for (const match of found) out.push({ item: target, match });
    });
  }
  return out;
}

/** Case numbers in running headers of a text file (no geometry): the item the header names, or the page's one item. */
function fromRunning(running: readonly RunningLine[], items: readonly SegmentedItem[]): Assignment[] {
  const out: Assignment[] = [];
  for (const line of running) {
    const found = caseNumberLine(line.text.replace(/\s*\|\s*/g, ' ')) ?? findCaseNumbers(line.text);
    if (found.length === 0) continue;
    const covering = items.map((it, k) => ({ it, k })).filter(({ it }) => it.pages.includes(line.page));
    const named = itemNamed(line.text);
    const k =
      (named ? covering.find(({ it }) => digitsOf(it.number) === named)?.k : undefined) ??
      (covering.length === 1 ? covering[0]!.k : undefined);
    if (k !== undefined) for (const match of found) out.push({ item: k, match });
  }
  return out;
}

/** Removes spans from a line: whole case-number lines go, a trailing labelled number is cut. */
function stripLine(line: string): { text: string | null; found: CaseNumberMatch[] } {
  const whole = caseNumberLine(line);
  if (whole) return { text: null, found: whole };
  const found = findCaseNumbers(line).filter((m) => m.labelled);
  // A labelled number at the end of a line ("Beslut … Dnr KS 2019/123") is furniture; inside prose it stays.
  const tail = found.filter((m) => /^[\s.,;)]*$/.test(line.slice(m.end)));
  let text = line;
  for (const m of [...tail].reverse()) text = text.slice(0, m.index).replace(/[\s,;(–—-]+$/, '') + line.slice(m.end);
  return { text: tail.length > 0 && !text.trim() ? null : text, found };
}

/** The stage: every item's case numbers, titles and text without them. */
export function extractCaseNumbers(
  items: readonly SegmentedItem[],
  source: readonly Page[],
  running: readonly RunningLine[],
): StageResult<WithCases<SegmentedItem>[]> {
  const warnings: Warning[] = [];
  const geometry = source.some((p) => (p.lines ?? []).some((l) => l.y !== undefined));
  const given = geometry ? fromGeometry(source, items) : fromRunning(running, items);
  const placedKey = new Map<string, number>();
  for (const g of given) if (!placedKey.has(g.match.key)) placedKey.set(g.match.key, g.item);
  const cases: CaseNumber[][] = items.map(() => []);
  const add = (k: number, m: CaseNumberMatch) => {
    if (!cases[k]!.some((c) => c.key === m.key)) cases[k]!.push({ written: m.written, key: m.key });
  };
  for (const g of given) add(g.item, g.match);

  // Leading case numbers of each item's text (the heading's own), for the text-only rule below.
  const leads = items.map((it) =>
    it.text
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 3)
      .some((l) => caseNumberLine(l) !== null),
  );

  const out = items.map((item, k) => {
    const lines = item.text.split('\n');
    let offset = 0;
    const kept: { text: string; page: number }[] = [];
    const lastContent = (() => {
      for (let i = lines.length - 1; i >= 0; i--) if (!FILLER.test(lines[i]!)) return i;
      return -1;
    })();
    // The trailing run of case-number lines (only rules or blank lines after them).
    let tailFrom = lastContent + 1;
    while (tailFrom > 0 && (caseNumberLine(lines[tailFrom - 1]!) || FILLER.test(lines[tailFrom - 1]!))) tailFrom--;
    lines.forEach((line, i) => {
      const page = pageAt(item, offset);
      offset += line.length + 1;
      const { text, found } = stripLine(line);
      for (const m of found) {
        const placed = placedKey.get(m.key);
        if (placed !== undefined) continue;
        // Printed above the next heading (reading order put it at this item's end).
        const next = k + 1 < items.length && i >= tailFrom && text === null && !leads[k + 1];
        add(next ? k + 1 : k, m);
      }
      if (text !== null) kept.push({ text, page });
    });
    while (kept.length > 0 && FILLER.test(kept[kept.length - 1]!.text) && !kept[kept.length - 1]!.text.trim())
      kept.pop();
    while (kept.length > 0 && !kept[0]!.text.trim()) kept.shift();
    const pageStarts: { offset: number; page: number }[] = [];
    let at = 0;
    for (const l of kept) {
      if (pageStarts[pageStarts.length - 1]?.page !== l.page) pageStarts.push({ offset: at, page: l.page });
      at += l.text.length + 1;
    }
    // The title: a case number at its end or labelled anywhere.
    let title = item.title;
    for (const m of findCaseNumbers(title, { bare: true }).reverse()) {
      if (!m.labelled && !/^[\s.,;)]*$/.test(title.slice(m.end))) continue;
      add(k, m);
      title = (title.slice(0, m.index).replace(/[\s,;(–—-]+$/, '') + title.slice(m.end).replace(/^\)/, '')).trim();
    }
    return { ...item, title: title || item.title, text: kept.map((l) => l.text).join('\n'), pageStarts };
  });
  return { value: out.map((item, k) => ({ ...item, caseNumbers: cases[k]! })), warnings };
}
