/**
 * Uppdrag: the assignment register. Filters (organ, år, ansvarig, ord) in a
 * form, status chips (toggle buttons), one row per assignment linking to its §
 * and its PDF page, its report-backs inline, paging, exports and the feed of
 * assignments falling due. The URL holds the state; everything works by keyboard.
 */
import { type AssignmentPage, type AssignmentStatus, api, ApiError, type RegisterEntry } from '../api.js';
import { formatDate, h } from '../dom.js';
import { go, link, main } from '../router.js';

const STATUSES: { value: AssignmentStatus; label: string }[] = [
  { value: 'öppen', label: 'Öppna' },
  { value: 'försenad', label: 'Försenade' },
  { value: 'återrapporterad', label: 'Återrapporterade' },
  { value: 'okänd', label: 'Okänd status' },
];

const STATUS_TEXT: Record<AssignmentStatus, string> = {
  öppen: 'Öppen',
  försenad: 'Försenad',
  återrapporterad: 'Återrapporterad',
  okänd: 'Okänd',
};

const LIMIT = 20;

/** The API query of the view's state. */
function query(p: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of ['body', 'year', 'assignee', 'q', 'caseNumber'])
    for (const v of p.getAll(key)) if (v) q.append(key, v);
  const statuses = p.getAll('status').filter(Boolean);
  if (statuses.length) q.set('status', statuses.join(','));
  q.set('page', p.get('page') ?? '1');
  q.set('limit', String(LIMIT));
  return q;
}

