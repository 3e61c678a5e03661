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
import { analyseForIndex, analyseQuery } from '../domain/swedish/analyse.js';
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
  /** Meetings with a matching item, in all. */
  meetingCount: number;
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

/**
 * How often each of `wanted` occurs as a whole term in a space-separated stem field (the others are
 * not counted). Scanned in place: splitting each item's ~1.5 KB stem field cost the timeline ~2 ms a page.
 */
function stemCounts(stems: string, wanted: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of wanted) {
    let n = 0;
    for (let at = stems.indexOf(term); at >= 0; at = stems.indexOf(term, at + term.length)) {
      const end = at + term.length;
      if ((at === 0 || stems.charCodeAt(at - 1) === 32) && (end === stems.length || stems.charCodeAt(end) === 32)) n++;
    }
    counts.set(term, n);
  }
  return counts;
}

/**
 * Whether an item is about the issue rather than mentioning it: every query
 * stem in its title or in one of its substantive decisions, or the query's
 * rarest stem at least twice in the item.
 */
export function isAbout(query: readonly string[], hit: Pick<Hit, 'title' | 'decisions'> & { stems?: string }): boolean {
  if (query.length === 0) return true;
  const has = (text: string) => {
    // The index's analysis (compound parts and concepts included), not the query's.
    const own = new Set(analyseForIndex(text, false).split(' '));
    return query.every((s) => own.has(s));
  };
  // The cheap test first: the item's own stems are at hand, analysing its title and decisions is not.
  const counts = stemCounts(hit.stems ?? '', query);
  if (Math.min(...query.map((s) => counts.get(s) ?? 0)) >= 2) return true;
  if (has(hit.title)) return true;
  return (hit.decisions ?? []).some((d) => d.kind === 'substantive' && has(d.text));
}

export interface TimelineRequest extends ItemFilters {
  q: string;
  page?: number | undefined;
  meetings?: number | undefined;
}

export async function timeline(ctx: SearchContext, params: TimelineRequest): Promise<Timeline> {
  const query = [...new Set(analyseQuery(params.q).stems.split(' ').filter(Boolean))];
  const page = params.page ?? 1;
  const perPage = Math.min(params.meetings ?? TIMELINE_MEETINGS, TIMELINE_MAX_MEETINGS);
  const filter = itemFilter(params);
  // Totals and facets over every match, and this page's meetings (ids only): one round trip.
  const { counted, protocolIds, meetingCount } = await countWithMeetings(ctx, { q: params.q, filter, page, perPage });
  const empty = { q: params.q, total: counted.total, partial: counted.partial, page, perPage, facets: counted.facets };
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
    fields: ['decisions', ...(query.length ? (['stems'] as const) : [])],
  });
  const byId = new Map<string, TimelineMeeting>();
  for (const { stems, ...hit } of result.hits as (Hit & { stems?: string })[]) {
    let meeting = byId.get(hit.protocolId);
    if (!meeting) {
      meeting = { protocolId: hit.protocolId, body: hit.body, meetingDate: hit.meetingDate, items: [], mentions: [] };
      byId.set(hit.protocolId, meeting);
    }
    // Substantive decisions first: they are the point of a timeline.
    const decisions = [...(hit.decisions ?? [])].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'substantive' ? -1 : 1));
    const item = { ...hit, decisions };
    if (isAbout(query, { ...item, ...(stems === undefined ? {} : { stems }) })) meeting.items.push(item);
    else meeting.mentions.push(item);
  }
  const decided = (h: Hit) => ((h.decisions ?? []).some((d) => d.kind === 'substantive') ? 0 : 1);
  // Meetings in the page's date order (two meetings of one day interleave in the item order).
  const meetings = protocolIds.map((id) => byId.get(id)).filter((m): m is TimelineMeeting => m !== undefined);
  // Stable: agenda order within each group.
  for (const m of meetings) m.items.sort((a, b) => decided(a) - decided(b));
  return { ...empty, meetingCount, shown: result.hits.length, nextPage, meetings };
}
