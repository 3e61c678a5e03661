/**
 * Trender: topics and terms per year, as a chart and a table with the
 * denominators, what the counts leave out (protocols without a date or body),
 * small bases marked, years without meetings as gaps, and the events that
 * concern the chart. `renderTrends` runs named steps: read the URL, load the
 * choices, draw the form, load the trends, then chart, notes, downloads,
 * table and events.
 */
import type uPlot from 'uplot';
import { exclusionSummary } from '../../../domain/exclusions.js';
import { api, type CorpusFacets, type ExcludedList, type TopicsResult, type Trends } from '../api.js';
import { h } from '../dom.js';
import { go, link, main, state } from '../router.js';
import { errorBox, num, plural } from '../ui.js';
import { annotationsBox } from './annotations.js';
import {
  chartPng,
  chartValue,
  colorOf,
  drawChart,
  formatValue,
  type Point,
  type Scale,
  seriesAt,
  type Unit,
} from './trends-chart.js';
import { watchBox } from './watch.js';

const UNIT_LABELS: Record<Unit, string> = {
  meetings: 'Andel möten',
  items: 'Andel dagordningspunkter',
  per10k: 'Punkter per 10 000 ord',
};
/** Shown on a first visit; the URL says so once the user changes the choice. */
const DEFAULT_TOPICS = ['nära vård', 'psykisk hälsa', 'samsjuklighet'];
/** In the URL when the user has unticked every topic: no series, not the defaults back. */
const NONE = 'inga';
const TITLE = 'Trender över åren';

declare global {
  interface Window {
    __trendData?: Trends;
  }
}

/** What the URL asks for. */
interface TrendState extends Scale {
  selected: Set<string>;
  terms: string;
  body: string;
  municipality: string;
}

/** The form's choices: the topics and the corpus's bodies and municipalities (the server's answers). */
type Choices = TopicsResult & Pick<CorpusFacets, 'bodies' | 'municipalitiesPresent' | 'corpus'>;

/** Step 1: the view's state from the URL. */
function readState(p: URLSearchParams): TrendState {
  const chosen = p.getAll('topics').filter((t) => t && t !== NONE);
  const untouched = !p.has('topics') && !p.get('terms');
  const unit = (['items', 'meetings', 'per10k'].includes(p.get('unit') ?? '') ? p.get('unit') : 'items') as Unit;
  return {
    selected: new Set(untouched ? DEFAULT_TOPICS : chosen),
    terms: p.get('terms') ?? '',
    unit,
    relative: p.get('scale') !== 'absolute',
    body: p.get('body') ?? '',
    municipality: p.get('municipality') ?? '',
  };
}

/** Step 2: the choices the form offers. */
async function loadChoices(): Promise<Choices> {
  const [{ topics }, facets] = await Promise.all([api<TopicsResult>('/api/topics'), api<CorpusFacets>('/api/facets')]);
  return { ...facets, topics };
}

/** Moves to the URL with one change (the form is the URL). */
function change(mutate: (n: URLSearchParams) => void) {
  const next = state();
  next.set('view', 'trender');
  mutate(next);
  go(next);
}

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

function topicBox(s: TrendState, choices: Choices) {
  return h(
    'fieldset',
    { class: 'topics' },
    h('legend', {}, 'Ämnen'),
    choices.topics.map((t) =>
      h(
        'label',
        { class: 'facet' },
        h('input', {
          type: 'checkbox',
          name: 'topics',
          value: t.label,
          checked: s.selected.has(t.label),
          onchange: (e: Event) =>
            change((n) => {
              const next = new Set(s.selected);
              if ((e.target as HTMLInputElement).checked) next.add(t.label);
              else next.delete(t.label);
              n.delete('topics');
              for (const v of next) n.append('topics', v);
              // Every topic unticked is a choice too: kept in the URL, so the defaults do not come back.
              if (next.size === 0) n.append('topics', NONE);
            }),
        }),
        ` ${t.label}`,
      ),
    ),
  );
}

/** Step 3: the form: topics, own terms, share or count, unit, body and municipality. */
function controlsForm(s: TrendState, choices: Choices): HTMLFormElement {
  const terms = h('input', { type: 'text', name: 'terms', value: s.terms, placeholder: 't.ex. SIP, hemsjukvård' });
  const sorted = (o: Record<string, number>) => Object.keys(o).sort((a, b) => a.localeCompare(b, 'sv'));
  return h(
    'form',
    {
      class: 'trend-controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        change((n) => n.set('terms', terms.value));
      },
    },
    topicBox(s, choices),
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
        s.relative ? 'relative' : 'absolute',
      ),
      s.relative ? select('unit', 'Enhet', Object.entries(UNIT_LABELS) as [string, string][], s.unit) : null,
      select(
        'body',
        'Organ',
        [['', 'Alla organ'], ...sorted(choices.bodies).map((b): [string, string] => [b, b])],
        s.body,
      ),
      select(
        'municipality',
        'Kommun (närvarande vid mötet)',
        [['', 'Alla kommuner'], ...sorted(choices.municipalitiesPresent).map((m): [string, string] => [m, m])],
        s.municipality,
      ),
    ),
  );
}

