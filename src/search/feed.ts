/**
 * Atom feeds (RFC 4287) for any search: the newest agenda items matching the
 * same parameters as /api/search, so a person can follow a matter in a feed
 * reader or Outlook's RSS folder instead of coming back to search again.
 *
 * Written with xmlbuilder2, which escapes text and attributes; characters XML
 * 1.0 cannot carry at all (control characters from a damaged PDF text layer)
 * are dropped first, since no escaping makes them legal.
 */
import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import { formatDate } from '../../domain/dates.js';
import { QUESTION_KEYS } from '../../domain/filter-keys.js';
import { corpusVersion } from './facets.js';
import { itemFilter } from './filters.js';
import { queryItems, type Hit, type SearchRequest } from './search.js';
import type { SearchContext } from './context.js';

const ATOM = 'http://www.w3.org/2005/Atom';

const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the control characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const clean = (s: string) => s.replace(INVALID_XML, '');

/** The request's filters as query parameters, in a fixed order (the feed's identity). */
export function feedQuery(params: SearchRequest): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of QUESTION_KEYS) {
    const value = (params as unknown as Record<string, unknown>)[key];
    if (value === undefined || value === '' || (key === 'topicsMode' && value === 'any')) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, String(v));
  }
  return out;
}

/** A Swedish title naming what the feed follows. */
function describe(params: SearchRequest): string {
  const parts: string[] = [];
  if (params.q.trim()) parts.push(`”${params.q.trim()}”`);
  if (params.topics?.length) parts.push(`ämne: ${params.topics.join(', ')}`);
  if (params.body?.length) parts.push(`organ: ${params.body.join(', ')}`);
  if (params.municipality?.length) parts.push(`kommun: ${params.municipality.join(', ')}`);
  if (params.type?.length) parts.push(`typ: ${params.type.join(', ')}`);
  if (params.yearFrom !== undefined || params.yearTo !== undefined)
    parts.push(`år ${params.yearFrom ?? ''}–${params.yearTo ?? ''}`);
  if (params.hasDecision) parts.push('med beslut');
  return parts.length ? parts.join(' · ') : 'alla dagordningspunkter';
}

const timestamp = (meetingDate: string | null, fallback: string) =>
  meetingDate ? `${meetingDate}T00:00:00Z` : fallback;

export interface FeedLinks {
  /** Scheme, host and port the reader reached us on, e.g. "https://protokoll.example.se". */
  origin: string;
}

/** GET /api/feed: an Atom document of the newest matching items, newest first. */
export async function itemFeed(ctx: SearchContext, params: SearchRequest, links: FeedLinks): Promise<string> {
  const [result, version] = await Promise.all([
    queryItems(ctx, {
      q: params.q,
      filter: itemFilter(params),
      sort: 'date-desc',
      offset: 0,
      limit: params.limit,
      facets: false,
    }),
    corpusVersion(ctx),
  ]);
  const query = feedQuery(params);
  const self = `${links.origin}/api/feed${query.size ? `?${query}` : ''}`;
  const ui = new URLSearchParams(query);
  ui.set('view', 'sok');
  ui.set('sort', 'date-desc');
  const fallback = version.updatedAt ?? new Date(0).toISOString();
  const newest = result.hits.find((h) => h.meetingDate)?.meetingDate ?? null;
  const updated = newest ? timestamp(newest, fallback) : fallback;

  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele(ATOM, 'feed', { 'xml:lang': 'sv' });
  feed
    .ele('id')
    .txt(`urn:protokollsok:feed:${createHash('sha256').update(query.toString()).digest('hex').slice(0, 32)}`);
  feed.ele('title').txt(clean(`Protokollsök – ${describe(params)}`));
  feed.ele('subtitle').txt(`${result.total} dagordningspunkter matchar; de ${result.hits.length} senaste visas.`);
  feed.ele('updated').txt(updated);
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: self });
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: `${links.origin}/?${ui}` });
  feed.ele('author').ele('name').txt('Protokollsök');
  feed.ele('generator').txt('Protokollsök');
  for (const hit of result.hits) entry(feed, hit, params.q, links.origin, fallback);
  return feed.end({ prettyPrint: true });
}

function entry(feed: ReturnType<typeof create>, hit: Hit, q: string, origin: string, fallback: string) {
  const item = new URLSearchParams({ view: 'protokoll', id: hit.protocolId, item: hit.itemNumber });
  if (q.trim()) item.set('q', q.trim());
  const when = timestamp(hit.meetingDate, fallback);
  const title = `${hit.itemNumber ? `${hit.itemNumber}. ` : ''}${hit.title}`;
  const meeting = `${hit.body ?? 'Okänt organ'}, ${formatDate(hit.meetingDate)}`;
  const e = feed.ele('entry');
  // The item id is derived from the protocol's source path and the item's position: stable across re-ingests.
  e.ele('id').txt(`urn:protokollsok:item:${hit.id}`);
  e.ele('title').txt(clean(`${title} (${meeting})`));
  e.ele('updated').txt(when);
  e.ele('published').txt(when);
  e.ele('link', { rel: 'alternate', type: 'text/html', href: `${origin}/?${item}` });
  e.ele('link', {
    rel: 'related',
    type: 'application/pdf',
    title: `PDF, sida ${hit.page}`,
    href: `${origin}${hit.pdfUrl}`,
  });
  if (hit.sourceUrl) e.ele('link', { rel: 'via', title: 'Originalet där det publicerades', href: hit.sourceUrl });
  e.ele('author')
    .ele('name')
    .txt(clean(hit.body ?? 'Okänt organ'));
  for (const topic of hit.topics) e.ele('category', { term: clean(topic) });
  // The snippet is HTML already (escaped text, <mark> around the matches): carried as type="html".
  const summary = `<p>${escapeHtml(meeting)} · punkt ${escapeHtml(hit.itemNumber || '–')}${hit.hasDecision ? ' · beslut' : ''}</p>${hit.snippet ? `<p>${hit.snippet}</p>` : ''}`;
  e.ele('summary', { type: 'html' }).txt(clean(summary));
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
