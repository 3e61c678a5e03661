/**
 * Vad är nytt: the words and topics that stand out in a period (or a body)
 * against a reference, ranked by G² with the log ratio, both raw counts and
 * both totals shown, new words marked; each word links to its items and to its
 * trend over the years.
 */
import { api, type CorpusFacets, type Keyness } from '../api.js';
import { h } from '../dom.js';
import { go, link, main, state } from '../router.js';
import { dec, downloadLinks, errorBox, num, plural } from '../ui.js';

const TITLE = 'Vad är nytt?';

interface KeynessState {
  period: string;
  reference: string;
  body: string;
  unit: 'words' | 'items';
  minCount: string;
}

/** Step 1: the state from the URL; the newest year against the others on a first visit. */
function readState(p: URLSearchParams, years: number[]): KeynessState {
  const newest = years.length ? String(Math.max(...years)) : '';
  return {
    period: p.get('period') ?? (p.get('body') ? '' : newest),
    reference: p.get('reference') ?? '',
    body: p.get('body') ?? '',
    unit: p.get('unit') === 'items' ? 'items' : 'words',
    minCount: p.get('minCount') ?? '',
  };
}

/** Step 2: the API question. */
function keynessQuery(s: KeynessState): URLSearchParams {
  const q = new URLSearchParams();
  if (s.period) q.set('period', s.period);
  if (s.reference) q.set('reference', s.reference);
  if (s.body) q.set('body', s.body);
  if (s.unit !== 'words') q.set('unit', s.unit);
  if (s.minCount) q.set('minCount', s.minCount);
  return q;
}

/** Step 3: the form; submitting it is a new URL. */
function controls(s: KeynessState, bodies: string[]): HTMLFormElement {
  const input = (name: keyof KeynessState, label: string, placeholder: string, size = 10) =>
    h('label', {}, label, h('input', { type: 'text', name, value: s[name], placeholder, size }));
  const form = h(
    'form',
    {
      class: 'trend-controls keyness-controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const next = new URLSearchParams({ view: 'nytt' });
        for (const key of ['period', 'reference', 'body', 'unit', 'minCount'])
          next.set(key, String(data.get(key) ?? '').trim());
        go(next);
      },
    },
    h(
      'div',
      { class: 'trend-fields' },
      input('period', 'Period (år eller spann)', 't.ex. 2024'),
      input('reference', 'Jämför med (tomt: övriga år)', 't.ex. 2021-2023'),
      h(
        'label',
        {},
        'Organ (jämförs med övriga organ)',
        h(
          'select',
          { name: 'body' },
          [['', 'Alla organ'] as [string, string], ...bodies.map((b): [string, string] => [b, b])].map(([v, t]) =>
            h('option', { value: v, selected: v === s.body }, t),
          ),
        ),
      ),
      h(
        'label',
        {},
        'Räkna',
        h(
          'select',
          { name: 'unit' },
          h('option', { value: 'words', selected: s.unit === 'words' }, 'förekomster'),
          h('option', { value: 'items', selected: s.unit === 'items' }, 'dagordningspunkter'),
        ),
      ),
      input('minCount', 'Minst antal', '3', 4),
      h('button', { type: 'submit' }, 'Jämför'),
    ),
  );
  return form;
}

const sideText = (side: Keyness['target'], unit: Keyness['unit']) =>
  `${plural(side.items, 'dagordningspunkt', 'dagordningspunkter')} i ${plural(side.protocols, 'möte', 'möten')}${unit === 'words' ? `, ${num(side.tokens)} ord` : ''}`;

/** Step 5: which sides were compared, and how big each is. */
function summary(k: Keyness): HTMLElement {
  return h(
    'p',
    { class: 'keyness-summary' },
    h('strong', {}, k.target.label || 'Målet'),
    `: ${sideText(k.target, k.unit)}. Jämfört med `,
    h('strong', {}, k.reference.label),
    `: ${sideText(k.reference, k.unit)}.`,
  );
}

/** A word's links: its items in the target, and its trend over every year. */
function termLinks(term: Keyness['terms'][number]) {
  return h(
    'span',
    { class: 'term-links' },
    h('a', { href: `?view=sok&${term.searchParams}` }, 'punkter'),
    ' · ',
    link({ view: 'trender', terms: term.term, topics: 'inga' }, 'trend'),
  );
}