/** Step 4: the API question for the state. */
function trendQuery(s: TrendState): URLSearchParams {
  const query = new URLSearchParams();
  for (const t of s.selected) query.append('topics', t);
  if (s.terms) query.set('terms', s.terms);
  if (s.body) query.set('body', s.body);
  if (s.municipality) query.set('municipality', s.municipality);
  query.set('unit', s.unit);
  return query;
}

/** The page's parts, filled step by step. */
interface Parts {
  chartBox: HTMLElement;
  left: HTMLElement;
  downloads: HTMLElement;
  table: HTMLElement;
  events: HTMLElement;
}

/** Step 5: the page with its (still empty) parts. */
function layout(controls: HTMLElement, query: URLSearchParams): Parts {
  const parts: Parts = {
    chartBox: h('div', {
      class: 'chart',
      role: 'img',
      'aria-label': 'Linjediagram över ämnen per år; siffrorna står i tabellen under',
    }),
    left: h('div', { class: 'left-out', 'aria-live': 'polite' }),
    downloads: h('p', { class: 'downloads' }),
    table: h('div', { class: 'trend-table' }),
    events: h('div', { class: 'trend-events' }),
  };
  main.replaceChildren(
    h('h1', {}, TITLE),
    controls,
    parts.left,
    parts.chartBox,
    parts.downloads,
    parts.table,
    parts.events,
    h(
      'p',
      { class: 'coverage-link' },
      link({ view: 'tackning' }, 'Täckning: vilka möten finns i indexet, per organ och år?'),
      ' – se om en dipp är verklig eller saknade protokoll.',
    ),
    watchBox(query, 'de valda ämnena'),
  );
  return parts;
}

/** "63 dagordningspunkter i 39 protokoll utan datum ingår inte i något år". */
const exclusionText = (e: Trends['excluded'][number]) => exclusionSummary(e, num);

/** The protocols an exclusion leaves out, listed on demand from its link. */
function exclusionList(e: Trends['excluded'][number]): HTMLElement {
  const list = h('div', { class: 'left-out-list' });
  const show = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      'aria-expanded': 'false',
      onclick: async () => {
        show.setAttribute('aria-expanded', 'true');
        list.replaceChildren(h('p', { class: 'status' }, 'Hämtar…'));
        try {
          const answer = await api<ExcludedList>(e.link);
          list.replaceChildren(
            ...present(
              h(
                'ul',
                {},
                answer.protocols.map((p) =>
                  h(
                    'li',
                    {},
                    link({ view: 'protokoll', id: p.id }, p.sourceFile),
                    ` – ${p.body ?? 'okänt organ'}, ${plural(p.itemCount, 'punkt', 'punkter')}`,
                  ),
                ),
              ),
              answer.total > answer.protocols.length
                ? h('p', { class: 'hint' }, `De ${answer.protocols.length} senast inlästa av ${answer.total}.`)
                : null,
            ),
          );
          show.remove();
        } catch (error) {
          list.replaceChildren(errorBox(error));
        }
      },
    },
    e.reason === 'agenda' ? 'Visa dokumenten' : 'Visa protokollen',
  );
  return h('li', {}, `${exclusionText(e)}. `, show, list);
}

/**
 * The table's foot: a row per reason the points leave items out. The undated row has each series'
 * own undated items; the others (no body, kallelser and föredragningslistor) only the whole count.
 */
function leftOutRows(trends: Trends, undated: boolean): HTMLElement[] {
  const whole = (reason: Trends['excluded'][number]['reason']) => {
    const e = trends.excluded.find((x) => x.reason === reason);
    return h('td', { class: 'denominator' }, e ? exclusionText(e) : '–');
  };
  const rows: HTMLElement[] = [];
  if (undated || trends.excluded.some((e) => e.reason === 'undated'))
    rows.push(
      h(
        'tr',
        { class: 'undated-row' },
        h('th', { scope: 'row' }, 'Utan datum'),
        trends.series.map((x) =>
          h(
            'td',
            {},
            x.undated.items
              ? `${plural(x.undated.items, 'punkt', 'punkter')}, ${plural(x.undated.protocols, 'möte', 'möten')}`
              : '–',
          ),
        ),
        whole('undated'),
      ),
    );
  for (const e of trends.excluded)
    if (e.reason !== 'undated')
      rows.push(
        h(
          'tr',
          { class: 'undated-row' },
          h('th', { scope: 'row' }, `${e.label.charAt(0).toUpperCase()}${e.label.slice(1)}`),
          trends.series.map(() => h('td', {}, '–')),
          whole(e.reason),
        ),
      );
  return rows;
}

