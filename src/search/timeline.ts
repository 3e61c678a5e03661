/**
 * The story of an issue: every agenda item matching a query, in date order,
 * grouped by meeting. Within a meeting the items about the issue come first,
 * those with a decision before the rest; items that only mention it in passing
 * (the query's words once, in the text, not in the title or a decision) are
 * listed apart, for the UI to fold under "nämns också i".
 *
 * Paged by meeting, so that its cost does not grow with the corpus: one
 * multi-search counts the matches (total, facets) and finds the page's
 * meetings (ids only, one hit per meeting), and only the items of those
 * meetings are fetched with their decisions and text for the snippet.
 */
import type { ItemDocument } from '../../domain/schemas.js';
import type { Understood } from '../../domain/swedish/query-syntax.js';
import { itemFilter, quote, type ItemFilters } from './filters.js';
import type { SearchContext } from './context.js';
import { countWithMeetings, queryItems, type Facets, type Hit } from './search.js';

/** Meetings a timeline page shows unless asked otherwise, and at most. */
export const TIMELINE_MEETINGS = 20;
export const TIMELINE_MAX_MEETINGS = 100;
/** Items fetched for one page of meetings at most (a meeting has a few dozen agenda items). */
const PAGE_ITEMS = 2000;

export interface TimelineMeeting {
  protocolId: string;
  body: string | null;
  /** A kallelse or föredragningslista is marked: its items are proposals, and its minutes are another meeting entry. */
  docType: string | null;
  meetingDate: string | null;
  /** Items about the issue: those with a substantive decision first, then in agenda order. */
  items: Hit[];
  /** Items that mention the issue in passing. */
  mentions: Hit[];
}

export interface Timeline {
  q: string;
  /** Matching items in all meetings. */
  total: number;
  /** True when no item has every word and these have most of them (see search). */
  partial: boolean;
  /** What the query's syntax was read as, and the words of a query that searches nothing (as search answers). */
  understood: Understood;
  /** Meetings with a matching item, in all: their documents, each agenda beside its meeting's minutes. */
  meetingCount: number;
  /** Of them, kallelser and föredragningslistor ("i 4 möten och 1 kallelse eller föredragningslista"). */
  agendaCount: number;
  /** This page of meetings (1-based) and meetings per page. */
  page: number;
  perPage: number;
  /** Items on this page. */
  shown: number;
  /** The next page's number, or null on the last page. */
  nextPage: number | null;
  meetings: TimelineMeeting[];
  facets: Facets;
}

/** Whether every one of `wanted` is a whole term of a space-separated term list. Scanned in place, not split. */
function hasEveryTerm(terms: string, wanted: readonly string[]): boolean {
  return wanted.every((term) => {
    for (let at = terms.indexOf(term); at >= 0; at = terms.indexOf(term, at + term.length)) {
      const end = at + term.length;
      if ((at === 0 || terms.charCodeAt(at - 1) === 32) && (end === terms.length || terms.charCodeAt(end) === 32))
        return true;
    }
    return false;
  });
}

/** What isAbout reads of an item: its derived about and repeated terms (see domain/swedish/item-terms.ts). */
export type AboutFields = Pick<ItemDocument, 'aboutStems' | 'repeatedStems'>;

/**
 * Whether an item is about the issue rather than mentioning it: every query
 * stem in its title or in one of its substantive decisions, or every query
 * stem at least twice in the item. Read from the terms derived at ingest, so
 * the timeline neither fetches the item's whole `stems` nor analyses text.
 */
export function isAbout(query: readonly string[], item: AboutFields): boolean {
  if (query.length === 0) return true;
  return hasEveryTerm(item.repeatedStems, query) || item.aboutStems.some((terms) => hasEveryTerm(terms, query));
}

export interface TimelineRequest extends ItemFilters {
  q: string;
  page?: number | undefined;
  meetings?: number | undefined;
}

export async function timeline(ctx: SearchContext, params: TimelineRequest): Promise<Timeline> {
  const page = params.page ?? 1;
  const perPage = Math.min(params.meetings ?? TIMELINE_MEETINGS, TIMELINE_MAX_MEETINGS);
  const filter = itemFilter(params);
  // Totals and facets over every match, and this page's meetings (ids only): one round trip.
  const { counted, protocolIds, meetingCount, agendaCount } = await countWithMeetings(ctx, {
    q: params.q,
    filter,
    page,
    perPage,
  });
  // The terms the matches were found by: the analysed words, or what the search relaxed them to
  // (a compound no protocol writes as one word is searched as its parts).
  const query = [...new Set(counted.plan.searched)];
  const empty = {
    q: params.q,
    total: counted.total,
    partial: counted.partial,
    understood: counted.understood,
    page,
    perPage,
    facets: counted.facets,
    agendaCount,
  };
  if (counted.total === 0) return { ...empty, meetingCount: 0, shown: 0, nextPage: null, meetings: [] };
  const nextPage = page * perPage < meetingCount ? page + 1 : null;
  if (protocolIds.length === 0) return { ...empty, meetingCount, shown: 0, nextPage, meetings: [] };
  const result = await queryItems(ctx, {
    q: params.q,
    plan: counted.plan,
    filter: [...filter, protocolIds.map((id) => `protocolId = ${quote(id)}`)],
    sort: 'date-asc',
    offset: 0,
    limit: PAGE_ITEMS,
    facets: false,
    fields: ['decisions'],
    aside: ['aboutStems', 'repeatedStems'],
  });
  const byId = new Map<string, TimelineMeeting>();
  result.hits.forEach((item, i) => {
    let meeting = byId.get(item.protocolId);
    if (!meeting) {
      meeting = {
        protocolId: item.protocolId,
        body: item.body,
        docType: item.docType ?? null,
        meetingDate: item.meetingDate,
        items: [],
        mentions: [],
      };
      byId.set(item.protocolId, meeting);
    }
    // Substantive decisions first: they are the point of a timeline. The hit is this answer's own
    // object, so they are set in place: copying a page's 40 hits by rest and spread cost ~0.5 ms,
    // a quarter of the page's JavaScript (1,000 protocols, in one process).
    item.decisions = [...(item.decisions ?? [])].sort((a, b) =>
      a.kind === b.kind ? 0 : a.kind === 'substantive' ? -1 : 1,
    );
    const { aboutStems, repeatedStems } = result.aside[i] ?? {};
    // A document written before these fields existed (until its re-ingest) counts as about the issue.
    if (aboutStems === undefined || repeatedStems === undefined || isAbout(query, { aboutStems, repeatedStems }))
      meeting.items.push(item);
    else meeting.mentions.push(item);
  });
  const decided = (h: Hit) => ((h.decisions ?? []).some((d) => d.kind === 'substantive') ? 0 : 1);
  // Meetings in the page's date order (two meetings of one day interleave in the item order).
  const meetings = protocolIds.map((id) => byId.get(id)).filter((m): m is TimelineMeeting => m !== undefined);
  // Stable: agenda order within each group.
  for (const m of meetings) m.items.sort((a, b) => decided(a) - decided(b));
  return { ...empty, meetingCount, shown: result.hits.length, nextPage, meetings };
}
