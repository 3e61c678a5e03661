/**
 * Related agenda items: earlier and later items about the same matter in other
 * meetings and bodies, found without knowing the right words. The item's
 * distinctive words (its title's content words and the stems it repeats most)
 * become a query over the `stems` field where Meilisearch may drop the most
 * frequent words ("frequency" matching), ranked by relevance, then split by
 * date around the item.
 */
import { AppError } from '../domain/errors.js';
import type { ItemDocument } from '../domain/schemas.js';
import { analyseForIndex, analyseQuery, termOf } from '../domain/swedish/analyse.js';
import { meili } from '../domain/store/client.js';
import { quote } from './filters.js';
import type { SearchContext } from './context.js';
import { snippet } from '../domain/swedish/highlight.js';
import { HIT_FIELDS, termSearch } from './search.js';

/** Words in almost every item: they say nothing about the matter. */
const GENERIC_WORDS =
  'rapport information punkt möte mötet ärende ärendet fråga frågor arbete arbetet chefsgrupp chefsgruppen styrgrupp styrgruppen ' +
  'förslag beslut beslutar region regionen kommun kommunerna länet län örebro samverkan dialog diskussion övriga inledning avslut ' +
  'föregående protokoll dagordning agenda kort utvärdering sammanfattning presentation bilder projify ska behöver finns kommer även';
// Each word's own term too: the query analysis drops question words ("finns", "kommer") the text still has.
const GENERIC = new Set([...analyseQuery(GENERIC_WORDS, Infinity).stems.split(' '), ...GENERIC_WORDS.split(' ').map(termOf)]);

/** The stems that best name what an item is about (at most 8: Meilisearch reads 10 query words). */
export function distinctiveTerms(item: Pick<ItemDocument, 'title' | 'text' | 'presenters'>): string[] {
  const names = new Set(analyseQuery(item.presenters.join(' '), Infinity).stems.split(' '));
  const keep = (s: string) => s.length >= 4 && !GENERIC.has(s) && !names.has(s) && !/^\d+$/.test(s);
  const title = analyseQuery(item.title, Infinity).stems.split(' ').filter(keep);
  const counts = new Map<string, number>();
  for (const s of analyseForIndex(item.text, false).split(' ')) if (keep(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
  const frequent = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]).map(([s]) => s);
  return [...new Set([...title, ...frequent])].slice(0, 8);
}

export async function relatedItems(ctx: SearchContext, id: string, limit = 20) {
  const found = await meili(() =>
    ctx.client.index<ItemDocument>(ctx.names.items).search(null, { filter: [`id = ${quote(id)}`], limit: 1, attributesToRetrieve: ['id', 'protocolId', 'title', 'text', 'presenters', 'meetingDay', 'meetingDate', 'body', 'topics'] }),
  );
  const item = found.hits[0];
  if (!item) throw new AppError('not-found', `Det finns ingen dagordningspunkt med id "${id}".`);
  const terms = distinctiveTerms(item);
  if (terms.length === 0) return { item: { id: item.id, title: item.title, meetingDate: item.meetingDate, body: item.body }, terms, earlier: [], later: [] };
  const res = await meili(() =>
    ctx.client.index(ctx.names.items).search(terms.join(' '), {
      ...termSearch(terms, 'frequency'),
      filter: [`protocolId != ${quote(item.protocolId)}`],
      limit,
      showRankingScore: true,
      attributesToRetrieve: [...HIT_FIELDS, 'meetingDay', 'text'],
    }),
  );
  const hits = res.hits
    .filter((h) => (h._rankingScore ?? 0) >= 0.3)
    .map((h) => {
      const { _formatted, _rankingScore, meetingDay, text, ...rest } = h as Record<string, unknown>;
      const day = meetingDay as number | null;
      const relation = item.meetingDay === null || day === null ? 'undated' : day < item.meetingDay ? 'earlier' : day > item.meetingDay ? 'later' : 'same-day';
      return {
        ...(rest as Record<string, unknown>),
        relation,
        score: Math.round(((_rankingScore as number | undefined) ?? 0) * 1000) / 1000,
        snippet: snippet(typeof text === 'string' ? text : '', terms, 24),
        pdfUrl: `/api/protocols/${encodeURIComponent(String(rest.protocolId))}/source#page=${String(rest.page)}`,
      };
    });
  const byDate = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.meetingDate ?? '').localeCompare(String(b.meetingDate ?? ''));
  return {
    item: { id: item.id, title: item.title, meetingDate: item.meetingDate, body: item.body },
    terms,
    earlier: hits.filter((h) => h.relation === 'earlier').sort(byDate),
    later: hits.filter((h) => h.relation !== 'earlier').sort(byDate),
  };
}
