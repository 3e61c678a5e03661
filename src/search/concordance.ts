/**
 * Konkordans (keyword in context): every occurrence of every form the search
 * matches, with the words to its left and right as the protocol writes them,
 * one line per occurrence, as Korp and SweDeb show it. The items are found by
 * the search itself (`queryItems`: the same analysis, filters and relaxing),
 * and the occurrences in each are found by the highlighter the search marks
 * with (domain/swedish/highlight.ts), so inflections, compound parts,
 * synonyms and missing å/ä/ö count here exactly as they do in search. The
 * context stays within the item (its title or its text), and each line knows
 * its PDF page (from where each page begins in the item's text).
 */
import { formatDate } from '../../domain/dates.js';
import { AppError } from '../../domain/errors.js';
import { highlightSpans } from '../../domain/swedish/highlight.js';
import type { SearchContext } from './context.js';
import { intentOf } from './query-plan.js';
import { itemFilter, type ItemFilters } from './filters.js';
import { queryItems } from './search.js';

/** Items read for one concordance at most (the newest or oldest, by the order asked for). */
export const CONCORDANCE_MAX_ITEMS = 1000;
/** Characters of context on each side at most, cut at a word boundary. */
const CONTEXT_CHARS = 70;

export type ConcordanceSort = 'date' | 'date-desc' | 'left' | 'right';

export interface ConcordanceRequest extends ItemFilters {
  q: string;
  sort: ConcordanceSort;
  page: number;
  limit: number;
}

/** One occurrence, in its context. */
export interface ConcordanceLine {
  itemId: string;
  protocolId: string;
  meetingDate: string | null;
  body: string | null;
  itemNumber: string;
  title: string;
  /** Where the occurrence stands: the item's title or its text. */
  field: 'title' | 'text';
  /** The words before the occurrence, as written (white space collapsed), within the item. */
  left: string;
  /** The occurrence as written ("samsjukligheten", "hälso- och sjukvård"). */
  match: string;
  right: string;
  /** The PDF page the occurrence is on. */
  page: number;
  pdfUrl: string;
}

export interface Concordance {
  q: string;
  /** Occurrences in all. */
  total: number;
  /** Items with at least one occurrence. */
  items: number;
  /** No item had every word: the items have most of them (as in search). */
  partial: boolean;
  /** More items matched than were read (CONCORDANCE_MAX_ITEMS): the first ones in the order asked for. */
  truncated: boolean;
  sort: ConcordanceSort;
  page: number;
  limit: number;
  lines: ConcordanceLine[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** Up to CONTEXT_CHARS before `at`, starting at a word: as written, white space collapsed. */
function leftOf(text: string, at: number): string {
  const from = Math.max(0, at - CONTEXT_CHARS);
  let start = from;
  // Not from inside a word: from the next word start.
  if (from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1] ?? '')) {
    const next = text.slice(from, at).search(/[^\p{L}\p{N}]/u);
    start = next < 0 ? at : from + next;
  }
  return squash(text.slice(start, at)).trimStart();
}

/** Up to CONTEXT_CHARS after `at`, ending at a word's end. */
function rightOf(text: string, at: number): string {
  const to = Math.min(text.length, at + CONTEXT_CHARS);
  let end = to;
  if (to < text.length && /[\p{L}\p{N}]/u.test(text[to] ?? '')) {
    const slice = text.slice(at, to);
    const m = /[^\p{L}\p{N}][\p{L}\p{N}]*$/u.exec(slice);
    end = m ? at + m.index : at;
  }
  return squash(text.slice(at, end)).trimEnd();
}

/** The page an offset of the item's text is on. */
function pageAt(starts: readonly { offset: number; page: number }[] | undefined, first: number, offset: number) {
  let page = first;
  for (const s of starts ?? []) if (s.offset <= offset) page = s.page;
  return page;
}

const collator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });
const lastWord = (s: string) => /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u.exec(s)?.[1] ?? '';
const firstWord = (s: string) => /^[^\p{L}\p{N}]*([\p{L}\p{N}]+)/u.exec(s)?.[1] ?? '';

