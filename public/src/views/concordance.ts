/**
 * Konkordans: every occurrence of the question's words in its context (keyword
 * in context), one line each, the occurrence in the middle; sorted by date or
 * by the word to its left or right; each line linked to its item and PDF page,
 * with "Kopiera citat"; the search's filters; CSV and xlsx of every line.
 */
import { QUESTION_KEYS } from '../../../domain/filter-keys.js';
import { api, ApiError, isAbort, type Concordance, type ConcordanceLine, type SearchResult } from '../api.js';
import { citation } from '../cite.js';
import { copyButton } from '../copy.js';
import { formatDate, h } from '../dom.js';
import { activeFilters, emptyFacets, facetCounts, filterPanel, filterToggle } from '../filters.js';
import { go, link, main, markScrolled, state } from '../router.js';
import { apiQuery, downloadLinks, errorBox, pager, plural } from '../ui.js';

const SORTS: [string, string][] = [
  ['date', 'Datum, äldst först'],
  ['date-desc', 'Datum, nyast först'],
  ['left', 'Ordet till vänster'],
  ['right', 'Ordet till höger'],
];
/** Lines a page shows. */
const PER_PAGE = 50;
/** What the view passes on: the question, its filters, the order and the page. */
const KEYS = [...QUESTION_KEYS, 'sort', 'page'];

/** Set by the pager: after the next render, the results' heading takes the focus. */
let focusResults = false;
/** Another page of the list: its results take the focus once shown. */
const toPage = (next: URLSearchParams) => {
  focusResults = true;
  go(next);
};

function line(l: ConcordanceLine, q: string) {
  const quote = () => citation(`${l.left}${l.match}${l.right}`, l);
  return h(
    'li',
    { class: 'kwic-row', 'data-item-id': l.itemId },
    h(
      'p',
      { class: 'kwic-line' },
      h('span', { class: 'left' }, h('span', {}, l.left)),
      h('mark', { class: 'match' }, l.match),
      h('span', { class: 'right' }, l.right),
    ),
    h(
      'p',
      { class: 'meta' },
      link(
        { view: 'protokoll', id: l.protocolId, item: l.itemNumber, q },
        `${formatDate(l.meetingDate)} · ${l.body ?? 'Okänt organ'} · ${l.itemNumber ? `punkt ${l.itemNumber}` : l.title}`,
        { title: l.title },
      ),
      l.field === 'title' ? ' (rubriken)' : '',
      ' · ',
      h('a', { href: l.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF, sida ${l.page}`),
      ' · ',
      copyButton('Kopiera citat', quote, { 'aria-label': 'Kopiera raden som citat med källa' }),
    ),
  );
}

function downloads(p: URLSearchParams) {
  return downloadLinks('Ladda ner alla rader:', (format) => {
    const q = apiQuery(p, [...QUESTION_KEYS, 'sort']);
    q.set('format', format);
    return `/api/concordance?${q}`;
  });
}

export async function renderConcordance(p: URLSearchParams) {
  const q = p.get('q') ?? '';
  const input = h('input', {
    type: 'search',
    id: 'kq',
    name: 'q',
    value: q,
    autocomplete: 'off',
    placeholder: 't.ex. samsjuklighet',
  });
  const sort = h(
    'select',
    {
      id: 'ksort',
      name: 'sort',
      onchange: () => {
        const next = state();
        next.set('sort', sort.value === 'date' ? '' : sort.value);
        next.delete('page');
        go(next);
      },
    },
    SORTS.map(([v, t]) => h('option', { value: v, selected: (p.get('sort') ?? 'date') === v }, t)),
  );
  const out = h('section', { class: 'results concordance', id: 'results', tabindex: '-1', 'aria-label': 'Konkordans' });
  const layout = h('div', { class: 'layout' }, out, h('div', { class: 'facet-slot' }));
  const toggleSlot = h('span', { class: 'toggle-slot' });
  const activeSlot = h('div', { class: 'active-slot' });
  main.replaceChildren(
    h('h1', {}, 'Konkordans'),
    h(
      'form',
      {
        class: 'searchbar',
        role: 'search',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const next = state();
          next.set('q', input.value);
          next.delete('page');
          go(next);
        },
      },
      h('label', { for: 'kq' }, 'Ord i sitt sammanhang'),
      input,
      h('label', { for: 'ksort' }, 'Ordning'),
      sort,
      h('button', { type: 'submit' }, 'Visa'),
      toggleSlot,
    ),
    activeSlot,
    layout,
  );
  if (!q.trim()) {
    out.replaceChildren(
      h(
        'p',
        { class: 'status' },
        'Skriv ett ord för att se varje förekomst i protokollen med orden före och efter, som i Korp.',
      ),
    );
    return;
  }
  out.setAttribute('aria-busy', 'true');
  out.replaceChildren(h('p', { class: 'status' }, 'Letar upp varje förekomst…'));
  const query = apiQuery(p, KEYS);
  query.set('limit', String(PER_PAGE));
  try {
    const facetQuery = apiQuery(p, QUESTION_KEYS);
    facetQuery.set('limit', '1');
    const [c, search] = await Promise.all([
      api<Concordance>(`/api/concordance?${query}`, { cancelPrevious: true }),
      api<SearchResult>(`/api/search?${facetQuery}`),
    ]);
    const counts = await facetCounts('/api/search', p, search.facets, QUESTION_KEYS);
    layout.querySelector('.facet-slot')!.replaceChildren(
      filterPanel(p, counts, {
        years: Object.keys(counts.year).map(Number).sort(),
        toggles: [['hasDecision', 'Bara punkter med beslut']],
      }),
    );
    toggleSlot.replaceChildren(filterToggle(p, () => layout));
    activeSlot.replaceChildren(activeFilters(p) ?? '');
    const pages = Math.max(1, Math.ceil(c.total / c.limit));
    const heading =
      c.total === 0
        ? `Inga förekomster av ”${q}”. Prova andra ord eller färre filter.`
        : `${plural(c.total, 'förekomst', 'förekomster')} i ${plural(c.items, 'dagordningspunkt', 'dagordningspunkter')}${c.partial ? ' som har de flesta av orden' : ''}`;
    out.setAttribute('aria-busy', 'false');
    out.replaceChildren(
      h('h2', { class: 'total', tabindex: '-1', 'aria-live': 'polite' }, heading),
      c.truncated
        ? h(
            'p',
            { class: 'hint' },
            'Fler dagordningspunkter matchar än konkordansen läser (1 000): de första i den valda ordningen visas. Smalna av med filter.',
          )
        : '',
      h(
        'ol',
        { class: 'kwic' },
        c.lines.map((l) => line(l, q)),
      ),
      ...(c.total > c.limit ? [pager(p, c.page, pages, toPage)] : []),
      ...(c.total > 0 ? [downloads(p)] : []),
    );
    if (focusResults) {
      focusResults = false;
      out.querySelector<HTMLElement>('.total')!.focus({ preventScroll: true });
      out.scrollIntoView({ block: 'start' });
      markScrolled();
    }
  } catch (error) {
    if (isAbort(error)) return;
    out.setAttribute('aria-busy', 'false');
    out.replaceChildren(errorBox(error));
    if (error instanceof ApiError && error.status === 400)
      layout.querySelector('.facet-slot')!.replaceChildren(
        filterPanel(p, emptyFacets(), {
          years: [],
          toggles: [['hasDecision', 'Bara punkter med beslut']],
          invalid: error.param,
        }),
      );
  }
}
