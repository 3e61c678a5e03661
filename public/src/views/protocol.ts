/** One protocol: its header, attendees and items, with the query's words marked. */
import { adminKey } from '../admin.js';
import { api, type Problem, type ProtocolView, type RelatedResult } from '../api.js';
import { citation } from '../cite.js';
import { copyButton } from '../copy.js';
import { formatDate, h, markSpans } from '../dom.js';
import { announce, canGoBack, go, link, main, markScrolled } from '../router.js';
import { errorBox, num, plural } from '../ui.js';
import { ocrBadge } from '../ocr.js';
import { taggedFor } from '../topics.js';
import { watchBox } from './watch.js';

type Decision = ProtocolView['items'][number]['decisions'][number];

const normLine = (line: string) =>
  line
    .replace(/^\s*(?:[-•*]|\d{1,2}[.)])\s+/, '')
    .replace(/^beslut\s*:?\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * An item's text with its decisions marked where they stand (a block labelled
 * "Beslut"), so a decision is read once, in its place; the decisions whose
 * lines the text does not hold as such (a sentence wrapped over lines) are returned apart.
 */
function itemBody(
  text: string,
  decisions: readonly Decision[],
  spans: readonly (readonly [number, number])[],
): { body: HTMLElement; unplaced: Decision[] } {
  const lines = text.split('\n');
  // Where each line starts in the text: the server's match spans are offsets into it.
  const lineStart: number[] = [];
  for (let i = 0, at = 0; i < lines.length; at += lines[i]!.length + 1, i++) lineStart.push(at);
  const kindAt: (string | null)[] = lines.map(() => null);
  const unplaced: Decision[] = [];
  for (const d of decisions) {
    const own = d.text.split('\n').map(normLine).filter(Boolean);
    const free = (i: number) => kindAt[i] === null && normLine(lines[i]!).length > 0;
    let start = own.length ? lines.findIndex((l, i) => free(i) && normLine(l).includes(own[0]!)) : -1;
    let count = own.length;
    if (start < 0 && own.length === 1) {
      // A sentence wrapped over lines in the text: found by its opening words across a line break.
      const head = own[0]!.slice(0, 40);
      start = lines.findIndex((l, i) => free(i) && `${normLine(l)} ${normLine(lines[i + 1] ?? '')}`.includes(head));
      for (let len = 0, j = start; start >= 0 && j < lines.length && len < own[0]!.length; j++) {
        len += normLine(lines[j]!).length + 1;
        count = j - start + 1;
      }
    }
    if (start < 0) {
      unplaced.push(d);
      continue;
    }
    for (let j = start, k = 0; j < lines.length && k < count; j++) {
      if (normLine(lines[j]!)) k++;
      kindAt[j] = d.kind;
    }
  }
  const body = h('div', { class: 'item-text' });
  let para: number[] = [];
  let kind: string | null = null;
  const flush = () => {
    const first = para[0];
    const last = para[para.length - 1];
    para = [];
    if (first === undefined || last === undefined) return;
    let from = lineStart[first]!;
    let to = lineStart[last]! + lines[last]!.length;
    while (from < to && /\s/.test(text[from]!)) from++;
    while (to > from && /\s/.test(text[to - 1]!)) to--;
    if (from === to) return;
    const p = h('p', {}, ...markSpans(text, spans, from, to));
    body.append(
      kind
        ? h(
            'div',
            { class: `decision-inline ${kind}` },
            h('span', { class: 'label' }, kind === 'routine' ? 'Rutinbeslut' : 'Beslut'),
            p,
          )
        : p,
    );
  };
  lines.forEach((line, i) => {
    if (kindAt[i] !== kind || (!line.trim() && kind === null)) {
      flush();
      kind = kindAt[i] ?? null;
    }
    para.push(i);
  });
  flush();
  return { body, unplaced };
}

/**
 * "Ta bort protokollet", for an admin who entered the key in this tab (on the
 * upload page): asks first, deletes the items, the protocol and its stored
 * file, then goes back to search with a confirmation.
 */
