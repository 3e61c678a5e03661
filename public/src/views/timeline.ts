/** Tidslinje: an issue across meetings, and "Följ frågan" from one item. */
import { api, type Hit } from '../api.js';
import { formatDate, h, snippet } from '../dom.js';
import { go, link, main } from '../router.js';
import { apiQuery, errorBox } from '../ui.js';

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

export async function renderTimeline(p: URLSearchParams) {
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

