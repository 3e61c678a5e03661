/** Sök and Beslut: faceted search over agenda items, or over their decisions. */
import { attachSuggestions } from '../suggest.js';
import { api, ApiError, isAbort, type DecisionsResult, type Hit, type SearchResult } from '../api.js';
import { citation } from '../cite.js';
import { copyButton } from '../copy.js';
import { formatDate, h, markSpans, snippet, snippetText } from '../dom.js';
import { activeFilters, emptyFacets, facetCounts, filterPanel, filterToggle } from '../filters.js';
import { go, link, main, markScrolled, state } from '../router.js';
import { apiQuery, debounce, downloadLinks, errorBox, LIST_KEYS, pager, plural } from '../ui.js';
import { agendaBadge } from '../agenda.js';
import { ocrBadge } from '../ocr.js';
import { taggedFor } from '../topics.js';
import { watchBox } from './watch.js';
import { syntaxLine } from './syntax.js';

/** Set by the pager: after the next render, the results' heading takes the focus. */
let focusResults = false;
/** Another page of the list: its results take the focus once shown. */
const toPage = (next: URLSearchParams) => {
  focusResults = true;
  go(next);
};

/** A hit of Sök, or of Beslut with where the question's words stand in each decision. */
type ListHit = Hit & Partial<Pick<DecisionsResult['hits'][number], 'decisionMarks'>>;

/** The decisions, whole, the question's words marked, each with its own "Kopiera citat". */
function decisionList(hit: ListHit) {
  const decisions = hit.decisions ?? [];
  if (decisions.length === 0) return null;
  return h(
    'ul',
    { class: 'decisions' },
    decisions.map((d, i) =>
      h(
        'li',
        { class: `decision ${d.kind}` },
        d.kind === 'routine' ? h('span', { class: 'kind' }, 'Rutinbeslut: ') : null,
        h('span', { class: 'decision-text' }, ...markSpans(d.text, hit.decisionMarks?.[i] ?? [])),
        d.proposal ? h('span', { class: 'proposal' }, ` (enligt förslaget: ${d.proposal.text})`) : null,
        ' ',
        copyButton('Kopiera citat', () => citation(d.text, { ...hit, page: d.page }), {
          'aria-label': `Kopiera beslutet som citat med källa`,
        }),
      ),
    ),
  );
}

