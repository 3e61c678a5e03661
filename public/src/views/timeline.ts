/** Tidslinje: an issue across meetings, and "Följ frågan" from one item. */
import { agendaNoun } from '../../../domain/doc-types.js';
import { QUESTION_KEYS } from '../../../domain/filter-keys.js';
import {
  api,
  ApiError,
  isAbort,
  type Hit,
  type RelatedHit,
  type RelatedResult,
  type Timeline,
  type TimelineMeeting,
} from '../api.js';
import { agendaBadge } from '../agenda.js';
import { citation } from '../cite.js';
import { copyButton } from '../copy.js';
import { formatDate, h, snippet, snippetText } from '../dom.js';
import { activeFilters, emptyFacets, facetCounts, filterPanel, filterToggle } from '../filters.js';
import { go, link, main, state } from '../router.js';
import { apiQuery, downloadLinks, errorBox, num, plural } from '../ui.js';
import { syntaxLine } from './syntax.js';

/** What Tidslinje passes on: the question and its filters (no order: meetings by date), meetings per page. */
const PAGE_KEYS = [...QUESTION_KEYS, 'meetings'];

/** "5 möten", or with agendas among them "4 möten och 1 kallelse eller föredragningslista" (a meeting counts by its minutes). */
function meetingsText(t: Timeline): string {
  if (!t.agendaCount) return plural(t.meetingCount, 'möte', 'möten');
  return `${plural(t.meetingCount - t.agendaCount, 'möte', 'möten')} och ${num(t.agendaCount)} ${agendaNoun(t.agendaCount)}`;
}

function timelineItem(hit: Hit | RelatedHit, q: string, withMeeting: boolean) {
  const matched = 'matched' in hit ? hit.matched : [];
  const substantive = (hit.decisions ?? []).filter((d) => d.kind === 'substantive');
  return h(
    'li',
    { class: `tl-item${substantive.length ? ' decided' : ''}` },
    h(
      'h3',
      {},
      link({ view: 'protokoll', id: hit.protocolId, item: hit.itemNumber, q }, `${hit.itemNumber}. ${hit.title}`),
    ),
    withMeeting
      ? h('p', { class: 'meta' }, `${hit.body ?? 'Okänt organ'} · ${formatDate(hit.meetingDate)}`, agendaBadge(hit))
      : null,
    matched.length
      ? h(
          'p',
          { class: 'why' },
          'Gemensamma ord: ',
          matched.flatMap((w, i) => [i ? ', ' : '', h('strong', {}, w)]),
        )
      : null,
    // A decision is shown once: the decision where there is one, else the snippet.
    substantive.length
      ? h(
          'ul',
          { class: 'decisions' },
          substantive.map((d) =>
            h(
              'li',
              { class: 'decision substantive' },
              d.text,
              d.proposal ? h('span', { class: 'proposal' }, ` (enligt förslaget: ${d.proposal.text})`) : null,
            ),
          ),
        )
      : hit.snippet
        ? snippet(hit.snippet)
        : null,
    hit.topics.length
      ? h(
          'p',
          { class: 'chips' },
          hit.topics.map((t) => h('span', { class: 'chip' }, t)),
        )
      : null,
    itemLinks(hit),
  );
}

/**
 * An item's ways on: its PDF page, "Följ frågan" from it, and "Kopiera citat" of what the timeline
 * shows of it (its decision, on the decision's page, or else its snippet).
 */
