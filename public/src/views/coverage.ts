/**
 * Täckning: the meetings the index holds, per body and year, as a grid read
 * at a glance (darker: more meetings; red: a year missing between years with
 * meetings; orange corner: months missing), with the months of each year as
 * a strip, the gaps in words, and the protocols to check.
 */
import { agendaNoun } from '../../../domain/doc-types.js';
import { api, ApiError, type BodyCoverage, type Coverage, type YearCell } from '../api.js';
import { formatDate, h } from '../dom.js';

type LinkFn = (params: Record<string, string>, text: string, attrs?: Record<string, string>) => HTMLElement;

const STATUS_LABEL: Record<YearCell['status'], string> = {
  ok: '',
  gap: 'Lucka: inga möten detta år, men före och efter',
  thin: 'Få möten jämfört med vanligt',
  holes: 'Månader utan möten',
  outside: 'Före första eller efter sista mötet',
};

function cell(body: BodyCoverage, y: YearCell, link: LinkFn, max: number) {
  const label = `${body.body} ${y.year}: ${y.meetings} möten${STATUS_LABEL[y.status] ? `. ${STATUS_LABEL[y.status]}` : ''}${y.holeMonths.length ? ` (månad ${y.holeMonths.join(', ')})` : ''}`;
  const level = y.meetings === 0 ? 0 : Math.max(1, Math.ceil((y.meetings / max) * 4));
  const months = h(
    'span',
    { class: 'months', 'aria-hidden': 'true' },
    y.months.map((n, i) => h('i', { class: n > 0 ? 'held' : y.holeMonths.includes(i + 1) ? 'hole' : '' })),
  );
  const content =
    y.status === 'gap'
      ? h('span', { class: 'n' }, '0 !')
      : y.meetings > 0
        ? h('span', { class: 'n' }, String(y.meetings))
        : h('span', { class: 'n' }, '·');
  const inner =
    y.meetings > 0 && body.body !== 'Okänt organ'
      ? link({ view: 'sok', body: body.body, yearFrom: String(y.year), yearTo: String(y.year), sort: 'date-asc' }, '', {
          'aria-label': label,
          title: label,
        })
      : h('span', { title: label, 'aria-label': label, role: 'img' });
  inner.append(content, months);
  return h(
    'td',
    { class: `cov cov-${y.status} lvl-${level}`, 'data-year': y.year, 'data-meetings': y.meetings },
    inner,
  );
}

export async function renderCoverage(main: HTMLElement, link: LinkFn): Promise<void> {
  main.replaceChildren(h('h1', {}, 'Täckning'), h('p', { class: 'status' }, 'Räknar mötena…'));
  let c: Coverage;
  try {
    c = await api<Coverage>('/api/coverage');
  } catch (error) {
    main.replaceChildren(
      h('h1', {}, 'Täckning'),
      h(
        'div',
        { class: 'error', role: 'alert' },
        error instanceof ApiError ? error.detail : 'Täckningen kunde inte hämtas.',
      ),
    );
    return;
  }
  if (c.bodies.length === 0) {
    main.replaceChildren(h('h1', {}, 'Täckning'), h('p', { class: 'status' }, 'Inga protokoll är inlästa än.'));
    return;
  }
  const max = Math.max(1, ...c.bodies.flatMap((b) => b.years.map((y) => y.meetings)));
  const grid = h(
    'div',
    { class: 'coverage-grid' },
    h(
      'table',
      {},
      h(
        'caption',
        {},
        `Möten per organ och år i indexet: ${c.totals.protocols - c.totals.agendas} protokoll${
          c.totals.agendas
            ? `, ${c.totals.agendas} ${agendaNoun(c.totals.agendas)} (ett möte vars protokoll finns räknas en gång)`
            : ''
        }, ${c.totals.undated} utan datum.`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Organ'),
          c.years.map((y) => h('th', { scope: 'col' }, String(y))),
          h('th', { scope: 'col' }, 'Utan datum'),
        ),
      ),
      h(
        'tbody',
        {},
        c.bodies.map((b) =>
          h(
            'tr',
            { 'data-body': b.body },
            h(
              'th',
              { scope: 'row' },
              h('span', { class: 'body-name' }, b.body),
              h(
                'span',
                { class: 'cadence' },
                `${b.protocols} ${b.protocols === 1 ? 'möte' : 'möten'}${b.perYear > 0 ? ` · vanligen ${Math.round(b.perYear)}/år` : ''}`,
              ),
            ),
            b.years.map((y) => cell(b, y, link, max)),
            h('td', { class: b.undated ? 'cov undated' : 'cov' }, b.undated ? String(b.undated) : ''),
          ),
        ),
      ),
    ),
  );
  const item = (cls: string, text: string) =>
    h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), ` ${text}`);
  const legend = h(
    'p',
    { class: 'coverage-legend' },
    item('lvl-1', 'få möten'),
    item('lvl-4', 'många'),
    item('cov-gap', 'lucka: inga möten mellan år med möten'),
    item('cov-holes', 'månader saknas'),
    item('cov-outside', 'före första / efter sista mötet'),
    h('span', {}, 'Strecken i en ruta är årets tolv månader.'),
  );
  const gaps = c.bodies.flatMap((b) => b.gaps.map((g) => ({ body: b.body, ...g })));
  const gapList = h(
    'section',
    { class: 'coverage-gaps' },
    h('h2', {}, `Luckor (${gaps.length})`),
    gaps.length
      ? h(
          'ul',
          {},
          gaps.map((g) => h('li', { class: `gap-${g.kind}` }, h('strong', {}, g.body), `: ${g.message}.`)),
        )
      : h('p', {}, 'Inga luckor i organens vanliga mötesrytm.'),
  );
  const flagged = h(
    'section',
    { class: 'coverage-flags' },
    h('h2', {}, `Protokoll att granska (${c.totals.flagged})`),
    c.protocols.length
      ? h(
          'ul',
          {},
          c.protocols.map((p) =>
            h(
              'li',
              {},
              link({ view: 'protokoll', id: p.id }, `${p.body}, ${formatDate(p.meetingDate)}`),
              ' – ',
              p.flags.map((f) => f.label).join('; '),
              p.sourceUrl
                ? h('span', {}, ' · ', h('a', { href: p.sourceUrl, target: '_blank', rel: 'noopener' }, 'original'))
                : null,
            ),
          ),
        )
      : h('p', {}, 'Inga protokoll har varningar.'),
  );
  main.replaceChildren(
    h('h1', {}, 'Täckning'),
    h(
      'p',
      { class: 'lead' },
      'Vilka möten finns i indexet? Se om en dipp i en trend är en verklig dipp eller saknade protokoll. Klicka på en ruta för årets dagordningspunkter.',
    ),
    legend,
    grid,
    gapList,
    flagged,
    ...(c.truncated
      ? [h('p', { class: 'hint' }, 'Fler protokoll än vad som kan räknas på en gång; tabellen visar de första.')]
      : []),
  );
}
