/**
 * Protokollsök's web UI: Sök, Trender, Tidslinje, Beslut and the protocol view.
 * The URL holds the whole state (shareable links; back and forward work).
 */
import uPlot from 'uplot';
import { api, ApiError, isAbort, type Hit, type SearchResult, type Trends } from './api.js';
import { formatDate, h, markSpans, paragraphs, snippet } from './dom.js';

type View = 'sok' | 'trender' | 'tidslinje' | 'beslut' | 'protokoll';

const main = document.getElementById('main')!;
const state = () => new URLSearchParams(location.search);
const viewOf = (p: URLSearchParams): View => (['sok', 'trender', 'tidslinje', 'beslut', 'protokoll'].includes(p.get('view') ?? '') ? (p.get('view') as View) : 'sok');

/** Moves to a new state: pushed (a new history entry) or replaced (typing). */
function go(params: URLSearchParams, mode: 'push' | 'replace' = 'push') {
  for (const [k, v] of [...params]) if (v === '') params.delete(k);
  const url = `?${params.toString()}`;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  void render();
}

function link(params: Record<string, string>, text: string, attrs: Record<string, string> = {}) {
  const p = new URLSearchParams(params);
  return h('a', { href: `?${p}`, ...attrs, onclick: (e: Event) => {
    const me = e as MouseEvent;
    if (me.ctrlKey || me.metaKey || me.shiftKey) return;
    e.preventDefault();
    go(p);
  } }, text);
}

function errorBox(error: unknown) {
  const detail = error instanceof ApiError ? error.detail : 'Ett oväntat fel inträffade.';
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Sökningen misslyckades – försök igen. '), detail);
}

const debounce = <A extends unknown[]>(fn: (...a: A) => void, ms: number) => {
  let t: number | undefined;
  return (...a: A) => {
    window.clearTimeout(t);
    t = window.setTimeout(() => fn(...a), ms);
  };
};

// ───────────────────────────── Sök and Beslut ─────────────────────────────

const FACET_LABELS: [keyof SearchResult['facets'], string, string][] = [
  ['body', 'body', 'Organ'],
  ['type', 'type', 'Dokumenttyp'],
  ['topics', 'topics', 'Ämne'],
  ['municipality', 'municipality', 'Kommun'],
];
const FILTER_KEYS = ['q', 'body', 'type', 'topics', 'municipality', 'yearFrom', 'yearTo', 'hasDecision', 'sort', 'page'];

function apiQuery(p: URLSearchParams, keys = FILTER_KEYS) {
  const out = new URLSearchParams();
  for (const k of keys) for (const v of p.getAll(k)) if (v) out.append(k, v);
  return out;
}

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

async function renderSearch(p: URLSearchParams, mode: 'sok' | 'beslut') {
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
      h('p', { class: 'total' }, result.total === 0 ? `Inga träffar${p.get('q') ? ` för ”${p.get('q')}”` : ''}. Prova färre filter eller andra ord.` : `${result.total} ${isDecisions ? 'beslut' : 'dagordningspunkter'}${result.partial ? ' som har de flesta av orden (ingen har alla)' : ''}`),
      h('ol', { class: 'hits' }, result.hits.map((hit) => hitItem(hit, p, isDecisions))),
      ...(result.total > result.limit ? [pager] : []),
    );
  } catch (error) {
    if (isAbort(error)) return;
    results.setAttribute('aria-busy', 'false');
    results.replaceChildren(errorBox(error));
  }
}

// ───────────────────────────── Protokoll ─────────────────────────────

interface ProtocolView {
  id: string;
  body: string | null;
  docType: string | null;
  meetingDate: string | null;
  place: string | null;
  time: string | null;
  secretary: string | null;
  chair: string | null;
  sourceUrl: string;
  municipalitiesPresent: string[];
  attendees: { name: string; role: string; organisation: string | null; present: boolean; note: string | null }[];
  items: { id: string; itemNumber: string; title: string; text: string; marks?: { title: [number, number][]; text: [number, number][] }; page: number; pdfUrl: string; topics: string[]; presenters: string[]; decisions: { text: string; kind: string }[]; topicEvidence: { label: string; evidence: string[] }[] }[];
}