/** Lines in the order asked for; ties in date order, then as they stand in the item. */
function sortLines(lines: ConcordanceLine[], sort: ConcordanceSort): ConcordanceLine[] {
  if (sort === 'date' || sort === 'date-desc') {
    // Read in date order already (the search's own sort); date-desc reads newest first.
    return lines;
  }
  const key = sort === 'left' ? (l: ConcordanceLine) => lastWord(l.left) : (l: ConcordanceLine) => firstWord(l.right);
  const keyed = lines.map((line, i) => ({ line, i, k: key(line) }));
  keyed.sort(
    (a, b) =>
      // Lines without a word on that side last.
      Number(a.k === '') - Number(b.k === '') ||
      collator.compare(a.k, b.k) ||
      collator.compare(a.line.match, b.line.match) ||
      a.i - b.i,
  );
  return keyed.map((k) => k.line);
}

/** Every line of a question, sorted, before paging: what an export holds and a page is cut from. */
export async function concordanceLines(
  ctx: SearchContext,
  req: Omit<ConcordanceRequest, 'page' | 'limit'>,
): Promise<Omit<Concordance, 'page' | 'limit' | 'lines'> & { lines: ConcordanceLine[] }> {
  if (!req.q.trim())
    throw new AppError(
      'invalid-parameter',
      'Skriv ett ord: konkordansen visar varje förekomst av det i sitt sammanhang.',
      {
        param: 'q',
      },
    );
  // Only question and function words ("vad är det?"): no word has occurrences to show.
  const { unsearched } = intentOf(req.q);
  if (unsearched)
    throw new AppError(
      'invalid-parameter',
      `Sökfrågan har inga sökbara ord${unsearched.length ? ` (bara frågeord och småord som ${unsearched.map((w) => `"${w}"`).join(', ')})` : ''}. Skriv ett innehållsord.`,
      { param: 'q' },
    );
  const result = await queryItems(ctx, {
    q: req.q,
    filter: itemFilter(req),
    sort: req.sort === 'date-desc' ? 'date-desc' : 'date-asc',
    offset: 0,
    limit: CONCORDANCE_MAX_ITEMS,
    facets: false,
    aside: ['text', 'pageStarts'],
  });
  const lines: ConcordanceLine[] = [];
  let items = 0;
  result.hits.forEach((hit, i) => {
    const { text = '', pageStarts } = result.aside[i] ?? {};
    const pdf = (page: number) => `/api/protocols/${encodeURIComponent(hit.protocolId)}/source#page=${page}`;
    const base = {
      itemId: hit.id,
      protocolId: hit.protocolId,
      meetingDate: hit.meetingDate,
      body: hit.body,
      itemNumber: hit.itemNumber,
      title: hit.title,
    };
    const before = lines.length;
    for (const field of ['title', 'text'] as const) {
      const source = field === 'title' ? hit.title : text;
      for (const [s, e] of highlightSpans(source, result.terms)) {
        const page = field === 'title' ? hit.page : pageAt(pageStarts, hit.page, s);
        lines.push({
          ...base,
          field,
          left: leftOf(source, s),
          match: squash(source.slice(s, e)),
          right: rightOf(source, e),
          page,
          pdfUrl: pdf(page),
        });
      }
    }
    if (lines.length > before) items++;
  });
  return {
    q: req.q,
    total: lines.length,
    items,
    partial: result.partial,
    truncated: result.total > result.hits.length,
    sort: req.sort,
    lines: sortLines(lines, req.sort),
  };
}

/** GET /api/concordance: one page of the lines. */
export async function concordance(
  ctx: SearchContext,
  req: ConcordanceRequest,
  all: (req: Omit<ConcordanceRequest, 'page' | 'limit'>) => ReturnType<typeof concordanceLines> = (r) =>
    concordanceLines(ctx, r),
): Promise<Concordance> {
  const { page, limit, ...question } = req;
  const whole = await all(question);
  return { ...whole, page, limit, lines: whole.lines.slice((page - 1) * limit, page * limit) };
}

/** A line's reference as a reader cites it, for exports: "Organ, 13 oktober 2022, § 8, s. 10". */
export const lineReference = (l: ConcordanceLine) =>
  `${l.body ?? 'Okänt organ'}, ${formatDate(l.meetingDate)}, § ${l.itemNumber || '–'}, s. ${l.page}`;