function hitItem(hit: ListHit, p: URLSearchParams, isDecisions: boolean) {
  const open = { view: 'protokoll', id: hit.protocolId, item: hit.itemNumber, q: p.get('q') ?? '' };
  return h(
    'li',
    { class: 'hit', 'data-item-id': hit.id },
    h('h3', {}, link(open, `${hit.itemNumber ? `${hit.itemNumber}. ` : ''}${hit.title}`, { class: 'hit-title' })),
    h(
      'p',
      { class: 'meta' },
      `${hit.body ?? 'Okänt organ'} · ${formatDate(hit.meetingDate)} · punkt ${hit.itemNumber || '–'}`,
      !isDecisions && hit.hasDecision ? h('span', { class: 'badge' }, 'Beslut') : null,
      agendaBadge(hit),
      ocrBadge(hit),
    ),
    // A decision is shown once: in Beslut the whole decision text, in Sök the snippet.
    isDecisions ? decisionList(hit) : hit.snippet ? snippet(hit.snippet) : null,
    hit.topics.length
      ? h(
          'p',
          { class: 'chips' },
          hit.topics.map((t) => h('span', { class: 'chip' }, t)),
        )
      : null,
    taggedFor(hit.topicEvidence),
    h(
      'p',
      { class: 'links' },
      // A meeting's formalia (opened, justerare chosen …) is no matter to follow.
      ...(hit.formalia ? [] : [link({ view: 'tidslinje', related: hit.id }, 'Följ frågan'), ' · ']),
      h('a', { href: hit.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF, sida ${hit.page}`),
      hit.sourceUrl
        ? h('span', {}, ' · ', h('a', { href: hit.sourceUrl, target: '_blank', rel: 'noopener' }, 'Originalet'))
        : null,
      // In Beslut each decision has its own; in Sök the snippet is the passage.
      isDecisions || !hit.snippet
        ? null
        : h(
            'span',
            {},
            ' · ',
            copyButton('Kopiera citat', () => citation(snippetText(hit.snippet), hit), {
              'aria-label': 'Kopiera utdraget som citat med källa',
            }),
          ),
    ),
  );
}

function downloads(p: URLSearchParams, endpoint: string) {
  return downloadLinks('Ladda ner träffarna:', (format) => {
    const q = apiQuery(
      p,
      [...LIST_KEYS, 'includeRoutine'].filter((k) => k !== 'page'),
    );
    q.set('format', format);
    return `${endpoint}?${q}`;
  });
}

export async function renderSearch(p: URLSearchParams, mode: 'sok' | 'beslut') {
  const isDecisions = mode === 'beslut';
  const endpoint = isDecisions ? '/api/decisions' : '/api/search';
  const keys = isDecisions ? [...LIST_KEYS, 'includeRoutine'] : LIST_KEYS;
  // While typing, only the results change: the search box keeps its focus and caret.
  let layout = main.dataset.view === mode ? main.querySelector<HTMLElement>('.layout') : null;
  if (!layout) {
    const input = h('input', {
      type: 'search',
      id: 'q',
      name: 'q',
      value: p.get('q') ?? '',
      autocomplete: 'off',
      placeholder: isDecisions ? 't.ex. suicidsamordning' : 't.ex. samsjuklighet, nära vård, SIP',
    });
    const sort = h(
      'select',
      { id: 'sort', name: 'sort' },
      ...[
        ['relevance', 'Relevans'],
        ['date-desc', 'Nyast först'],
        ['date-asc', 'Äldst först'],
      ].map(([v, t]) => h('option', { value: v!, selected: (p.get('sort') ?? 'relevance') === v }, t!)),
    );
    const update = (how: 'push' | 'replace') => {
      const next = state();
      next.set('q', input.value);
      next.set('sort', sort.value === 'relevance' ? '' : sort.value);
      next.delete('page');
      go(next, how);
    };
    input.addEventListener(
      'input',
      debounce(() => update('replace'), 250),
    );
    sort.addEventListener('change', () => update('push'));
    attachSuggestions(input, () => update('push'));
    layout = h(
      'div',
      { class: 'layout' },
      h('section', { class: 'results', id: 'results', tabindex: '-1', 'aria-label': 'Träffar' }),
      h('div', { class: 'facet-slot' }),
    );
    main.replaceChildren(
      h('h1', {}, isDecisions ? 'Beslut' : 'Sök i protokollen'),
      h(
        'form',
        {
          class: 'searchbar',
          role: 'search',
          onsubmit: (e: Event) => {
            e.preventDefault();
            update('push');
          },
        },
        h('label', { for: 'q' }, isDecisions ? 'Sök bland besluten' : 'Sökord'),
        input,
        h('label', { for: 'sort' }, 'Ordning'),
        sort,
        h('button', { type: 'submit' }, 'Sök'),
        h('span', { class: 'toggle-slot' }),
      ),
      h('div', { class: 'active-slot' }),
      layout,
    );
    main.dataset.view = mode;
  } else {
    const input = main.querySelector<HTMLInputElement>('#q');
    if (input && document.activeElement !== input) input.value = p.get('q') ?? '';
    const sort = main.querySelector<HTMLSelectElement>('#sort');
    if (sort) sort.value = p.get('sort') ?? 'relevance';
  }
  const results = layout.querySelector<HTMLElement>('.results')!;
  results.setAttribute('aria-busy', 'true');
  if (!results.firstChild) results.append(h('p', { class: 'status' }, 'Söker…'));
  try {
    const result = await api<SearchResult | DecisionsResult>(`${endpoint}?${apiQuery(p, keys)}`, {
      cancelPrevious: true,
    });
    const counts = await facetCounts(endpoint, p, result.facets, keys);
    const open = layout.classList.contains('filters-open');
    layout.querySelector('.facet-slot')!.replaceChildren(
      filterPanel(p, counts, {
        years: Object.keys(counts.year).map(Number).sort(),
        toggles: togglesFor(isDecisions),
      }),
    );
    main.querySelector('.toggle-slot')!.replaceChildren(filterToggle(p, () => main.querySelector('.layout')));
    if (open) main.querySelector('.filter-toggle')!.setAttribute('aria-expanded', 'true');
    main.querySelector('.active-slot')!.replaceChildren(activeFilters(p) ?? '');
    results.setAttribute('aria-busy', 'false');
    const page = Number(p.get('page') ?? '1');
    const pages = Math.max(1, Math.ceil(result.total / result.limit));
    const q = p.get('q');
    // What the query's syntax asked for (the search and the decision list both report it).
    const { understood } = result;
    const total =
      result.total === 0
        ? `Inga träffar${q ? ` för ”${q}”` : ''}. Prova färre filter eller andra ord.`
        : `${isDecisions ? `${plural(result.total, 'dagordningspunkt', 'dagordningspunkter')} med beslut` : plural(result.total, 'dagordningspunkt', 'dagordningspunkter')}${result.partial ? (understood?.ranked ? ' som har något av orden, flest och ovanligast först' : ' som har de flesta av orden (ingen har alla)') : ''}`;
    results.replaceChildren(
      h('h2', { class: 'total', tabindex: '-1', 'aria-live': 'polite' }, total),
      syntaxLine(understood, p) ?? '',
      h(
        'ol',
        { class: 'hits' },
        result.hits.map((hit) => hitItem(hit, p, isDecisions)),
      ),
      ...(result.total > result.limit ? [pager(p, page, pages, toPage)] : []),
      ...(result.total > 0 ? [downloads(p, endpoint)] : []),
      // Below the results, so the keyboard path from the search box to the first hit stays short.
      ...(isDecisions
        ? []
        : [
            watchBox(
              apiQuery(p),
              p.get('topics') && !q
                ? `ämnet ${p.getAll('topics').join(', ')}`
                : p.get('body') && !q
                  ? `organet ${p.getAll('body').join(', ')}`
                  : 'den här sökningen',
            ),
          ]),
    );
    if (focusResults) {
      focusResults = false;
      results.querySelector<HTMLElement>('.total')!.focus({ preventScroll: true });
      results.scrollIntoView({ block: 'start' });
      markScrolled();
    }
  } catch (error) {
    if (isAbort(error)) return;
    results.setAttribute('aria-busy', 'false');
    results.replaceChildren(errorBox(error));
    // A question the API refused (a year range backwards): the filters stay, to fix it where it was made.
    if (error instanceof ApiError && error.status === 400) {
      layout
        .querySelector('.facet-slot')!
        .replaceChildren(
          filterPanel(p, emptyFacets(), { years: [], toggles: togglesFor(isDecisions), invalid: error.param }),
        );
      main.querySelector('.active-slot')!.replaceChildren(activeFilters(p) ?? '');
    }
  }
}

const togglesFor = (isDecisions: boolean): [string, string][] =>
  isDecisions
    ? [['includeRoutine', 'Visa även rutinbeslut (dagordning, justering, protokoll)']]
    : [['hasDecision', 'Bara punkter med beslut']];