function itemLinks(hit: Hit | RelatedHit) {
  const decision = (hit.decisions ?? []).find((d) => d.kind === 'substantive');
  const quote = () =>
    decision ? citation(decision.text, { ...hit, page: decision.page }) : citation(snippetText(hit.snippet), hit);
  return h(
    'p',
    { class: 'links' },
    h('a', { href: hit.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF, sida ${hit.page}`),
    ' · ',
    // A meeting's formalia is no matter to follow (a related item is never formalia).
    ...('formalia' in hit && hit.formalia ? [] : [link({ view: 'tidslinje', related: hit.id }, 'Följ frågan'), ' · ']),
    copyButton('Kopiera citat', quote, {
      'aria-label': decision ? 'Kopiera beslutet som citat med källa' : 'Kopiera utdraget som citat med källa',
    }),
  );
}

/** The timeline's downloads: every item of every meeting, as the question asks. */
function downloads(p: URLSearchParams) {
  return downloadLinks('Ladda ner tidslinjen:', (format) => {
    const q = apiQuery(p, QUESTION_KEYS);
    q.set('format', format);
    return `/api/timeline?${q}`;
  });
}

async function renderRelated(out: HTMLElement, id: string, order: string) {
  out.replaceChildren(h('p', { class: 'status' }, 'Letar efter samma fråga i andra möten…'));
  const r = await api<RelatedResult>(`/api/items/${encodeURIComponent(id)}/related?order=${encodeURIComponent(order)}`);
  const orders: [string, string][] = [
    ['oldest', 'Äldst först'],
    ['newest', 'Nyast först'],
    ['relevance', 'Bäst matchande först'],
  ];
  const group = (title: string, hits: RelatedHit[], none: string) =>
    h(
      'section',
      { class: 'related-group' },
      h('h2', {}, title),
      hits.length
        ? h(
            'ol',
            { class: 'tl-items' },
            hits.map((x) => timelineItem(x, '', true)),
          )
        : h('p', { class: 'status' }, none),
    );
  const itemLink = () =>
    link({ view: 'protokoll', id: r.item.protocolId, item: r.item.itemNumber }, `”${r.item.title}”`);
  if (r.formalia !== null) {
    // A meeting's formalia is no matter: say so, rather than list every other meeting's opening.
    out.replaceChildren(
      h(
        'p',
        { class: 'related-intro' },
        itemLink(),
        ` (${r.item.body ?? 'okänt organ'}, ${formatDate(r.item.meetingDate)}) är formalia (${r.formalia}): `,
        'en punkt om själva mötet, inte en fråga som återkommer i andra möten. Det finns ingen fråga att följa härifrån.',
      ),
    );
    return;
  }
  out.replaceChildren(
    h(
      'p',
      { class: 'related-intro' },
      'Frågan i ',
      itemLink(),
      ` (${r.item.body ?? 'okänt organ'}, ${formatDate(r.item.meetingDate)}), följd genom orden `,
      r.terms.slice(0, 8).flatMap((w, i) => [i ? ', ' : '', h('strong', {}, w)]),
      ' (samma diarienummer eller samma ämne inom organisationen). ',
      ...orders.flatMap(([value, label], i) => [
        i ? ' · ' : '',
        value === order
          ? h('strong', { 'aria-current': 'true' }, label)
          : link({ view: 'tidslinje', related: id, order: value }, label),
      ]),
    ),
    group('Tidigare möten', r.earlier, 'Frågan togs inte upp i något tidigare möte.'),
    ...(r.sameDay.length ? [group('Samma dag, andra möten', r.sameDay, '')] : []),
    group('Senare möten', r.later, 'Frågan har inte tagits upp i något senare möte.'),
  );
}

export async function renderTimeline(p: URLSearchParams) {
  const related = p.get('related');
  const input = h('input', {
    type: 'search',
    id: 'tq',
    name: 'q',
    value: p.get('q') ?? '',
    placeholder: 't.ex. hälso- och sjukvård i hemmet',
  });
  const out = h('section', {
    class: 'timeline results',
    id: 'results',
    tabindex: '-1',
    'aria-label': 'Tidslinje',
    'aria-live': 'polite',
  });
  const layout = h('div', { class: 'layout' }, out, h('div', { class: 'facet-slot' }));
  const toggleSlot = h('span', { class: 'toggle-slot' });
  const activeSlot = h('div', { class: 'active-slot' });
  main.replaceChildren(
    h('h1', {}, related ? 'Följ frågan' : 'Tidslinje'),
    h(
      'form',
      {
        class: 'searchbar',
        role: 'search',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const next = state();
          next.delete('related');
          next.set('view', 'tidslinje');
          next.set('q', input.value);
          go(next);
        },
      },
      h('label', { for: 'tq' }, 'Fråga att följa'),
      input,
      h('button', { type: 'submit' }, 'Visa tidslinje'),
      toggleSlot,
    ),
    activeSlot,
    related ? out : layout,
  );
  try {
    if (related) {
      await renderRelated(out, related, p.get('order') ?? 'oldest');
      return;
    }
    if (!p.get('q')) {
      out.replaceChildren(
        h('p', { class: 'status' }, 'Skriv en fråga för att se alla möten där den togs upp, i tidsordning.'),
      );
      return;
    }
    out.replaceChildren(h('p', { class: 'status' }, 'Söker…'));
    const t = await api<Timeline>(`/api/timeline?${apiQuery(p, PAGE_KEYS)}`, { cancelPrevious: true });
    const counts = await facetCounts('/api/search', p, t.facets, QUESTION_KEYS);
    layout.querySelector('.facet-slot')!.replaceChildren(
      filterPanel(p, counts, {
        years: Object.keys(counts.year).map(Number).sort(),
        toggles: [['hasDecision', 'Bara punkter med beslut']],
      }),
    );
    toggleSlot.replaceChildren(filterToggle(p, () => layout));
    activeSlot.replaceChildren(activeFilters(p) ?? '');
    const q = p.get('q') ?? '';
    const meetingItem = (m: TimelineMeeting) =>
      h(
        'li',
        { class: `meeting${m.items.length ? '' : ' only-mentions'}` },
        h(
          'h3',
          { class: 'meeting-title' },
          h('time', { datetime: m.meetingDate ?? '' }, formatDate(m.meetingDate)),
          ` – ${m.body ?? 'okänt organ'}`,
          agendaBadge(m),
        ),
        m.items.length
          ? h(
              'ol',
              { class: 'tl-items' },
              m.items.map((x) => timelineItem(x, q, false)),
            )
          : null,
        m.mentions.length
          ? h(
              'details',
              { class: 'mentions' },
              h('summary', {}, `Nämns också i ${plural(m.mentions.length, 'punkt', 'punkter')}`),
              h(
                'ul',
                {},
                m.mentions.map((x) =>
                  h(
                    'li',
                    {},
                    link({ view: 'protokoll', id: x.protocolId, item: x.itemNumber, q }, `${x.itemNumber}. ${x.title}`),
                    x.snippet ? snippet(x.snippet) : null,
                    itemLinks(x),
                  ),
                ),
              ),
            )
          : null,
      );
    // The meetings come a page at a time ("Visa fler möten"); the heading counts all of them.
    const shown: TimelineMeeting[] = [...t.meetings];
    const heading = h('h2', { class: 'total', tabindex: '-1' });
    const describe = () => {
      const about = shown.filter((m) => m.items.length > 0).length;
      const all = shown.length >= t.meetingCount;
      heading.textContent =
        t.total === 0
          ? 'Inga möten tog upp frågan. Prova andra ord eller färre filter.'
          : `${plural(t.total, 'dagordningspunkt', 'dagordningspunkter')} i ${meetingsText(t)}` +
            (all
              ? about < shown.length
                ? ` (frågan behandlades i ${plural(about, 'möte', 'möten')}, nämndes i övriga)`
                : ''
              : ` – de ${shown.length} första mötena visas`);
    };
    const list = h('ol', { class: 'meetings' }, shown.map(meetingItem));
    const more = h('p', { class: 'more' });
    const moreButton = (next: number | null) => {
      if (next === null) return more.replaceChildren();
      const button = h(
        'button',
        {
          type: 'button',
          class: 'more-meetings',
          onclick: async () => {
            button.setAttribute('disabled', '');
            button.textContent = 'Hämtar fler möten…';
            try {
              const params = apiQuery(p, PAGE_KEYS);
              params.set('page', String(next));
              const page = await api<Timeline>(`/api/timeline?${params}`);
              shown.push(...page.meetings);
              list.append(...page.meetings.map(meetingItem));
              describe();
              moreButton(page.nextPage);
            } catch (error) {
              more.replaceChildren(errorBox(error));
            }
          },
        },
        'Visa fler möten',
      );
      more.replaceChildren(button);
    };
    describe();
    moreButton(t.nextPage);
    out.replaceChildren(heading, syntaxLine(t.understood, p) ?? '', list, more, ...(t.total > 0 ? [downloads(p)] : []));
  } catch (error) {
    if (isAbort(error)) return;
    out.replaceChildren(errorBox(error));
    // A question the API refused (a year range backwards): the filters stay, to fix it where it was made.
    if (error instanceof ApiError && error.status === 400 && !related) {
      layout.querySelector('.facet-slot')!.replaceChildren(
        filterPanel(p, emptyFacets(), {
          years: [],
          toggles: [['hasDecision', 'Bara punkter med beslut']],
          invalid: error.param,
        }),
      );
      activeSlot.replaceChildren(activeFilters(p) ?? '');
    }
  }
}
