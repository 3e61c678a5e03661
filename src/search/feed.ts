/**
 * Atom feeds (RFC 4287) for any search: the newest agenda items matching the
 * same parameters as /api/search, so a person can follow a matter in a feed
 * reader or Outlook's RSS folder instead of coming back to search again.
 *
 * Escaping by construction: the document is built as data and written by
 * fast-xml-builder, which escapes every &, <, >, ' and " in text and attributes
 * exactly once (xmlbuilder2, used before, leaves an "&x;" or "&lt;" in text as it
 * is, so a protocol's "&x;" made the feed invalid XML and its "&lt;script&gt;"
 * became live markup in readers). Titles and names are plain text; the summary
 * is HTML (type="html") made only of escaped text and <p>/<mark>, which the
 * writer then escapes once more as XML text. Characters XML 1.0 cannot carry at
 * all (control characters from a damaged PDF text layer) are dropped first,
 * since no escaping makes them legal.
 *
 * Links are built from PUBLIC_URL, or are root-relative (RFC 4287 resolves them
 * against the feed's own address); never from the request's Host header.
 */
import { createHash } from 'node:crypto';
import XMLBuilder from 'fast-xml-builder';
import { formatDate } from '../../domain/dates.js';
import { QUESTION_KEYS } from '../../domain/filter-keys.js';
import { withoutCredentials } from '../../domain/urls.js';
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
  /** PUBLIC_URL without a trailing slash ("https://protokoll.example.se"), or "" for root-relative links. */
  base: string;
}

type Node = Record<string, unknown>;

const writer = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  suppressEmptyNode: true,
  processEntities: true,
});

/** An element with attributes and text: the text is escaped by the writer, once. */
const text = (value: string, attributes: Record<string, string> = {}): Node => ({
  ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`@_${k}`, clean(v)])),
  '#text': clean(value),
});
const link = (attributes: Record<string, string>): Node =>
  Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`@_${k}`, clean(v)]));

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
      fields: ['decisions'],
    }),
    corpusVersion(ctx),
  ]);
  const query = feedQuery(params);
  const self = `${links.base}/api/feed${query.size ? `?${query}` : ''}`;
  const ui = new URLSearchParams(query);
  ui.set('view', 'sok');
  ui.set('sort', 'date-desc');
  const fallback = version.updatedAt ?? new Date(0).toISOString();
  const newest = result.hits.find((h) => h.meetingDate)?.meetingDate ?? null;
  const updated = newest ? timestamp(newest, fallback) : fallback;

  const feed: Node = {
    '@_xmlns': ATOM,
    '@_xml:lang': 'sv',
    id: `urn:protokollsok:feed:${createHash('sha256').update(query.toString()).digest('hex').slice(0, 32)}`,
    title: text(`Protokollsök – ${describe(params)}`),
    subtitle: text(`${result.total} dagordningspunkter matchar; de ${result.hits.length} senaste visas.`),
    updated,
    link: [
      link({ rel: 'self', type: 'application/atom+xml', href: self }),
      link({ rel: 'alternate', type: 'text/html', href: `${links.base}/?${ui}` }),
    ],
    author: { name: 'Protokollsök' },
    generator: 'Protokollsök',
    entry: result.hits.map((hit) => entry(hit, params.q, links.base, fallback)),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writer.build({ feed })}`;
}

function entry(hit: Hit, q: string, base: string, fallback: string): Node {
  const item = new URLSearchParams({ view: 'protokoll', id: hit.protocolId, item: hit.itemNumber });
  if (q.trim()) item.set('q', q.trim());
  const when = timestamp(hit.meetingDate, fallback);
  const title = `${hit.itemNumber ? `${hit.itemNumber}. ` : ''}${hit.title}`;
  const meeting = `${hit.body ?? 'Okänt organ'}, ${formatDate(hit.meetingDate)}`;
  const links = [
    link({ rel: 'alternate', type: 'text/html', href: `${base}/?${item}` }),
    link({ rel: 'related', type: 'application/pdf', title: `PDF, sida ${hit.page}`, href: `${base}${hit.pdfUrl}` }),
  ];
  const source = hit.sourceUrl ? withoutCredentials(hit.sourceUrl) : '';
  if (/^https?:\/\//i.test(source))
    links.push(link({ rel: 'via', title: 'Originalet där det publicerades', href: source }));
  // HTML built from escaped text only: the meeting line escaped here, the snippet by the highlighter
  // (its text escaped, <mark> around the matches). The writer escapes the whole as XML text.
  const summary = `<p>${escapeHtml(meeting)} · punkt ${escapeHtml(hit.itemNumber || '–')}${hit.hasDecision ? ' · beslut' : ''}</p>${hit.snippet ? `<p>${hit.snippet}</p>` : ''}${decisionsHtml(hit)}`;
  return {
    // The item id is derived from the protocol's source path and the item's position: stable across re-ingests.
    id: `urn:protokollsok:item:${hit.id}`,
    title: text(`${title} (${meeting})`),
    updated: when,
    published: when,
    link: links,
    author: { name: text(hit.body ?? 'Okänt organ') },
    category: hit.topics.map((topic) => link({ term: topic })),
    summary: text(summary, { type: 'html' }),
  };
}

/** A proposal longer than this is cut in a feed entry (the item's page has it whole). */
const PROPOSAL_CHARS = 600;

/** The item's decisions as the exports write them: "Beslut: … (enligt förslaget: …)", escaped. */
function decisionsHtml(hit: Hit): string {
  const cut = (s: string) => (s.length > PROPOSAL_CHARS ? `${s.slice(0, PROPOSAL_CHARS).trimEnd()} …` : s);
  return (hit.decisions ?? [])
    .filter((d) => d.kind === 'substantive')
    .map(
      (d) =>
        `<p>Beslut: ${escapeHtml(d.text)}${d.proposal ? ` (enligt förslaget: ${escapeHtml(cut(d.proposal.text))})` : ''}</p>`,
    )
    .join('');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One entry of an Atom document written by `writeAtom`. */
export interface AtomEntry {
  id: string;
  title: string;
  /** ISO timestamp. */
  updated: string;
  /** The entry's page in the UI. */
  link: string;
  /** A related PDF page, when there is one. */
  pdf?: { href: string; title: string };
  /** HTML (escaped by the caller), carried as type="html". */
  summary: string;
  author: string;
  categories?: readonly string[];
}

/** An Atom document (the same writer and escaping as the item feed), for other lists that people follow. */
export function writeAtom(
  head: { id: string; title: string; subtitle: string; updated: string; self: string; alternate: string },
  entries: readonly AtomEntry[],
): string {
  const feed: Node = {
    '@_xmlns': ATOM,
    '@_xml:lang': 'sv',
    id: head.id,
    title: text(head.title),
    subtitle: text(head.subtitle),
    updated: head.updated,
    link: [
      link({ rel: 'self', type: 'application/atom+xml', href: head.self }),
      link({ rel: 'alternate', type: 'text/html', href: head.alternate }),
    ],
    author: { name: 'Protokollsök' },
    generator: 'Protokollsök',
    entry: entries.map((x) => ({
      id: x.id,
      title: text(x.title),
      updated: x.updated,
      link: [
        link({ rel: 'alternate', type: 'text/html', href: x.link }),
        ...(x.pdf ? [link({ rel: 'related', type: 'application/pdf', title: x.pdf.title, href: x.pdf.href })] : []),
      ],
      author: { name: text(x.author) },
      category: (x.categories ?? []).map((c) => link({ term: c })),
      summary: text(x.summary, { type: 'html' }),
    })),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writer.build({ feed })}`;
}

export { escapeHtml };