/** Step 7: what the chart leaves out, stated above it, with the protocols on demand. */
function leftOutNote(trends: Trends): HTMLElement[] {
  if (!trends.excluded.length) return [];
  return [
    h('strong', {}, 'Räknas inte i diagrammet: '),
    h('ul', { class: 'left-out-reasons' }, trends.excluded.map(exclusionList)),
  ];
}

/** Step 6: the chart, whose points open their items. */
function chartStep(box: HTMLElement, trends: Trends, scale: Scale): uPlot {
  const plot = drawChart(box, trends, scale);
  plot.over.addEventListener('click', () => {
    const at = seriesAt(plot, trends, scale);
    if (at) openPoint(trends, at.series, at.year);
  });
  const small = trends.series.some((s) => s.points.some((p) => p.smallBase));
  if (small || trends.annotations.length)
    box.append(
      h(
        'p',
        { class: 'chart-key' },
        small
          ? h(
              'span',
              { class: 'key-small' },
              h('span', { class: 'ring', 'aria-hidden': 'true' }),
              ` Ofylld punkt: litet underlag (färre än ${trends.smallBase.items} punkter eller ${trends.smallBase.meetings} möten)`,
            )
          : null,
        small && trends.annotations.length ? ' · ' : null,
        trends.annotations.length ? 'Numrerade linjer: händelser, se listan under tabellen' : null,
      ),
    );
  return plot;
}

function openPoint(trends: Trends, seriesIndex: number, yearIndex: number) {
  const point = trends.series[seriesIndex]?.points[yearIndex];
  if (point) go(new URLSearchParams(`view=sok&${point.searchParams}`));
}

const titleOf = (s: TrendState) => {
  const filters = [s.body, s.municipality ? `${s.municipality} närvarande` : null].filter(Boolean).join(', ');
  return `${s.relative ? UNIT_LABELS[s.unit] : 'Antal dagordningspunkter'} per år${filters ? ` (${filters})` : ''}`;
};

/** Step 8: the downloads: CSV long and wide, "om datat", xlsx, and the chart as PNG. */
function downloadLinks(
  box: HTMLElement,
  query: URLSearchParams,
  trends: Trends,
  plot: uPlot,
  s: TrendState,
  corpus?: string,
) {
  const file = (format: string, layout?: string) => {
    const q = new URLSearchParams(query);
    q.set('format', format);
    if (layout) q.set('layout', layout);
    return `/api/trends?${q}`;
  };
  const source = `Källa: Protokollsök${corpus ? `, korpusversion ${corpus}` : ''}, hämtad ${new Date().toLocaleDateString('sv-SE')}`;
  const notes = [
    ...trends.excluded.map((e) => `${exclusionText(e)}.`),
    ...trends.annotations.map((a, i) => `${i + 1}. ${a.date}${a.end ? `–${a.end}` : ''} ${a.label}`),
  ];
  box.replaceChildren(
    'Ladda ner: ',
    h('a', { href: file('csv'), download: '' }, 'CSV'),
    ' (',
    h('a', { href: file('csv', 'wide'), download: '' }, 'år × serie'),
    ', ',
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
          const png = chartPng(
            plot,
            titleOf(s),
            trends.series.map((x) => x.label),
            notes,
            source,
          );
          h('a', { href: png, download: 'protokollsok-trender.png' }).click();
        },
      },
      'Bild (PNG)',
    ),
    h('span', { class: 'hint' }, ' · Klicka på en punkt eller ett värde i tabellen för att se dagordningspunkterna.'),
  );
}

/** The parts that are there (DOM's replaceChildren takes no nulls). */
const present = (...nodes: (Node | null)[]): Node[] => nodes.filter((n): n is Node => n !== null);

/** What a point is made of, in words: "3 av 6 möten". */
const partOf = (unit: Unit, pt: Point) =>
  unit === 'meetings'
    ? `${num(pt.meetings ?? 0)} av ${plural(pt.totalMeetings, 'möte', 'möten')}`
    : unit === 'items'
      ? `${num(pt.items ?? 0)} av ${num(pt.totalItems)} punkter`
      : plural(pt.items ?? 0, 'punkt', 'punkter');

