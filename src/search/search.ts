/**
 * Full-text search over agenda items (walking skeleton; extended by the search API).
 */
import type { ItemDocument } from '../core/schemas.js';
import { meili } from '../meili/client.js';
import type { SearchContext } from './context.js';

export interface SearchParams {
  q: string;
  page: number;
  limit: number;
}

export async function searchItems(ctx: SearchContext, params: SearchParams) {
  const res = await meili(() =>
    ctx.client.index<ItemDocument>(ctx.names.items).search(params.q, {
      page: params.page,
      hitsPerPage: params.limit,
      attributesToRetrieve: ['id', 'protocolId', 'body', 'meetingDate', 'year', 'itemNumber', 'title', 'topics', 'hasDecision', 'page'],
      attributesToCrop: ['text'],
      cropLength: 40,
      attributesToHighlight: ['text'],
      highlightPreTag: '<mark>',
      highlightPostTag: '</mark>',
    }),
  );
  return {
    total: res.totalHits ?? 0,
    page: params.page,
    limit: params.limit,
    hits: res.hits.map((h) => ({ ...h, snippet: (h._formatted as { text?: string } | undefined)?.text ?? '', _formatted: undefined })),
  };
}
