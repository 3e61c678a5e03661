/** Protocols: the list, one protocol with all its items, one item (the source file: ingest/service.ts). */
import { formaliaKind } from '../../domain/formalia.js';
import { AppError } from '../../domain/errors.js';
import type { ItemDocument, ProtocolDocument } from '../../domain/schemas.js';
import { meili } from '../../domain/store/client.js';
import { highlightSpans, type Span } from '../../domain/swedish/highlight.js';
import { protocolFilter, quote, type ItemFilters } from './filters.js';
import type { SearchContext } from './context.js';
import { markedTerms } from './marks.js';

const ITEM_FIELDS = [
  'id',
  'itemNumber',
  'itemOrdinal',
  'title',
  'text',
  'page',
  'pages',
  'presenters',
  'municipalities',
  'topics',
  'topicEvidence',
  'decisions',
  'hasDecision',
  'ocr',
  'ocrConfidence',
  'caseNumbers',
  'assignments',
] as const;

export interface ProtocolListRequest
  extends Pick<ItemFilters, 'body' | 'type' | 'yearFrom' | 'yearTo' | 'municipality' | 'topics'> {
  sort: 'date-desc' | 'date-asc';
  page: number;
  limit: number;
}

const LIST_FIELDS = [
  'id',
  'sourceFile',
  'body',
  'docType',
  'meetingDate',
  'year',
  'dateStatus',
  'place',
  'itemCount',
  'pageCount',
  'topics',
  'hasDecision',
  'municipalitiesPresent',
  'ocr',
  'ocrConfidence',
];

export async function listProtocols(ctx: SearchContext, req: ProtocolListRequest) {
  const res = await meili(() =>
    ctx.client.index<ProtocolDocument>(ctx.names.protocols).search(null, {
      filter: protocolFilter(req),
      sort: [`meetingDay:${req.sort === 'date-asc' ? 'asc' : 'desc'}`],
      page: req.page,
      hitsPerPage: req.limit,
      attributesToRetrieve: LIST_FIELDS,
    }),
  );
  return {
    total: res.totalHits ?? 0,
    page: req.page,
    limit: req.limit,
    protocols: res.hits.map((p) => ({ ...p, sourceUrl: `/api/protocols/${encodeURIComponent(p.id)}/source` })),
  };
}

async function findProtocol(ctx: SearchContext, id: string): Promise<ProtocolDocument> {
  const res = await meili(() =>
    ctx.client.index<ProtocolDocument>(ctx.names.protocols).search(null, { filter: [`id = ${quote(id)}`], limit: 1 }),
  );
  const protocol = res.hits[0];
  if (!protocol) throw new AppError('not-found', `Det finns inget protokoll med id "${id}".`);
  return protocol;
}

/**
 * One protocol with every item. With a query, each item also carries `marks`:
 * where the query matches its title and text, by the search's own analysis
 * (inflections, å/ä/ö, compound parts, synonyms), as [start, end) offsets.
 */
export async function getProtocol(ctx: SearchContext, id: string, q = '') {
  const protocol = await findProtocol(ctx, id);
  const items = await meili(() =>
    ctx.client.index<ItemDocument>(ctx.names.items).search(null, {
      filter: [`protocolId = ${quote(id)}`],
      sort: ['itemOrdinal:asc'],
      limit: 1000,
      attributesToRetrieve: [...ITEM_FIELDS],
    }),
  );
  const source = `/api/protocols/${encodeURIComponent(id)}/source`;
  // The query as typed: its words, phrases and alternatives marked, its exclusions and years not.
  const terms = markedTerms(q);
  const marks = (i: Pick<ItemDocument, 'title' | 'text'>): { marks?: { title: Span[]; text: Span[] } } =>
    terms.length ? { marks: { title: highlightSpans(i.title, terms), text: highlightSpans(i.text, terms) } } : {};
  return {
    ...protocol,
    // sourceUrl is this service's copy; the harvested original is originalUrl (and listingUrl).
    sourceUrl: source,
    originalUrl: protocol.sourceUrl ?? null,
    // `formalia`: the kind of a meeting's own item (opened, justerare chosen …), which Följ frågan does not follow.
    items: items.hits.map((i) => ({
      ...i,
      ...marks(i),
      formalia: formaliaKind(i.title),
      pdfUrl: `${source}#page=${i.page}`,
    })),
  };
}

export async function getProtocolItem(ctx: SearchContext, id: string, number: string) {
  const protocol = await findProtocol(ctx, id);
  const res = await meili(() =>
    ctx.client.index<ItemDocument>(ctx.names.items).search(null, {
      filter: [`protocolId = ${quote(id)}`, `itemNumber = ${quote(number)}`],
      sort: ['itemOrdinal:asc'],
      limit: 1,
      attributesToRetrieve: [...ITEM_FIELDS, 'protocolId', 'body', 'meetingDate', 'year'],
    }),
  );
  const item = res.hits[0];
  if (!item) throw new AppError('not-found', `Protokollet ${id} har ingen punkt ${number}.`);
  return {
    ...item,
    protocol: { id: protocol.id, body: protocol.body, meetingDate: protocol.meetingDate },
    pdfUrl: `/api/protocols/${encodeURIComponent(id)}/source#page=${item.page}`,
  };
}
