/** Trender: topics and terms per year, as a chart and a table with the denominators. */
import uPlot from 'uplot';
import { api, type CorpusFacets, type TopicsResult, type Trends } from '../api.js';
import { h } from '../dom.js';
import { go, link, main, state } from '../router.js';
import { dec, errorBox, num, pct, plural } from '../ui.js';
import { watchBox } from './watch.js';

type Unit = Trends['unit'];
type Point = Trends['series'][number]['points'][number];

const UNIT_LABELS: Record<Unit, string> = {
  meetings: 'Andel möten',
  items: 'Andel dagordningspunkter',
  per10k: 'Punkter per 10 000 ord',
};
const COLORS = [
  '#1f6f8b',
  '#c2452d',
  '#5b8c2a',
  '#8e5ea2',
  '#b8860b',
  '#3c3c3c',
  '#d0587e',
  '#2a9d8f',
  '#8d6e63',
  '#546e7a',
  '#ad1457',
];
/** Shown on a first visit; the URL says so once the user changes the choice. */
const DEFAULT_TOPICS = ['nära vård', 'psykisk hälsa', 'samsjuklighet'];
/** In the URL when the user has unticked every topic: no series, not the defaults back. */
const NONE = 'inga';

declare global {
  interface Window {
    __trendData?: Trends;
  }
}

/** The charted value of a point: percent of the denominator, items per 10 000 words, or the count. */
const chartValue = (unit: Unit, relative: boolean, pt: Point): number | null =>
  !relative ? pt.items : pt.share === null ? null : unit === 'per10k' ? pt.share : pt.share * 100;

const formatValue = (unit: Unit, relative: boolean, v: number | null) =>
  v === null ? '–' : !relative ? num(v) : unit === 'per10k' ? dec(v) : pct(v);

/** What a point is made of, in words: "3 av 6 möten". */
const partOf = (unit: Unit, pt: Point) =>
  unit === 'meetings'
    ? `${num(pt.meetings)} av ${plural(pt.totalMeetings, 'möte', 'möten')}`
    : unit === 'items'
      ? `${num(pt.items)} av ${num(pt.totalItems)} punkter`
      : plural(pt.items, 'punkt', 'punkter');

/** A PNG for a report: title, the chart with its axes, a legend and the source. */
function chartPng(plot: uPlot, title: string, labels: string[], source: string): string {
  const chart = plot.ctx.canvas;
  const ratio = chart.width / plot.width;
  const pad = 16 * ratio;
  const line = 22 * ratio;
  const legendRows = Math.ceil(labels.length / 3);
  const canvas = document.createElement('canvas');
  canvas.width = chart.width + 2 * pad;
  canvas.height = chart.height + pad * 2 + line * (2 + legendRows) + line;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1d2326';
  ctx.font = `600 ${16 * ratio}px system-ui, sans-serif`;
  ctx.fillText(title, pad, pad + line * 0.8);
  ctx.drawImage(chart, pad, pad + line * 1.5);
  ctx.font = `${13 * ratio}px system-ui, sans-serif`;
  const colWidth = (canvas.width - 2 * pad) / 3;
  labels.forEach((label, i) => {
    const x = pad + (i % 3) * colWidth;
    const y = pad + line * 1.5 + chart.height + line * (1 + Math.floor(i / 3));
    ctx.fillStyle = COLORS[i % COLORS.length]!;
    ctx.fillRect(x, y - 9 * ratio, 18 * ratio, 4 * ratio);
    ctx.fillStyle = '#1d2326';
    ctx.fillText(label, x + 24 * ratio, y - 3 * ratio);
  });
  ctx.fillStyle = '#5b6770';
  ctx.font = `${11 * ratio}px system-ui, sans-serif`;
  ctx.fillText(source, pad, canvas.height - pad);
  return canvas.toDataURL('image/png');
}

