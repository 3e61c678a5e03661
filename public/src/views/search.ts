/** Sök and Beslut: faceted search over agenda items, or over their decisions. */
import { api, isAbort, type Hit, type SearchResult } from '../api.js';
import { formatDate, h, snippet } from '../dom.js';
import { go, link, main, state } from '../router.js';
import { apiQuery, debounce, errorBox } from '../ui.js';

const FACET_LABELS: [keyof SearchResult['facets'], string, string][] = [
  ['body', 'body', 'Organ'],
  ['type', 'type', 'Dokumenttyp'],
  ['topics', 'topics', 'Ämne'],
  ['municipality', 'municipality', 'Kommun'],
];
function hitItem(hit: Hit, p: URLSearchParams, showDecisions: boolean) {
  const open = { view: 'protokoll', id: hit.protocolId, item: hit.itemNumber, q: p.get('q') ?? '' };
  return h(
    'li',
    { class: 'hit', 'data-item-id': hit.id },
    h('h3', {}, link(open, `${hit.itemNumber ? `${hit.itemNumber}. ` : ''}${hit.title}`, { class: 'hit-title' })),
    h('p', { class: 'meta' }, `${hit.body ?? 'Okänt organ'} · ${formatDate(hit.meetingDate)} · punkt ${hit.itemNumber || '–'}`, hit.hasDecision ? h('span', { class: 'badge' }, 'Beslut') : null),
    hit.snippet ? snippet(hit.snippet) : null,
    showDecisions && hit.decisions?.length ? h('ul', { class: 'decisions' }, hit.decisions.map((d) => h('li', { class: `decision ${d.kind}` }, d.text))) : null,
    h('p', { class: 'chips' }, hit.topics.map((t) => h('span', { class: 'chip' }, t))),
    h(
      'p',
      { class: 'links' },
      link({ view: 'tidslinje', related: hit.id }, 'Följ frågan'),
      ' · ',
      h('a', { href: hit.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF, sida ${hit.page}`),
    ),
  );
}

function facetPanel(result: SearchResult, p: URLSearchParams) {
  const panel = h('aside', { class: 'facets', 'aria-label': 'Filtrera' });
  const years = Object.keys(result.facets.year).map(Number).sort();
  const yearInput = (name: 'yearFrom' | 'yearTo', label: string) =>
    h('label', {}, label, h('input', {
      type: 'number', name, inputmode: 'numeric', min: 1990, max: 2100, value: p.get(name) ?? '', placeholder: String(name === 'yearFrom' ? (years[0] ?? '') : (years.at(-1) ?? '')),
      onchange: (e: Event) => {
        const next = state();
        next.set(name, (e.target as HTMLInputElement).value);
        next.delete('page');
        go(next);
      },
    }));
  panel.append(h('fieldset', {}, h('legend', {}, 'Period'), yearInput('yearFrom', 'Från år'), yearInput('yearTo', 'Till år')));
  for (const [facet, param, label] of FACET_LABELS) {
    const counts = result.facets[facet];
    const selected = new Set(p.getAll(param));
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'sv'));
    for (const s of selected) if (!(s in counts)) entries.push([s, 0]);
    if (entries.length === 0) continue;
    panel.append(
      h('fieldset', {}, h('legend', {}, label), entries.slice(0, 30).map(([value, count]) =>
        h('label', { class: 'facet' }, h('input', {
          type: 'checkbox', name: param, value, checked: selected.has(value),
          onchange: (e: Event) => {
            const next = state();
            const values = new Set(next.getAll(param));
            if ((e.target as HTMLInputElement).checked) values.add(value);
            else values.delete(value);
            next.delete(param);
            for (const v of values) next.append(param, v);
            next.delete('page');
            go(next);
          },
        }), ` ${value} `, h('span', { class: 'count' }, `(${count})`)),
      )),
    );
  }
  panel.append(h('label', { class: 'facet' }, h('input', {
    type: 'checkbox', name: 'hasDecision', checked: p.get('hasDecision') === 'true',
    onchange: (e: Event) => {
      const next = state();
      next.set('hasDecision', (e.target as HTMLInputElement).checked ? 'true' : '');
      next.delete('page');
      go(next);
    },
  }), ' Bara beslut'));
  return panel;
}

export async function renderSearch(p: URLSearchParams, mode: 'sok' | 'beslut') {
  const isDecisions = mode === 'beslut';
  // While typing, only the results change: the search box keeps its focus and caret.
  let layout = main.dataset.view === mode ? main.querySelector<HTMLElement>('.layout') : null;
  if (!layout) {
    const input = h('input', { type: 'search', id: 'q', name: 'q', value: p.get('q') ?? '', autocomplete: 'off', placeholder: isDecisions ? 't.ex. suicidsamordning' : 't.ex. samsjuklighet, nära vård, SIP' });
    const sort = h('select', { id: 'sort', name: 'sort' },
      ...[['relevance', 'Relevans'], ['date-desc', 'Nyast först'], ['date-asc', 'Äldst först']].map(([v, t]) => h('option', { value: v!, selected: (p.get('sort') ?? 'relevance') === v }, t!)));
    const update = (how: 'push' | 'replace') => {
      const next = state();
      next.set('q', input.value);
      next.set('sort', sort.value === 'relevance' ? '' : sort.value);
      next.delete('page');
      go(next, how);
    };
    input.addEventListener('input', debounce(() => update('replace'), 250));
    sort.addEventListener('change', () => update('push'));
    layout = h('div', { class: 'layout' }, h('div', { class: 'facet-slot' }), h('section', { class: 'results', 'aria-live': 'polite' }));
    main.replaceChildren(
      h('h1', {}, isDecisions ? 'Beslut' : 'Sök i protokollen'),
      h('form', { class: 'searchbar', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); update('push'); } },
        h('label', { for: 'q' }, isDecisions ? 'Sök bland besluten' : 'Sökord'), input,
        h('label', { for: 'sort' }, 'Ordning'), sort,
        h('button', { type: 'submit' }, 'Sök')),
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
    const query = apiQuery(p);
    const result = await api<SearchResult>(`/api/${isDecisions ? 'decisions' : 'search'}?${query}`, { cancelPrevious: true });
    layout.firstElementChild!.replaceWith(facetPanel(result, p));
    results.setAttribute('aria-busy', 'false');
    const page = Number(p.get('page') ?? '1');
    const pages = Math.max(1, Math.ceil(result.total / result.limit));
    const pager = h('nav', { class: 'pager', 'aria-label': 'Sidor' },
      page > 1 ? link(Object.fromEntries([...p, ['page', String(page - 1)]]), '← Föregående') : null,
      h('span', {}, `Sida ${page} av ${pages}`),
      page < pages ? link(Object.fromEntries([...p, ['page', String(page + 1)]]), 'Nästa →') : null);
    results.replaceChildren(
      h('p', { class: 'total' }, result.total === 0 ? `Inga träffar${p.get('q') ? ` för ”${p.get('q')}”` : ''}. Prova färre filter eller andra ord.` : `${result.total} ${isDecisions ? 'beslut' : 'dagordningspunkter'}`),
      h('ol', { class: 'hits' }, result.hits.map((hit) => hitItem(hit, p, isDecisions))),
      ...(result.total > result.limit ? [pager] : []),
    );
  } catch (error) {
    if (isAbort(error)) return;
    results.setAttribute('aria-busy', 'false');
    results.replaceChildren(errorBox(error));
  }
}