async function renderProtocol(p: URLSearchParams) {
  main.replaceChildren(h('p', { class: 'status' }, 'Hämtar protokollet…'));
  let protocol: ProtocolView;
  try {
    const q = p.get('q') ?? '';
    protocol = await api<ProtocolView>(`/api/protocols/${encodeURIComponent(p.get('id') ?? '')}${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  } catch (error) {
    main.replaceChildren(errorBox(error));
    return;
  }
  const words = (p.get('q') ?? '').split(/\s+/).filter(Boolean);
  const marks: HTMLElement[] = [];
  let current = -1;
  const counter = h('span', { class: 'counter', 'aria-live': 'polite' }, '');
  const step = (delta: number) => {
    if (marks.length === 0) return;
    marks[current]?.classList.remove('current');
    current = (current + delta + marks.length) % marks.length;
    const mark = marks[current]!;
    mark.classList.add('current');
    mark.scrollIntoView({ block: 'center' });
    counter.textContent = `Träff ${current + 1} av ${marks.length}`;
  };
  const items = protocol.items.map((item) => {
    const text = h('div', { class: 'item-text' }, ...paragraphs(item.text).map(([from, to]) => h('p', {}, ...markSpans(item.text, item.marks?.text ?? [], from, to))));
    return h('section', { class: 'item', id: `punkt-${item.itemNumber}`, 'data-number': item.itemNumber },
      h('h2', {}, `${item.itemNumber ? `${item.itemNumber}. ` : ''}`, ...markSpans(item.title, item.marks?.title ?? [])),
      h('p', { class: 'meta' }, item.presenters.length ? `Föredragande: ${item.presenters.join(', ')} · ` : '', h('a', { href: item.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF, sida ${item.page}`), ' · ', link({ view: 'tidslinje', related: item.id }, 'Följ frågan')),
      item.topics.length ? h('p', { class: 'chips' }, item.topicEvidence.map((t) => h('span', { class: 'chip', title: `Belägg: ${t.evidence.join(', ')}` }, t.label))) : null,
      text,
      item.decisions.length ? h('div', { class: 'decision-box' }, h('h3', {}, 'Beslut'), h('ul', {}, item.decisions.map((d) => h('li', { class: `decision ${d.kind}` }, d.kind === 'routine' ? `(formellt) ${d.text}` : d.text)))) : null);
  });
  const present = protocol.attendees.filter((a) => a.present);
  main.replaceChildren(
    h('p', {}, h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); history.back(); } }, '← Tillbaka')),
    h('h1', {}, protocol.body ?? 'Protokoll'),
    h('p', { class: 'meta' }, `${protocol.docType ?? 'Dokument'} · ${formatDate(protocol.meetingDate)}${protocol.time ? ` kl. ${protocol.time}` : ''}${protocol.place ? ` · ${protocol.place}` : ''} · `, h('a', { href: protocol.sourceUrl, target: '_blank', rel: 'noopener' }, 'Öppna PDF')),
    h('details', {}, h('summary', {}, `Närvarande (${present.length}) · kommuner: ${protocol.municipalitiesPresent.join(', ') || '–'}`),
      h('ul', { class: 'attendees' }, protocol.attendees.map((a) => h('li', { class: a.present ? '' : 'absent' }, `${a.name}${a.organisation ? `, ${a.organisation}` : ''}${a.present ? '' : ' (frånvarande)'}`)))),
    ...(words.length ? [h('div', { class: 'occurrences' }, h('button', { type: 'button', onclick: () => step(-1) }, '↑ Föregående träff'), h('button', { type: 'button', onclick: () => step(1) }, '↓ Nästa träff'), counter)] : []),
    h('div', { class: 'items' }, items),
  );
  marks.push(...main.querySelectorAll<HTMLElement>('mark.occurrence'));
  counter.textContent = words.length ? `${marks.length} träffar` : '';
  const target = document.getElementById(`punkt-${p.get('item') ?? ''}`);
  if (target) {
    target.classList.add('target');
    target.scrollIntoView({ block: 'start' });
    const firstInItem = marks.findIndex((m) => target.contains(m));
    if (firstInItem >= 0) {
      current = firstInItem - 1;
      step(1);
    }
  }
}

// ───────────────────────────── Trender ─────────────────────────────

