/** Decisions (beslut): items with a substantive decision, or any decision with includeRoutine. */
import { itemFilter, type ItemFilters } from './filters.js';
import type { SearchContext } from './context.js';
import { queryItems, type Sort } from './search.js';

export interface DecisionRequest extends ItemFilters {
  q: string;
  includeRoutine: boolean;
  sort: Sort;
  page: number;
  limit: number;
}

export async function searchDecisions(ctx: SearchContext, params: DecisionRequest) {
  const filter = itemFilter({ ...params, hasDecision: undefined });
  filter.push(params.includeRoutine ? ['hasDecision = true', 'hasRoutineDecision = true'] : 'hasDecision = true');
  const result = await queryItems(ctx, {
    q: params.q,
    filter,
    sort: params.sort,
    offset: (params.page - 1) * params.limit,
    limit: params.limit,
    fields: ['decisions'],
    snippetFrom: params.includeRoutine ? 'text' : 'decisionText',
  });
  // The hits are this answer's own objects: filtered in place rather than copied by spread.
  for (const hit of result.hits)
    hit.decisions = (hit.decisions ?? []).filter((d) => params.includeRoutine || d.kind === 'substantive');
  return {
    total: result.total,
    page: params.page,
    limit: params.limit,
    partial: result.partial,
    understood: result.understood,
    hits: result.hits,
    facets: result.facets,
  };
}