function valueCell(trends: Trends, s: TrendState, si: number, yi: number) {
  const pt = trends.series[si]!.points[yi]!;
  const shown = formatValue(s, chartValue(s, pt));
  const value =
    (pt.items ?? 0) > 0
      ? h(
          'a',
          {
            href: `?view=sok&${pt.searchParams}`,
            onclick: (e: Event) => {
              e.preventDefault();
              openPoint(trends, si, yi);
            },
          },
          shown,
        )
      : shown;
  return h(
    'td',
    { class: pt.smallBase ? 'small-base' : pt.gap ? 'gap' : null },
    value,
    pt.smallBase ? h('abbr', { class: 'small-base-mark', title: 'litet underlag' }, '*') : null,
    s.relative && pt.share !== null ? h('small', {}, partOf(s.unit, pt)) : null,
  );
}

function baseCell(s: TrendState, pt: Point) {
  return h(
    'td',
    { class: 'denominator' },
    pt.gap
      ? 'inga möten'
      : `${plural(pt.totalItems, 'punkt', 'punkter')}, ${plural(pt.totalMeetings, 'möte', 'möten')}${s.unit === 'per10k' && pt.totalWords !== null ? `, ${num(pt.totalWords)} ord` : ''}`,
  );
}

/** Step 9: the table: the charted value per year and series, its counts, the year's base, and the undated. */
function trendTable(box: HTMLElement, trends: Trends, s: TrendState) {
  const first = trends.series[0]!.points;
  const undated = trends.series.some((x) => x.undated.items > 0);
  const small = first.some((p) => p.smallBase);
  box.replaceChildren(
    ...present(
      h(
        'table',
        {},
        h(
          'caption',
          {},
          `${s.relative ? UNIT_LABELS[s.unit] : 'Antal dagordningspunkter'} per år och underlaget: årets alla punkter och möten under samma filter${s.unit === 'per10k' ? ' och deras ord' : ''}.`,
        ),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'År'),
            trends.series.map((x, i) =>
              h('th', { scope: 'col' }, h('span', { class: 'swatch', style: `background:${colorOf(i)}` }), x.label),
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
              trends.series.map((_x, si) => valueCell(trends, s, si, yi)),
              baseCell(s, first[yi]!),
            ),
          ),
        ),
        undated || trends.excluded.length ? h('tfoot', {}, leftOutRows(trends, undated)) : null,
      ),
      small
        ? h(
            'p',
            { class: 'hint' },
            `* litet underlag: färre än ${trends.smallBase.items} punkter eller ${trends.smallBase.meetings} möten det året; läs andelen med försiktighet.`,
          )
        : null,
      undated
        ? h('p', { class: 'hint' }, 'Raden "Utan datum" räknas inte i något år: protokollen saknar mötesdatum.')
        : null,
    ),
  );
}

/** Loads the trends; an error or an empty answer replaces the chart with a message. */
async function loadTrends(chartBox: HTMLElement, query: URLSearchParams): Promise<Trends | null> {
  let trends: Trends;
  try {
    trends = await api<Trends>(`/api/trends?${query}`);
  } catch (error) {
    chartBox.replaceWith(errorBox(error));
    return null;
  }
  window.__trendData = trends;
  chartBox.dataset.series = JSON.stringify(
    trends.series.map((x) => ({ label: x.label, items: x.points.map((pt) => pt.items) })),
  );
  if (trends.years.length === 0 || trends.series.length === 0) {
    chartBox.replaceWith(h('p', { class: 'status' }, 'Inga protokoll matchar filtren.'));
    return null;
  }
  return trends;
}

export async function renderTrends(p: URLSearchParams) {
  main.replaceChildren(h('h1', {}, TITLE), h('p', { class: 'status' }, 'Räknar…'));
  const s = readState(p);
  let choices: Choices;
  try {
    choices = await loadChoices();
  } catch (error) {
    main.replaceChildren(h('h1', {}, TITLE), errorBox(error));
    return;
  }
  const query = trendQuery(s);
  const parts = layout(controlsForm(s, choices), query);
  if (s.selected.size === 0 && !s.terms) {
    parts.chartBox.replaceWith(
      h(
        'p',
        { class: 'status', role: 'status' },
        'Inget ämne är valt. Kryssa i minst ett ämne eller skriv egna sökord.',
      ),
    );
    return;
  }
  const trends = await loadTrends(parts.chartBox, query);
  if (!trends) return;
  parts.left.replaceChildren(...leftOutNote(trends));
  const plot = chartStep(parts.chartBox, trends, s);
  downloadLinks(parts.downloads, query, trends, plot, s, choices.corpus?.version);
  trendTable(parts.table, trends, s);
  parts.events.replaceChildren(
    annotationsBox(
      trends.annotations,
      choices.topics.map((t) => t.label),
      () => go(state(), 'replace'),
    ),
  );
}
