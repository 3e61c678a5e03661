/** Trender: topics and terms per year, as a chart and a table with the denominators. */
import uPlot from 'uplot';
import { api, type Trends } from '../api.js';
import { h } from '../dom.js';
import { go, main, state } from '../router.js';
import { errorBox } from '../ui.js';

const UNIT_LABELS = { meetings: 'Andel möten', items: 'Andel dagordningspunkter', per10k: 'Punkter per 10 000 ord' } as const;
const COLORS = ['#1f6f8b', '#c2452d', '#5b8c2a', '#8e5ea2', '#d4a017', '#3c3c3c', '#e07b91', '#2a9d8f', '#8d6e63', '#546e7a', '#ad1457'];

declare global {
  interface Window {
    __trendData?: Trends;
  }
}

export async function renderTrends(p: URLSearchParams) {
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

