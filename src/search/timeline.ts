/**
 * The story of an issue: every agenda item matching a query, in date order,
 * grouped by meeting, each with its snippet, decisions and topics.
 */
import { itemFilter, type ItemFilters } from './filters.js';
import type { SearchContext } from './context.js';
import { queryItems, type Hit } from './search.js';

/** Items a timeline shows at most; `total` says how many matched. */
export const TIMELINE_LIMIT = 500;

export interface TimelineMeeting {
  protocolId: string;
  body: string | null;
  meetingDate: string | null;
  items: Hit[];
}

export async function timeline(ctx: SearchContext, params: ItemFilters & { q: string }) {
  const result = await queryItems(ctx, {
    q: params.q,
    filter: itemFilter(params),
    sort: 'date-asc',
    offset: 0,
    limit: TIMELINE_LIMIT,
    fields: ['decisions', 'topicEvidence'],
    facets: false,
  });
  const meetings: TimelineMeeting[] = [];
  for (const hit of result.hits) {
    let meeting = meetings[meetings.length - 1];
    if (!meeting || meeting.protocolId !== hit.protocolId) {
      meeting = { protocolId: hit.protocolId, body: hit.body, meetingDate: hit.meetingDate, items: [] };
      meetings.push(meeting);
    }
    // Substantive decisions first: they are the point of a timeline.
    const decisions = [...(hit.decisions ?? [])].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'substantive' ? -1 : 1));
    meeting.items.push({ ...hit, decisions });
  }
  return { q: params.q, total: result.total, partial: result.partial, shown: result.hits.length, meetings };
}