const UNIT_LABELS = { meetings: 'Andel möten', items: 'Andel dagordningspunkter', per10k: 'Punkter per 10 000 ord' } as const;
const COLORS = ['#1f6f8b', '#c2452d', '#5b8c2a', '#8e5ea2', '#d4a017', '#3c3c3c', '#e07b91', '#2a9d8f', '#8d6e63', '#546e7a', '#ad1457'];

declare global {
  interface Window {
    __trendData?: Trends;
  }
}

async function renderTrends(p: URLSearchParams) {
  main.replaceChildren(h('h1', {}, 'Trender över åren'), h('p', { class: 'status' }, 'Räknar…'));
  let topics: { label: string; items: number }[];
  let facets: { bodies: Record<string, number>; municipalities: Record<string, number> };
  try {
    [{ topics }, facets] = await Promise.all([api<{ topics: { label: string; items: number }[] }>('/api/topics'), api<typeof facets>('/api/facets')]);
  } catch (error) {
    main.replaceChildren(h('h1', {}, 'Trender över åren'), errorBox(error));
    return;
  }
  const selected = new Set(p.getAll('topics').length || p.get('terms') ? p.getAll('topics') : ['nära vård', 'psykisk hälsa', 'samsjuklighet']);
  const unit = (p.get('unit') ?? 'items') as keyof typeof UNIT_LABELS;
  const relative = p.get('scale') !== 'absolute';
  const change = (mutate: (n: URLSearchParams) => void) => {
    const next = state();
    next.set('view', 'trender');
    mutate(next);
    go(next);
  };
  const select = (name: string, label: string, options: [string, string][], value: string) =>
    h('label', {}, label, h('select', { name, onchange: (e: Event) => change((n) => n.set(name, (e.target as HTMLSelectElement).value)) },
      options.map(([v, t]) => h('option', { value: v, selected: v === value }, t))));
  const terms = h('input', { type: 'text', name: 'terms', value: p.get('terms') ?? '', placeholder: 't.ex. SIP, hemsjukvård' });
  const controls = h('form', { class: 'trend-controls', onsubmit: (e: Event) => { e.preventDefault(); change((n) => n.set('terms', terms.value)); } },
    h('fieldset', {}, h('legend', {}, 'Ämnen'), topics.map((t) => h('label', { class: 'facet' }, h('input', {
      type: 'checkbox', name: 'topics', value: t.label, checked: selected.has(t.label),
      onchange: (e: Event) => change((n) => {
        const s = new Set(selected);
        if ((e.target as HTMLInputElement).checked) s.add(t.label);
        else s.delete(t.label);
        n.delete('topics');
        for (const v of s) n.append('topics', v);
        if (s.size === 0 && !n.get('terms')) n.append('topics', '');
      }),
    }), ` ${t.label}`))),
    h('label', {}, 'Egna sökord (kommaseparerade)', terms), h('button', { type: 'submit' }, 'Visa'),
    select('scale', 'Visa', [['relative', 'Andel'], ['absolute', 'Antal']], relative ? 'relative' : 'absolute'),
    relative ? select('unit', 'Enhet', Object.entries(UNIT_LABELS) as [string, string][], unit) : null,
    select('body', 'Organ', [['', 'Alla organ'], ...Object.keys(facets.bodies).sort((a, b) => a.localeCompare(b, 'sv')).map((b): [string, string] => [b, b])], p.get('body') ?? ''),
    select('municipality', 'Kommun', [['', 'Alla kommuner'], ...Object.keys(facets.municipalities).sort((a, b) => a.localeCompare(b, 'sv')).map((m): [string, string] => [m, m])], p.get('municipality') ?? ''));

  const query = new URLSearchParams();
  for (const t of selected) if (t) query.append('topics', t);
  if (p.get('terms')) query.set('terms', p.get('terms')!);
  for (const k of ['body', 'municipality']) if (p.get(k)) query.set(k, p.get(k)!);
  query.set('unit', unit);
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'Linjediagram över ämnen per år' });
  const table = h('div', { class: 'trend-table' });
  const downloads = h('p', { class: 'downloads' });
  main.replaceChildren(h('h1', {}, 'Trender över åren'), controls, chartBox, downloads, table);
  let trends: Trends;
  try {
    trends = await api<Trends>(`/api/trends?${query}`);
  } catch (error) {
    chartBox.replaceWith(errorBox(error));
    return;
  }
  window.__trendData = trends;
  chartBox.dataset.series = JSON.stringify(trends.series.map((s) => ({ label: s.label, items: s.points.map((pt) => pt.items) })));
  if (trends.years.length === 0 || trends.series.length === 0) {
    chartBox.replaceWith(h('p', { class: 'status' }, 'Inga data att visa. Välj minst ett ämne eller sökord.'));
    return;
  }
  const value = (pt: { items: number; share: number }) => (relative ? (unit === 'per10k' ? pt.share : pt.share * 100) : pt.items);
  const openPoint = (seriesIndex: number, yearIndex: number) => {
    const point = trends.series[seriesIndex]?.points[yearIndex];
    if (point) go(new URLSearchParams(`view=sok&${point.searchParams}`));
  };
  const width = Math.min(900, main.clientWidth - 8);
  const plot = new uPlot(
    {
      width,
      height: 320,
      scales: { x: { time: false } },
      axes: [{ incrs: [1, 2, 5, 10], values: (_u, v) => v.map((x) => String(x)) }, { label: relative ? (unit === 'per10k' ? 'per 10 000 ord' : 'procent') : 'antal punkter', size: 60 }],
      series: [{ label: 'År' }, ...trends.series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length]!, width: 2, points: { size: 7 }, value: (_u: uPlot, v: number | null) => (v === null ? '–' : relative && unit !== 'per10k' ? `${v.toFixed(1)} %` : String(Math.round(v * 100) / 100)) }))],
      cursor: { focus: { prox: 30 } },
      focus: { alpha: 0.4 },
    },
    [trends.years, ...trends.series.map((s) => s.points.map(value))],
    chartBox,
  );
  plot.over.addEventListener('click', () => {
    const idx = plot.cursor.idx;
    if (idx === null || idx === undefined) return;
    const y = plot.posToVal(plot.cursor.top ?? 0, 'y');
    let best = 0;
    trends.series.forEach((s, i) => {
      if (Math.abs(value(s.points[idx]!) - y) < Math.abs(value(trends.series[best]!.points[idx]!) - y)) best = i;
    });
    openPoint(best, idx);
  });
  const csv = new URLSearchParams(query);
  csv.set('format', 'csv');
  downloads.replaceChildren(
    h('a', { href: `/api/trends?${csv}`, download: '' }, 'Ladda ner CSV'), ' · ',
    h('a', { href: '#', onclick: (e: Event) => {
      e.preventDefault();
      const a = h('a', { href: plot.ctx.canvas.toDataURL('image/png'), download: 'protokollsok-trender.png' });
      a.click();
    } }, 'Ladda ner PNG'),
    h('span', { class: 'hint' }, ' · Klicka på en punkt eller en siffra för att se dagordningspunkterna.'));
  table.replaceChildren(h('table', {},
    h('caption', {}, 'Antal dagordningspunkter (och möten) per år, med årets totala antal – nämnaren'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Serie'), trends.years.map((y) => h('th', { scope: 'col' }, String(y))))),
    h('tbody', {},
      trends.series.map((s, si) => h('tr', {}, h('th', { scope: 'row' }, s.label), s.points.map((pt, yi) => h('td', {}, pt.items > 0 ? h('a', { href: `?view=sok&${pt.searchParams}`, onclick: (e: Event) => { e.preventDefault(); openPoint(si, yi); } }, `${pt.items} (${pt.meetings})`) : '0')))),
      h('tr', { class: 'denominator' }, h('th', { scope: 'row' }, 'Totalt: punkter (möten)'), (trends.series[0]?.points ?? []).map((pt) => h('td', {}, `${pt.totalItems} (${pt.totalMeetings})`))))));
}