function deleteButton(protocol: ProtocolView): HTMLElement | null {
  if (!adminKey()) return null;
  const name = `${protocol.body ?? 'Protokoll'} ${formatDate(protocol.meetingDate)}`;
  const status = h('span', { class: 'delete-status', role: 'alert' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      onclick: async () => {
        if (!window.confirm(`Ta bort ${name}? Det går inte att ångra.`)) return;
        button.disabled = true;
        status.textContent = 'Tar bort…';
        let res: Response;
        try {
          res = await fetch(`/api/protocols/${encodeURIComponent(protocol.id)}`, {
            method: 'DELETE',
            headers: { Authorization: `Bearer ${adminKey()}` },
          });
        } catch {
          status.textContent = 'Kunde inte nå servern. Kontrollera anslutningen.';
          button.disabled = false;
          return;
        }
        if (!res.ok) {
          const problem = (await res.json().catch(() => ({}))) as Partial<Problem>;
          const advice =
            res.status === 401 || res.status === 403 ? ' Kontrollera administrationsnyckeln på sidan Ladda upp.' : '';
          status.textContent = `Protokollet kunde inte tas bort. ${problem.detail ?? `Servern svarade ${res.status}.`}${advice}`;
          button.disabled = false;
          return;
        }
        announce(`${name} är borttaget ur sökningen, trenderna och korpusen.`);
        go(new URLSearchParams({ view: 'sok' }));
      },
    },
    'Ta bort protokollet',
  );
  return h('div', { class: 'admin-actions' }, button, ' ', status);
}

/**
 * "Kopiera citat" of an item: the text selected in it, else its substantive decision (on the
 * decision's page), else its title, with the reference "Organ, datum, § N, s. M".
 */
function itemQuote(item: ProtocolView['items'][number], protocol: ProtocolView): string {
  const source = { body: protocol.body, meetingDate: protocol.meetingDate, itemNumber: item.itemNumber };
  const selection = window.getSelection();
  const section = document.getElementById(`punkt-${item.itemNumber}`);
  const selected = selection?.toString().trim() ?? '';
  if (selected && section && selection?.anchorNode && section.contains(selection.anchorNode))
    return citation(selected, { ...source, page: item.page });
  const decision = item.decisions.find((d) => d.kind === 'substantive');
  return decision
    ? citation(decision.text, { ...source, page: decision.page })
    : citation(item.title, { ...source, page: item.page });
}

