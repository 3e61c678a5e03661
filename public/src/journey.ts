/**
 * The question travels: the views that answer a question (Sök, Tidslinje,
 * Trender, Beslut, Konkordans, and Uppdrag once registered) carry its words
 * and filters to one another, through the nav links and the "Samma fråga"
 * links each offers. Pure (URLSearchParams in and out, no DOM), so it is
 * tested without a browser. The filters are the shared list of
 * domain/filter-keys.ts; Trender names things its own way (a free-text series
 * is `terms`, the kommun filter means the meetings it attended), so the
 * translation lives here, once.
 */
import { FILTER_KEYS } from '../../domain/filter-keys.js';

export interface JourneyView {
  view: string;
  /** The link offering this view from another one. */
  offer: string;
}

/** The views a question can be asked in, in the order they are offered. */
export const JOURNEY: readonly JourneyView[] = [
  { view: 'sok', offer: 'Visa träffarna' },
  { view: 'tidslinje', offer: 'Visa som tidslinje' },
  { view: 'trender', offer: 'Visa trend' },
  { view: 'beslut', offer: 'Visa beslut' },
  { view: 'uppdrag', offer: 'Visa uppdrag' },
  { view: 'konkordans', offer: 'Visa konkordans' },
];

export const isJourneyView = (view: string) => JOURNEY.some((j) => j.view === view);

/** Trender's "no topic chosen" marker: not a topic to carry anywhere. */
const NO_TOPIC = 'inga';

/** Views whose list has the search's order (relevance, newest, oldest). */
const SORTED_LIKE_SEARCH = new Set(['sok', 'beslut']);

/** The question as words: Trender's first own term, or q. */
function wordsOf(from: URLSearchParams, fromView: string): string {
  if (fromView === 'trender') {
    const terms = (from.get('terms') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    return terms[0] ?? '';
  }
  return (from.get('q') ?? '').trim();
}

/**
 * The question and filters of a state of `fromView`, as the view `to` reads them. Views and
 * parameters outside the journey (a protocol's id, a page number, the trend unit) stay behind.
 */
export function carry(from: URLSearchParams, fromView: string, to: string): URLSearchParams {
  const out = new URLSearchParams({ view: to });
  const q = wordsOf(from, fromView);
  const copy = (key: string, as = key) => {
    for (const v of from.getAll(key)) if (v && v !== NO_TOPIC) out.append(as, v);
  };
  if (fromView === 'trender') {
    // Trender's filters: organ, the kommun that attended (`present` elsewhere), years.
    if (q) out.set('q', q);
    // Topics are series there; without words they become the filter "any of these topics".
    else copy('topics');
    copy('body');
    copy('municipality', to === 'trender' ? 'municipality' : 'present');
    copy('yearFrom');
    copy('yearTo');
    return out;
  }
  if (to === 'trender') {
    if (q) out.set('terms', q);
    // Without words, the topic filter becomes the topic series; beside words, the words' own trend is the question.
    else copy('topics');
    copy('body');
    copy('present', 'municipality');
    copy('yearFrom');
    copy('yearTo');
    return out;
  }
  if (q) out.set('q', q);
  for (const key of FILTER_KEYS) copy(key);
  // Uppdrag filters by one year: a one-year range becomes it, and it becomes a one-year range.
  if (to === 'uppdrag' && from.get('yearFrom') && from.get('yearFrom') === from.get('yearTo')) {
    out.delete('yearFrom');
    out.delete('yearTo');
    out.set('year', from.get('yearFrom')!);
  }
  if (fromView === 'uppdrag' && from.get('year') && to !== 'uppdrag') {
    out.set('yearFrom', from.get('year')!);
    out.set('yearTo', from.get('year')!);
  }
  if (SORTED_LIKE_SEARCH.has(fromView) && SORTED_LIKE_SEARCH.has(to)) copy('sort');
  return out;
}

/** Whether a state holds a question worth offering elsewhere: words, or a filter. */
export function hasQuestion(p: URLSearchParams, view: string): boolean {
  const carried = carry(p, view, 'tidslinje');
  carried.delete('view');
  return carried.size > 0;
}