function row(a: RegisterEntry): HTMLElement {
  const itemNo = a.itemNumber.replace(/\s*§\s*/, '') || '–';
  return h(
    'li',
    {
      class: `assignment status-${a.status === 'återrapporterad' ? 'reported' : a.status === 'försenad' ? 'late' : a.status === 'öppen' ? 'open' : 'unknown'}`,
    },
    h(
      'div',
      { class: 'assignment-head' },
      h('span', { class: 'status-badge' }, STATUS_TEXT[a.status]),
      h('strong', { class: 'assignee' }, a.assignee ?? 'Ingen ansvarig namngiven'),
      a.due
        ? h(
            'span',
            { class: 'due' },
            `Klart: ${a.due}${a.dueDate && !a.due.includes(a.dueDate) ? ` (${a.dueDate})` : ''}`,
          )
        : null,
    ),
    h('p', { class: 'task' }, a.task),
    h('p', { class: 'sentence' }, `”${a.sentence}”`),
    h(
      'p',
      { class: 'meta' },
      `${a.body ?? 'Okänt organ'}, ${formatDate(a.meetingDate)}${a.giver ? ` · uppdragsgivare: ${a.giver}` : ''} · `,
      link({ view: 'protokoll', id: a.protocolId, item: a.itemNumber }, `§ ${itemNo}`),
      ' · ',
      h('a', { href: a.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF sida ${a.page}`),
    ),
    a.reportedIn.length
      ? h(
          'p',
          { class: 'reported' },
          'Återrapporterat i: ',
          ...a.reportedIn.flatMap((r, i) => [
            i > 0 ? ', ' : '',
            link(
              { view: 'protokoll', id: r.protocolId, item: r.itemNumber },
              `${formatDate(r.meetingDate)} § ${r.itemNumber.replace(/\s*§\s*/, '')}`,
            ),
          ]),
        )
      : null,
  );
}

export async function renderAssignments(p: URLSearchParams): Promise<void> {
  const set = (changes: Record<string, string | string[] | null>) => {
    const next = new URLSearchParams(p);
    next.set('view', 'uppdrag');
    for (const [k, v] of Object.entries(changes)) {
      next.delete(k);
      for (const x of v === null ? [] : Array.isArray(v) ? v : [v]) if (x) next.append(k, x);
    }
    if (!('page' in changes)) next.delete('page');
    go(next);
  };
  const field = (name: string, label: string, attrs: Record<string, string> = {}) =>
    h('label', { class: 'field' }, h('span', {}, label), h('input', { name, value: p.get(name) ?? '', ...attrs }));
  const form = h(
    'form',
    {
      class: 'assignment-filters',
      role: 'search',
      'aria-label': 'Filtrera uppdrag',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        set({
          q: String(data.get('q') ?? '').trim(),
          assignee: String(data.get('assignee') ?? '').trim(),
          body: String(data.get('body') ?? '').trim(),
          year: String(data.get('year') ?? '').trim(),
        });
      },
    },
    field('q', 'Ord i uppdraget', { type: 'search' }),
    field('assignee', 'Ansvarig'),
    field('body', 'Organ'),
    field('year', 'År', { inputmode: 'numeric', pattern: '\\d{4}', title: 'Ett årtal, t.ex. 2023' }),
    h('button', { type: 'submit' }, 'Visa'),
  );
  const chosen = new Set(p.getAll('status'));
  const chips = h(
    'div',
    { class: 'chips', role: 'group', 'aria-label': 'Status' },
    STATUSES.map((s) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          'aria-pressed': chosen.has(s.value) ? 'true' : 'false',
          'data-status': s.value,
          onclick: () => {
            const next = new Set(chosen);
            if (next.has(s.value)) next.delete(s.value);
            else next.add(s.value);
            set({ status: [...next] });
          },
        },
        s.label,
      ),
    ),
  );
  const results = h(
    'section',
    { id: 'results', 'aria-live': 'polite', tabindex: '-1' },
    h('p', { class: 'status' }, 'Hämtar uppdragen…'),
  );
  const q = query(p);
  const exportQuery = new URLSearchParams(q);
  exportQuery.delete('page');
  exportQuery.delete('limit');
  const feed = new URLSearchParams();
  for (const b of p.getAll('body')) if (b) feed.append('body', b);
  main.replaceChildren(
    h('h1', {}, 'Uppdrag'),
    h(
      'p',
      { class: 'lead' },
      'Uppdrag som organen har gett (”får i uppdrag”, ”återkommer till nästa möte”, remisser för beredning), med ansvarig, när det ska vara klart och om det har återrapporterats.',
    ),
    form,
    chips,
    results,
  );
  let page: AssignmentPage;
  try {
    page = await api<AssignmentPage>(`/api/assignments?${q}`);
  } catch (error) {
    results.replaceChildren(
      h(
        'div',
        { class: 'error', role: 'alert' },
        error instanceof ApiError ? error.detail : 'Uppdragen kunde inte hämtas. Försök igen om en stund.',
      ),
    );
    return;
  }
  const current = Number(p.get('page') ?? '1');
  const pages = Math.max(1, Math.ceil(page.total / LIMIT));
  results.replaceChildren(
    h(
      'p',
      { class: 'count' },
      page.total === 0
        ? 'Inga uppdrag matchar.'
        : `${page.total} uppdrag${pages > 1 ? ` · sida ${current} av ${pages}` : ''}`,
    ),
    h('ol', { class: 'assignments' }, page.assignments.map(row)),
    pages <= 1
      ? ''
      : h(
          'nav',
          { class: 'pager', 'aria-label': 'Sidor' },
          current > 1
            ? h('button', { type: 'button', onclick: () => set({ page: String(current - 1) }) }, '← Föregående')
            : null,
          current < pages
            ? h('button', { type: 'button', onclick: () => set({ page: String(current + 1) }) }, 'Nästa →')
            : null,
        ),
    h(
      'p',
      { class: 'exports' },
      'Ladda ner: ',
      h('a', { href: `/api/assignments?${exportQuery}&format=csv` }, 'CSV'),
      ' · ',
      h('a', { href: `/api/assignments?${exportQuery}&format=xlsx` }, 'Excel'),
      ' · ',
      h('a', { href: `/api/assignments/feed?${feed}` }, 'Flöde med uppdrag som snart ska vara klara'),
    ),
  );
}
