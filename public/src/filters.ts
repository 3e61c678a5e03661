/**
 * The filter panel shared by Sök, Beslut and Tidslinje: facets where several
 * values of one facet widen the search (OR) and facets narrow each other (AND),
 * the active filters as removable chips, "Rensa filter", and on a phone a
 * button that shows and hides the panel.
 */
import { FILTER_KEYS, FILTER_LABELS, type FilterKey } from '../../domain/filter-keys.js';
import { api, type SearchResult } from './api.js';
import { h } from './dom.js';
import { go, state } from './router.js';
import { num } from './ui.js';

type FacetName = keyof SearchResult['facets'];

/** Facet → URL parameter and label, in panel order. */
export const FACETS: [FacetName, FilterKey, string][] = [
  ['body', 'body', 'Organ'],
  ['topics', 'topics', 'Ämne'],
  ['municipality', 'municipality', 'Kommun som nämns'],
  ['type', 'type', 'Dokumenttyp'],
];

/**
 * Every URL parameter that filters, with its label: the shared filters (domain/filter-keys.ts) and
 * the decision list's own toggle. The chips and "Rensa filter" know them all.
 */
const CHIP_LABELS: Record<string, string> = { ...FILTER_LABELS, includeRoutine: 'Även rutinbeslut' };
const CHIP_KEYS = [...FILTER_KEYS, 'includeRoutine'];

/** A chip's text: a yes/no filter by its label alone ("Bara beslut"), the others with their value. */
function chipText(key: string, value: string): string {
  const label = CHIP_LABELS[key] ?? key;
  if (key === 'hasDecision' && value === 'false') return 'Utan beslut';
  // Included unless asked otherwise (a trend's point leaves them out: its meetings count by their minutes).
  if (key === 'agendas') return value === 'false' || value === '0' ? `Utan ${label.toLowerCase()}` : '';
  if (key === 'topicsMode') return value === 'all' ? label : '';
  return value === 'true' ? label : `${label}: ${value}`;
}

const nextState = (mutate: (n: URLSearchParams) => void) => {
  const n = state();
  mutate(n);
  n.delete('page');
  go(n);
};

/**
 * Facet counts as a multi-select needs them: for a facet with values ticked,
 * the counts without that facet's own filter (so the other organs stay
 * visible, with what ticking them would add); the other facets as the result has them.
 */
export async function facetCounts(
  endpoint: string,
  p: URLSearchParams,
  result: SearchResult['facets'],
  keys: readonly string[],
): Promise<SearchResult['facets']> {
  const out = { ...result };
  await Promise.all(
    FACETS.filter(([, param]) => p.getAll(param).length > 0).map(async ([facet, param]) => {
      const q = new URLSearchParams();
      for (const k of keys)
        if (k !== param && k !== 'page' && k !== 'sort') for (const v of p.getAll(k)) if (v) q.append(k, v);
      q.set('limit', '1');
      const wider = await api<SearchResult>(`${endpoint}?${q}`);
      out[facet] = wider.facets[facet];
    }),
  );
  return out;
}

/** The active filters as chips, each with a remove button, and "Rensa filter". */
export function activeFilters(p: URLSearchParams): HTMLElement | null {
  const chips: HTMLElement[] = [];
  for (const key of CHIP_KEYS) {
    for (const value of p.getAll(key)) {
      const text = value ? chipText(key, value) : '';
      if (!text) continue;
      chips.push(
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'filter-chip',
              'aria-label': `Ta bort filtret ${text}`,
              onclick: () =>
                nextState((n) => {
                  const rest = n.getAll(key).filter((v) => v !== value);
                  n.delete(key);
                  for (const v of rest) n.append(key, v);
                }),
            },
            text,
            h('span', { 'aria-hidden': 'true' }, ' ×'),
          ),
        ),
      );
    }
  }
  if (chips.length === 0) return null;
  return h(
    'div',
    { class: 'active-filters' },
    h('span', { class: 'hint' }, 'Filter: '),
    h('ul', {}, chips),
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        onclick: () =>
          nextState((n) => {
            for (const k of CHIP_KEYS) n.delete(k);
          }),
      },
      'Rensa filter',
    ),
  );
}