export async function renderProtocol(p: URLSearchParams) {
  main.replaceChildren(h('p', { class: 'status' }, 'Hämtar protokollet…'));
  let protocol: ProtocolView;
  try {
    const q = p.get('q') ?? '';
    // With the query, the server marks every match (folded, stemmed, compound part, synonym) in each item.
    protocol = await api<ProtocolView>(
      `/api/protocols/${encodeURIComponent(p.get('id') ?? '')}${q ? `?q=${encodeURIComponent(q)}` : ''}`,
    );
  } catch (error) {
    main.replaceChildren(errorBox(error));
    return;
  }
  const words = (p.get('q') ?? '').split(/\s+/).filter(Boolean);
  const marks: HTMLElement[] = [];
  let current = -1;
  const counter = h('span', { class: 'counter', 'aria-live': 'polite' }, '');
  const step = (delta: number, scroll = true) => {
    if (marks.length === 0) return;
    marks[current]?.classList.remove('current');
    current = (current + delta + marks.length) % marks.length;
    const mark = marks[current]!;
    mark.classList.add('current');
    if (scroll) mark.scrollIntoView({ block: 'center' });
    counter.textContent = `Träff ${num(current + 1)} av ${num(marks.length)}`;
  };
  const items = protocol.items.map((item) => {
    const { body: text, unplaced } = itemBody(item.text, item.decisions, item.marks?.text ?? []);
    return h(
      'section',
      { class: 'item', id: `punkt-${item.itemNumber}`, 'data-number': item.itemNumber },
      h(
        'h2',
        {},
        `${item.itemNumber ? `${item.itemNumber}. ` : ''}`,
        ...markSpans(item.title, item.marks?.title ?? []),
      ),
      h(
        'p',
        { class: 'meta' },
        item.presenters.length ? `Föredragande: ${item.presenters.join(', ')} · ` : '',
        h('a', { href: item.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF, sida ${item.page}`),
        ' · ',
        // A meeting's formalia (opened, justerare chosen …) is no matter to follow.
        ...(item.formalia === null ? [link({ view: 'tidslinje', related: item.id }, 'Följ frågan'), ' · '] : []),
        copyButton('Kopiera citat', () => itemQuote(item, protocol), {
          'aria-label': `Kopiera citat ur punkt ${item.itemNumber || item.title} (det markerade, annars beslutet) med källa`,
        }),
        ocrBadge(item),
      ),
      item.topics.length
        ? h(
            'p',
            { class: 'chips' },
            item.topicEvidence.map((t) =>
              h('span', { class: 'chip', title: `Belägg: ${t.evidence.join(', ')}` }, t.label),
            ),
          )
        : null,
      taggedFor(item.topicEvidence),
      text,
      // Only decisions the text could not show in place get a box of their own: each is shown once.
      unplaced.length
        ? h(
            'div',
            { class: 'decision-box' },
            h('h3', {}, 'Beslut'),
            h(
              'ul',
              {},
              unplaced.map((d) =>
                h('li', { class: `decision ${d.kind}` }, d.kind === 'routine' ? `Rutinbeslut: ${d.text}` : d.text),
              ),
            ),
          )
        : null,
      matterSection(item),
    );
  });
  const present = protocol.attendees.filter((a) => a.present);
  // Back to where the user came from; from a shared link (no in-app history) to a search for the same words.
  const back = h(
    'a',
    {
      href: `?view=sok${p.get('q') ? `&q=${encodeURIComponent(p.get('q')!)}` : ''}`,
      class: 'back',
      onclick: (e: Event) => {
        e.preventDefault();
        if (canGoBack()) history.back();
        else go(new URLSearchParams({ view: 'sok', q: p.get('q') ?? '' }));
      },
    },
    canGoBack() ? '← Tillbaka' : '← Till sökningen',
  );
  // The meeting's name and date stay in view while reading (sticky), with the hit navigation.
  const head = h(
    'header',
    { class: 'protocol-head' },
    back,
    h('h1', {}, protocol.body ?? 'Protokoll'),
    h(
      'p',
      { class: 'meta' },
      `${protocol.docType ?? 'Dokument'} · ${formatDate(protocol.meetingDate)}${protocol.dateSource === 'filename' ? ' (datum ur filnamnet)' : ''}${protocol.time ? ` kl. ${protocol.time}` : ''}${protocol.place ? ` · ${protocol.place}` : ''} · `,
      h('a', { href: protocol.sourceUrl, target: '_blank', rel: 'noopener' }, 'Öppna PDF'),
      ocrBadge(protocol),
      protocol.originalUrl
        ? h(
            'span',
            {},
            ' · ',
            h('a', { href: protocol.originalUrl, target: '_blank', rel: 'noopener' }, 'Originalet på webben'),
          )
        : null,
    ),
    ...(protocol.body ? [watchBox(new URLSearchParams({ body: protocol.body }), `organet ${protocol.body}`)] : []),
    ...(words.length
      ? [
          h(
            'div',
            { class: 'occurrences' },
            h('button', { type: 'button', onclick: () => step(-1) }, '↑ Föregående träff'),
            h('button', { type: 'button', onclick: () => step(1) }, '↓ Nästa träff'),
            counter,
          ),
        ]
      : []),
  );
  main.replaceChildren(
    head,
    // Outside the sticky header: an admin action, not something to keep in view while reading.
    deleteButton(protocol) ?? '',
    h(
      'details',
      { class: 'attendance' },
      h(
        'summary',
        {},
        `Närvarande (${num(present.length)}) · kommuner: ${protocol.municipalitiesPresent.join(', ') || '–'}`,
      ),
      h(
        'ul',
        { class: 'attendees' },
        protocol.attendees.map((a) =>
          h(
            'li',
            { class: a.present ? '' : 'absent' },
            `${a.name}${a.organisation ? `, ${a.organisation}` : ''}${a.present ? '' : ' (frånvarande)'}`,
          ),
        ),
      ),
    ),
    h('div', { class: 'items' }, items),
  );
  // Items scrolled to stop below the sticky header, not under it.
  const setMargin = () => main.style.setProperty('--head-height', `${head.offsetHeight + 8}px`);
  setMargin();
  new ResizeObserver(setMargin).observe(head);
  marks.push(...main.querySelectorAll<HTMLElement>('mark.occurrence'));
  counter.textContent = words.length ? plural(marks.length, 'träff', 'träffar') : '';
  const target = document.getElementById(`punkt-${p.get('item') ?? ''}`);
  if (target) {
    target.classList.add('target');
    target.scrollIntoView({ block: 'start' });
    markScrolled();
    const firstInItem = marks.findIndex((m) => target.contains(m));
    if (firstInItem >= 0) {
      current = firstInItem - 1;
      // The item's heading stays at the top; the first hit is scrolled to only when it is below the screen.
      step(1, marks[firstInItem]!.getBoundingClientRect().bottom > window.innerHeight);
    }
  }
}

/**
 * The item as part of a matter (issue 24): its diarienummer, the proposals its approvals approve, its
 * assignments, and "Tidigare i ärendet" / "Senare i ärendet" (the same matter in other meetings, loaded when opened).
 */
function matterSection(item: ProtocolView['items'][number]): HTMLElement {
  const approvals = item.decisions.filter((d) => d.proposal);
  const thread = h(
    'div',
    { class: 'matter-thread' },
    h('p', { class: 'status' }, 'Letar efter ärendet i andra möten…'),
  );
  let loaded = false;
  const details = h(
    'details',
    {
      class: 'matter',
      ontoggle: (e: Event) => {
        if (loaded || !(e.target as HTMLDetailsElement).open) return;
        loaded = true;
        void api<RelatedResult>(`/api/items/${encodeURIComponent(item.id)}/related?order=oldest`)
          .then((r) => {
            const list = (title: string, xs: RelatedResult['earlier'], none: string) =>
              h(
                'section',
                {},
                h('h4', {}, title),
                xs.length
                  ? h(
                      'ul',
                      {},
                      xs.map((x) =>
                        h(
                          'li',
                          {},
                          link(
                            { view: 'protokoll', id: x.protocolId, item: x.itemNumber },
                            `${formatDate(x.meetingDate)}, ${x.body ?? 'okänt organ'}: ${x.itemNumber ? `${x.itemNumber} ` : ''}${x.title}`,
                          ),
                        ),
                      ),
                    )
                  : h('p', { class: 'status' }, none),
              );
            thread.replaceChildren(
              list('Tidigare i ärendet', r.earlier, 'Inget tidigare möte tog upp ärendet.'),
              list('Senare i ärendet', r.later, 'Inget senare möte har tagit upp ärendet.'),
            );
          })
          .catch(() =>
            thread.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Ärendet kunde inte följas just nu.')),
          );
      },
    },
    h('summary', {}, 'Tidigare och senare i ärendet'),
    thread,
  );
  return h(
    'div',
    { class: 'matter-info' },
    item.caseNumbers?.length ? h('p', { class: 'case-numbers' }, `Diarienummer: ${item.caseNumbers.join(', ')}`) : null,
    ...approvals.map((d) =>
      h(
        'p',
        { class: 'proposal' },
        h('strong', {}, `Beslut: ${d.text}`),
        ` (enligt förslaget${d.proposal?.by ? ` från ${d.proposal.by}` : ''}: ${d.proposal?.text ?? ''})`,
      ),
    ),
    item.assignments?.length
      ? h(
          'p',
          { class: 'case-numbers' },
          'Uppdrag: ',
          item.assignments
            .map((a) => `${a.assignee ?? 'ingen namngiven'} – ${a.task}${a.due ? ` (${a.due})` : ''}`)
            .join('; '),
        )
      : null,
    // A meeting's formalia belongs to no matter that other meetings take up.
    item.formalia === null ? details : null,
  );
}