export async function renderTrends(p: URLSearchParams) {
  main.replaceChildren(h('h1', {}, 'Trender över åren'), h('p', { class: 'status' }, 'Räknar…'));
  let topics: TopicsResult['topics'];
  let facets: CorpusFacets;
  try {
    [{ topics }, facets] = await Promise.all([api<TopicsResult>('/api/topics'), api<CorpusFacets>('/api/facets')]);
  } catch (error) {
    main.replaceChildren(h('h1', {}, 'Trender över åren'), errorBox(error));
    return;
  }
  const chosen = p.getAll('topics').filter((t) => t && t !== NONE);
  const untouched = !p.has('topics') && !p.get('terms');
  const selected = new Set(untouched ? DEFAULT_TOPICS : chosen);
  const unit = (['items', 'meetings', 'per10k'].includes(p.get('unit') ?? '') ? p.get('unit') : 'items') as Unit;
  const relative = p.get('scale') !== 'absolute';
  const change = (mutate: (n: URLSearchParams) => void) => {
    const next = state();
    next.set('view', 'trender');
    mutate(next);
    go(next);
  };
  const select = (name: string, label: string, options: [string, string][], value: string) =>
    h(
      'label',
      {},
      label,
      h(
        'select',
        { name, onchange: (e: Event) => change((n) => n.set(name, (e.target as HTMLSelectElement).value)) },
        options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
      ),
    );
  const terms = h('input', {
    type: 'text',
    name: 'terms',
    value: p.get('terms') ?? '',
    placeholder: 't.ex. SIP, hemsjukvård',
  });
  const sorted = (o: Record<string, number>) => Object.keys(o).sort((a, b) => a.localeCompare(b, 'sv'));
  const controls = h(
    'form',
    {
      class: 'trend-controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        change((n) => n.set('terms', terms.value));
      },
    },
    h(
      'fieldset',
      { class: 'topics' },
      h('legend', {}, 'Ämnen'),
      topics.map((t) =>
        h(
          'label',
          { class: 'facet' },
          h('input', {
            type: 'checkbox',
            name: 'topics',
            value: t.label,
            checked: selected.has(t.label),
            onchange: (e: Event) =>
              change((n) => {
                const s = new Set(selected);
                if ((e.target as HTMLInputElement).checked) s.add(t.label);
                else s.delete(t.label);
                n.delete('topics');
                for (const v of s) n.append('topics', v);
                // Every topic unticked is a choice too: kept in the URL, so the defaults do not come back.
                if (s.size === 0) n.append('topics', NONE);
              }),
          }),
          ` ${t.label}`,
        ),
      ),
    ),
    h(
      'div',
      { class: 'trend-fields' },
      h('label', {}, 'Egna sökord (kommaseparerade)', terms),
      h('button', { type: 'submit' }, 'Visa'),
      select(
        'scale',
        'Visa',
        [
          ['relative', 'Andel'],
          ['absolute', 'Antal'],
        ],
        relative ? 'relative' : 'absolute',
      ),
      relative ? select('unit', 'Enhet', Object.entries(UNIT_LABELS) as [string, string][], unit) : null,
      select(
        'body',
        'Organ',
        [['', 'Alla organ'], ...sorted(facets.bodies).map((b): [string, string] => [b, b])],
        p.get('body') ?? '',
      ),
      select(
        'municipality',
        'Kommun (närvarande vid mötet)',
        [['', 'Alla kommuner'], ...sorted(facets.municipalitiesPresent).map((m): [string, string] => [m, m])],
        p.get('municipality') ?? '',
      ),
    ),
  );

  const query = new URLSearchParams();
  for (const t of selected) query.append('topics', t);
  if (p.get('terms')) query.set('terms', p.get('terms')!);
  for (const k of ['body', 'municipality']) if (p.get(k)) query.set(k, p.get(k)!);
  query.set('unit', unit);
  const chartBox = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': 'Linjediagram över ämnen per år; siffrorna står i tabellen under',
  });
  const table = h('div', { class: 'trend-table' });
  const downloads = h('p', { class: 'downloads' });
  main.replaceChildren(
    h('h1', {}, 'Trender över åren'),
    controls,
    chartBox,
    downloads,
    table,
    h(
      'p',
      { class: 'coverage-link' },
      link({ view: 'tackning' }, 'Täckning: vilka möten finns i indexet, per organ och år?'),
      ' – se om en dipp är verklig eller saknade protokoll.',
    ),
    watchBox(query, 'de valda ämnena'),
  );
  if (selected.size === 0 && !p.get('terms')) {
    chartBox.replaceWith(
      h(
        'p',
        { class: 'status', role: 'status' },
        'Inget ämne är valt. Kryssa i minst ett ämne eller skriv egna sökord.',
      ),
    );
    return;
  }
  let trends: Trends;
  try {
    trends = await api<Trends>(`/api/trends?${query}`);
  } catch (error) {
    chartBox.replaceWith(errorBox(error));
    return;
  }
  window.__trendData = trends;
  chartBox.dataset.series = JSON.stringify(
    trends.series.map((s) => ({ label: s.label, items: s.points.map((pt) => pt.items) })),
  );
  if (trends.years.length === 0 || trends.series.length === 0) {
    chartBox.replaceWith(h('p', { class: 'status' }, 'Inga protokoll matchar filtren.'));
    return;
  }
  const value = (pt: Point) => chartValue(unit, relative, pt);
  const openPoint = (seriesIndex: number, yearIndex: number) => {
    const point = trends.series[seriesIndex]?.points[yearIndex];
    if (point) go(new URLSearchParams(`view=sok&${point.searchParams}`));
  };
  const yLabel = relative
    ? unit === 'per10k'
      ? 'Punkter per 10 000 ord'
      : unit === 'meetings'
        ? 'Procent av mötena'
        : 'Procent av punkterna'
    : 'Antal dagordningspunkter';
  const width = Math.max(260, Math.min(900, chartBox.clientWidth - 16));
  const plot = new uPlot(
    {
      width,
      height: width < 500 ? 240 : 320,
      // Shares and counts start at 0: a cut axis exaggerates change.
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { label: 'År', incrs: [1, 2, 5, 10], values: (_u, v) => v.map((x) => String(x)) },
        {
          label: yLabel,
          size: 56,
          values: (_u, v) => v.map((x) => (relative && unit !== 'per10k' ? `${num(x)} %` : dec(x))),
        },
      ],
      series: [
        { label: 'År', value: (_u: uPlot, v: number | null) => (v === null ? '–' : String(v)) },
        ...trends.series.map((s, i) => ({
          label: s.label,
          stroke: COLORS[i % COLORS.length]!,
          width: 2,
          points: { size: 7 },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatValue(unit, relative, v),
        })),
      ],
      cursor: { focus: { prox: 30 } },
      focus: { alpha: 0.4 },
    },
    [trends.years, ...trends.series.map((s) => s.points.map(value))] as uPlot.AlignedData,
    chartBox,
  );
  plot.over.addEventListener('click', () => {
    const idx = plot.cursor.idx;
    if (idx === null || idx === undefined) return;
    const y = plot.posToVal(plot.cursor.top ?? 0, 'y');
    let best = -1;
    trends.series.forEach((s, i) => {
      const v = value(s.points[idx]!);
      if (
        v !== null &&
        (best < 0 || Math.abs(v - y) < Math.abs((value(trends.series[best]!.points[idx]!) ?? Infinity) - y))
      )
        best = i;
    });
    if (best >= 0) openPoint(best, idx);
  });
  const file = (format: string) => {
    const q = new URLSearchParams(query);
    q.set('format', format);
    return `/api/trends?${q}`;
  };
  const filters = [p.get('body'), p.get('municipality') ? `${p.get('municipality')} närvarande` : null]
    .filter(Boolean)
    .join(', ');
  const title = `${relative ? UNIT_LABELS[unit] : 'Antal dagordningspunkter'} per år${filters ? ` (${filters})` : ''}`;
  const source = `Källa: Protokollsök${facets.corpus ? `, korpusversion ${facets.corpus.version}` : ''}, hämtad ${new Date().toLocaleDateString('sv-SE')}`;
  downloads.replaceChildren(
    'Ladda ner: ',
    h('a', { href: file('csv'), download: '' }, 'CSV'),
    ' (',
    h('a', { href: file('om'), download: '' }, 'om datat'),
    ') · ',
    h('a', { href: file('xlsx'), download: '' }, 'Excel (xlsx)'),
    ' · ',
    h(
      'a',
      {
        href: '#',
        onclick: (e: Event) => {
          e.preventDefault();
          h('a', {
            href: chartPng(
              plot,
              title,
              trends.series.map((s) => s.label),
              source,
            ),
            download: 'protokollsok-trender.png',
          }).click();
        },
      },
      'Bild (PNG)',
    ),
    h('span', { class: 'hint' }, ' · Klicka på en punkt eller ett värde i tabellen för att se dagordningspunkterna.'),
  );
  const first = trends.series[0]!.points;
  table.replaceChildren(
    h(
      'table',
      {},
      h(
        'caption',
        {},
        `${relative ? UNIT_LABELS[unit] : 'Antal dagordningspunkter'} per år och underlaget: årets alla punkter och möten under samma filter${unit === 'per10k' ? ' och deras ord' : ''}.`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'År'),
          trends.series.map((s, i) =>
            h(
              'th',
              { scope: 'col' },
              h('span', { class: 'swatch', style: `background:${COLORS[i % COLORS.length]}` }),
              s.label,
            ),
          ),
          h('th', { scope: 'col', class: 'denominator' }, 'Underlag'),
        ),
      ),
      h(
        'tbody',
        {},
        trends.years.map((year, yi) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, String(year)),
            trends.series.map((s, si) => {
              const pt = s.points[yi]!;
              const shown = formatValue(unit, relative, value(pt));
              return h(
                'td',
                {},
                pt.items > 0
                  ? h(
                      'a',
                      {
                        href: `?view=sok&${pt.searchParams}`,
                        onclick: (e: Event) => {
                          e.preventDefault();
                          openPoint(si, yi);
                        },
                      },
                      shown,
                    )
                  : shown,
                relative && pt.share !== null ? h('small', {}, partOf(unit, pt)) : null,
              );
            }),
            h(
              'td',
              { class: 'denominator' },
              first[yi]!.totalMeetings === 0
                ? 'inga möten'
                : `${plural(first[yi]!.totalItems, 'punkt', 'punkter')}, ${plural(first[yi]!.totalMeetings, 'möte', 'möten')}${unit === 'per10k' && first[yi]!.totalWords !== null ? `, ${num(first[yi]!.totalWords!)} ord` : ''}`,
            ),
          ),
        ),
      ),
    ),
  );
}
