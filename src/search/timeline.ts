/**
 * The story of an issue: every agenda item matching a query, in date order,
 * grouped by meeting. Within a meeting the items about the issue come first,
 * those with a decision before the rest; items that only mention it in passing
 * (the query's words once, in the text, not in the title or a decision) are
 * listed apart, for the UI to fold under "nämns också i".
 */
import { analyseForIndex, analyseQuery } from '../domain/swedish/analyse.js';
import { itemFilter, type ItemFilters } from './filters.js';
import type { SearchContext } from './context.js';
import { queryItems, type Facets, type Hit } from './search.js';

/** Items a timeline shows at most; `total` says how many matched. */
export const TIMELINE_LIMIT = 500;

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
  total: number;
  /** True when no item has every word and these have most of them (see search). */
  partial: boolean;
  shown: number;
  meetings: TimelineMeeting[];
  facets: Facets;
}

/** How often each stem occurs in a space-separated stem field. */
function stemCounts(stems: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of stems.split(' ')) if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
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
  if (has(hit.title)) return true;
  if ((hit.decisions ?? []).some((d) => d.kind === 'substantive' && has(d.text))) return true;
  const counts = stemCounts(hit.stems ?? '');
  return Math.min(...query.map((s) => counts.get(s) ?? 0)) >= 2;
}

export async function timeline(ctx: SearchContext, params: ItemFilters & { q: string }): Promise<Timeline> {
  const query = [...new Set(analyseQuery(params.q).stems.split(' ').filter(Boolean))];
  const result = await queryItems(ctx, {
    q: params.q,
    filter: itemFilter(params),
    sort: 'date-asc',
    offset: 0,
    limit: TIMELINE_LIMIT,
    fields: ['decisions', 'topicEvidence', ...(query.length ? (['stems'] as const) : [])],
  });
  const meetings: TimelineMeeting[] = [];
  for (const { stems, ...hit } of result.hits as (Hit & { stems?: string })[]) {
    let meeting = meetings[meetings.length - 1];
    if (!meeting || meeting.protocolId !== hit.protocolId) {
      meeting = { protocolId: hit.protocolId, body: hit.body, meetingDate: hit.meetingDate, items: [], mentions: [] };
      meetings.push(meeting);
    }
    // Substantive decisions first: they are the point of a timeline.
    const decisions = [...(hit.decisions ?? [])].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'substantive' ? -1 : 1));
    const item = { ...hit, decisions };
    if (isAbout(query, { ...item, ...(stems === undefined ? {} : { stems }) })) meeting.items.push(item);
    else meeting.mentions.push(item);
  }
  const decided = (h: Hit) => ((h.decisions ?? []).some((d) => d.kind === 'substantive') ? 0 : 1);
  // Stable: agenda order within each group.
  for (const m of meetings) m.items.sort((a, b) => decided(a) - decided(b));
  return { q: params.q, total: result.total, partial: result.partial, shown: result.hits.length, meetings, facets: result.facets };
}