// ───────────────────────────── Tidslinje ─────────────────────────────

interface TimelineResult {
  total: number;
  shown: number;
  meetings: { protocolId: string; body: string | null; meetingDate: string | null; items: Hit[] }[];
}
interface RelatedResult {
  item: { id: string; title: string; meetingDate: string | null; body: string | null };
  terms: string[];
  earlier: Hit[];
  later: Hit[];
}

function timelineItem(hit: Hit, q: string) {
  return h('li', { class: 'tl-item' },
    h('h3', {}, link({ view: 'protokoll', id: hit.protocolId, item: hit.itemNumber, q }, `${hit.itemNumber}. ${hit.title}`)),
    hit.body ? h('p', { class: 'meta' }, `${hit.body} · ${formatDate(hit.meetingDate)}`) : null,
    hit.snippet ? snippet(hit.snippet) : null,
    hit.decisions?.filter((d) => d.kind === 'substantive').length ? h('ul', { class: 'decisions' }, hit.decisions.filter((d) => d.kind === 'substantive').map((d) => h('li', { class: 'decision substantive' }, d.text))) : null,
    h('p', { class: 'chips' }, hit.topics.map((t) => h('span', { class: 'chip' }, t))));
}

async function renderTimeline(p: URLSearchParams) {
  const related = p.get('related');
  const input = h('input', { type: 'search', id: 'tq', name: 'q', value: p.get('q') ?? '', placeholder: 't.ex. hälso- och sjukvård i hemmet' });
  const out = h('section', { class: 'timeline', 'aria-live': 'polite' });
  main.replaceChildren(h('h1', {}, 'Tidslinje'),
    h('form', { class: 'searchbar', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); go(new URLSearchParams({ view: 'tidslinje', q: input.value })); } },
      h('label', { for: 'tq' }, 'Fråga att följa'), input, h('button', { type: 'submit' }, 'Visa tidslinje')), out);
  try {
    if (related) {
      out.replaceChildren(h('p', { class: 'status' }, 'Letar efter samma fråga i andra möten…'));
      const r = await api<RelatedResult>(`/api/items/${encodeURIComponent(related)}/related`);
      const list = (title: string, hits: Hit[]) => h('div', {}, h('h2', {}, title), hits.length ? h('ol', { class: 'tl-items' }, hits.map((x) => timelineItem(x, ''))) : h('p', {}, 'Inga.'));
      out.replaceChildren(h('p', {}, `Frågan i ”${r.item.title}” (${r.item.body ?? ''}, ${formatDate(r.item.meetingDate)}) – ord som följs: ${r.terms.join(', ') || '–'}`),
        list('Tidigare', r.earlier), list('Senare och samma dag', r.later));
      return;
    }
    if (!p.get('q')) {
      out.replaceChildren(h('p', { class: 'status' }, 'Skriv en fråga för att se alla möten där den togs upp, i tidsordning.'));
      return;
    }
    out.replaceChildren(h('p', { class: 'status' }, 'Söker…'));
    const t = await api<TimelineResult>(`/api/timeline?${apiQuery(p, ['q', 'body', 'topics', 'municipality', 'yearFrom', 'yearTo'])}`);
    out.replaceChildren(
      h('p', { class: 'total' }, t.total === 0 ? 'Inga möten tog upp frågan.' : `${t.total} dagordningspunkter i ${t.meetings.length} möten${t.shown < t.total ? ` (de ${t.shown} första visas)` : ''}`),
      h('ol', { class: 'meetings' }, t.meetings.map((m) => h('li', { class: 'meeting' },
        h('h2', {}, h('time', { datetime: m.meetingDate ?? '' }, formatDate(m.meetingDate)), ` – ${m.body ?? ''}`),
        h('ol', { class: 'tl-items' }, m.items.map((x) => timelineItem(x, p.get('q') ?? '')))))));
  } catch (error) {
    out.replaceChildren(errorBox(error));
  }
}

// ───────────────────────────── Router ─────────────────────────────

async function render() {
  const p = state();
  const view = viewOf(p);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
    if (a.dataset.view === (view === 'protokoll' ? 'sok' : view)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `Protokollsök – ${{ sok: 'Sök', trender: 'Trender', tidslinje: 'Tidslinje', beslut: 'Beslut', protokoll: 'Protokoll' }[view]}`;
  if (view !== 'sok' && view !== 'beslut') delete main.dataset.view;
  if (view === 'trender') await renderTrends(p);
  else if (view === 'tidslinje') await renderTimeline(p);
  else if (view === 'protokoll') await renderProtocol(p);
  else await renderSearch(p, view === 'beslut' ? 'beslut' : 'sok');
  main.dataset.ready = view;
}

for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
  a.addEventListener('click', (e) => {
    e.preventDefault();
    go(new URLSearchParams({ view: a.dataset.view ?? 'sok' }));
  });
}
window.addEventListener('popstate', () => void render());
void render();