/** Step 6: the ranked words with both counts, G² and log ratio. */
function termTable(k: Keyness): HTMLElement {
  if (!k.terms.length)
    return h(
      'p',
      { class: 'status' },
      `Inga ord sticker ut (minst ${k.minCount} ${k.unit === 'words' ? 'förekomster' : 'punkter'} och G² ≥ ${dec(k.minG2)}). Pröva en längre period eller ett lägre minsta antal.`,
    );
  const what = k.unit === 'words' ? 'förekomster' : 'punkter';
  return h(
    'div',
    { class: 'trend-table' },
    h(
      'table',
      { class: 'keyness-terms' },
      h(
        'caption',
        {},
        `Ord som är vanligare ${k.target.label ? `i ${k.target.label}` : 'i målet'} än i ${k.reference.label}, efter G² (log-likelihood). Antal ${what} på båda sidor; log-kvot +1 = dubbelt så vanligt.`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Ord'),
          h('th', { scope: 'col' }, k.target.label || 'Mål'),
          h('th', { scope: 'col' }, k.reference.label),
          h('th', { scope: 'col' }, 'G²'),
          h('th', { scope: 'col' }, 'Log-kvot'),
          h('th', { scope: 'col' }, 'Visa'),
        ),
      ),
      h(
        'tbody',
        {},
        k.terms.map((t) =>
          h(
            'tr',
            {},
            h(
              'th',
              { scope: 'row' },
              t.term,
              t.new ? ' ' : null,
              t.new ? h('span', { class: 'badge-new', title: `Förekommer inte i ${k.reference.label}` }, 'ny') : null,
            ),
            h('td', {}, num(t.countTarget), h('small', {}, `av ${num(t.totalTarget)}`)),
            h('td', {}, num(t.countReference), h('small', {}, `av ${num(t.totalReference)}`)),
            h('td', {}, dec(t.g2)),
            h('td', {}, dec(t.logRatio)),
            h('td', {}, termLinks(t)),
          ),
        ),
      ),
    ),
  );
}

/** Step 7: the topics, the same measures over items. */
function topicTable(k: Keyness): HTMLElement {
  return h(
    'div',
    { class: 'trend-table' },
    h(
      'table',
      { class: 'keyness-topics' },
      h('caption', {}, 'Ämnen: taggade dagordningspunkter på båda sidor, vanligast i målet först.'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Ämne'),
          h('th', { scope: 'col' }, k.target.label || 'Mål'),
          h('th', { scope: 'col' }, k.reference.label),
          h('th', { scope: 'col' }, 'G²'),
          h('th', { scope: 'col' }, 'Log-kvot'),
        ),
      ),
      h(
        'tbody',
        {},
        k.topics.map((t) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('a', { href: `?view=sok&${t.searchParams}` }, t.topic)),
            h('td', {}, num(t.countTarget), h('small', {}, `av ${num(t.totalTarget)}`)),
            h('td', {}, num(t.countReference), h('small', {}, `av ${num(t.totalReference)}`)),
            h('td', {}, dec(t.g2)),
            h('td', {}, dec(t.logRatio)),
          ),
        ),
      ),
    ),
  );
}

function downloads(query: URLSearchParams): HTMLElement {
  return downloadLinks('Ladda ner:', (format) => {
    const q = new URLSearchParams(query);
    q.set('format', format);
    return `/api/keyness?${q}`;
  });
}

declare global {
  interface Window {
    __keynessData?: Keyness;
  }
}

export async function renderKeyness(p: URLSearchParams) {
  main.replaceChildren(h('h1', {}, TITLE), h('p', { class: 'status' }, 'Räknar…'));
  let facets: CorpusFacets;
  try {
    facets = await api<CorpusFacets>('/api/facets');
  } catch (error) {
    main.replaceChildren(h('h1', {}, TITLE), errorBox(error));
    return;
  }
  const s = readState(p, Object.keys(facets.years).map(Number));
  const bodies = Object.keys(facets.bodies).sort((a, b) => a.localeCompare(b, 'sv'));
  const query = keynessQuery(s);
  const results = h('div', { class: 'keyness-results', 'aria-busy': 'true' }, h('p', { class: 'status' }, 'Räknar…'));
  main.replaceChildren(
    h('h1', {}, TITLE),
    h(
      'p',
      { class: 'hint' },
      'Vilka ord och ämnen sticker ut en period (eller i ett organ) jämfört med andra år (eller övriga organ)? Rangordnat efter G² (log-likelihood), med antalet på båda sidor.',
    ),
    controls(s, bodies),
    results,
  );
  let k: Keyness;
  try {
    k = await api<Keyness>(`/api/keyness?${query}`);
  } catch (error) {
    results.replaceChildren(errorBox(error));
    results.setAttribute('aria-busy', 'false');
    return;
  }
  window.__keynessData = k;
  results.replaceChildren(
    summary(k),
    downloads(query),
    h('h2', {}, 'Ord'),
    termTable(k),
    h('h2', {}, 'Ämnen'),
    topicTable(k),
  );
  results.setAttribute('aria-busy', 'false');
  // The state the URL had: a first visit's defaults written back, so the link can be shared.
  if (!p.has('period') && s.period) {
    const next = state();
    next.set('period', s.period);
    history.replaceState(history.state, '', `?${next}`);
  }
}