/** How many filters are active (for the phone's "Filter (2)" button). */
export const activeCount = (p: URLSearchParams) =>
  CHIP_KEYS.reduce((n, k) => n + p.getAll(k).filter((v) => v && chipText(k, v)).length, 0);

/** The phone's filter button: shows and hides the panel; on a wide screen it moves focus into it. */
export function filterToggle(p: URLSearchParams, layout: () => HTMLElement | null): HTMLButtonElement {
  const count = activeCount(p);
  const button = h(
    'button',
    { type: 'button', class: 'filter-toggle', 'aria-controls': 'filters', 'aria-expanded': 'false' },
    count ? `Filter (${count})` : 'Filter',
  );
  button.addEventListener('click', () => {
    const l = layout();
    if (!l) return;
    const open = !l.classList.contains('filters-open');
    l.classList.toggle('filters-open', open);
    button.setAttribute('aria-expanded', String(open));
    if (open) l.querySelector<HTMLElement>('#filters input, #filters select')?.focus();
  });
  return button;
}

export interface PanelOptions {
  /** Years that exist, for the hint beside the year fields. */
  years: number[];
  /** Extra checkboxes at the end: [parameter, label]. */
  toggles: [string, string][];
  /** The parameter the API refused, marked invalid in the panel (a year range backwards). */
  invalid?: string | null;
}

/** No facet counts: the panel when the API refused the question (its fields stay to fix it). */
export const emptyFacets = (): SearchResult['facets'] => ({
  body: {},
  type: {},
  year: {},
  topics: {},
  municipality: {},
  caseNumber: {},
});

/** The filter panel: years, facets with counts (multi-select), toggles. */
export function filterPanel(p: URLSearchParams, counts: SearchResult['facets'], options: PanelOptions): HTMLElement {
  const panel = h('aside', { class: 'facets', id: 'filters', 'aria-label': 'Filter' });
  const yearInput = (name: 'yearFrom' | 'yearTo', label: string) =>
    h(
      'label',
      {},
      label,
      h('input', {
        type: 'number',
        name,
        inputmode: 'numeric',
        min: 1990,
        max: 2100,
        value: p.get(name) ?? '',
        'aria-invalid':
          options.invalid === name || (options.invalid === 'yearFrom' && name === 'yearTo') ? 'true' : null,
        onchange: (e: Event) => nextState((n) => n.set(name, (e.target as HTMLInputElement).value)),
      }),
    );
  const span = options.years.length ? `Träffarna är från ${options.years[0]}–${options.years.at(-1)}.` : '';
  panel.append(
    h(
      'fieldset',
      { class: 'years' },
      h('legend', {}, 'Period'),
      yearInput('yearFrom', 'Från år'),
      yearInput('yearTo', 'Till år'),
      span ? h('small', { class: 'hint' }, span) : null,
    ),
  );
  for (const [facet, param, label] of FACETS) {
    const values = counts[facet] ?? {};
    const selected = new Set(p.getAll(param));
    const entries = Object.entries(values).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'sv'));
    for (const s of selected) if (!(s in values)) entries.push([s, 0]);
    if (entries.length === 0) continue;
    panel.append(
      h(
        'fieldset',
        {},
        h('legend', {}, label),
        entries.slice(0, 30).map(([value, count]) =>
          h(
            'label',
            { class: 'facet' },
            h('input', {
              type: 'checkbox',
              name: param,
              value,
              checked: selected.has(value),
              onchange: (e: Event) =>
                nextState((n) => {
                  const chosen = new Set(n.getAll(param));
                  if ((e.target as HTMLInputElement).checked) chosen.add(value);
                  else chosen.delete(value);
                  n.delete(param);
                  for (const v of chosen) n.append(param, v);
                }),
            }),
            ` ${value} `,
            h('span', { class: 'count' }, `(${num(count)})`),
          ),
        ),
      ),
    );
  }
  for (const [param, label] of options.toggles) {
    panel.append(
      h(
        'label',
        { class: 'facet toggle' },
        h('input', {
          type: 'checkbox',
          name: param,
          checked: p.get(param) === 'true',
          onchange: (e: Event) => nextState((n) => n.set(param, (e.target as HTMLInputElement).checked ? 'true' : '')),
        }),
        ` ${label}`,
      ),
    );
  }
  return panel;
}
