/** One protocol: its header, attendees and items, with the query's words marked. */
import { api } from '../api.js';
import { formatDate, h, markWords } from '../dom.js';
import { canGoBack, go, link, main, markScrolled } from '../router.js';
import { errorBox, num, plural } from '../ui.js';

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
  items: { id: string; itemNumber: string; title: string; text: string; page: number; pdfUrl: string; topics: string[]; presenters: string[]; decisions: { text: string; kind: string }[]; topicEvidence: { label: string; evidence: string[] }[] }[];
}

export async function renderProtocol(p: URLSearchParams) {
  main.replaceChildren(h('p', { class: 'status' }, 'Hämtar protokollet…'));
  let protocol: ProtocolView;
  try {
    protocol = await api<ProtocolView>(`/api/protocols/${encodeURIComponent(p.get('id') ?? '')}`);
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
    const text = h('div', { class: 'item-text' }, ...item.text.split(/\n{2,}/).map((para) => h('p', {}, ...markWords(para, words))));
    return h('section', { class: 'item', id: `punkt-${item.itemNumber}`, 'data-number': item.itemNumber },
      h('h2', {}, `${item.itemNumber ? `${item.itemNumber}. ` : ''}`, ...markWords(item.title, words)),
      h('p', { class: 'meta' }, item.presenters.length ? `Föredragande: ${item.presenters.join(', ')} · ` : '', h('a', { href: item.pdfUrl, target: '_blank', rel: 'noopener' }, `PDF, sida ${item.page}`), ' · ', link({ view: 'tidslinje', related: item.id }, 'Följ frågan')),
      item.topics.length ? h('p', { class: 'chips' }, item.topicEvidence.map((t) => h('span', { class: 'chip', title: `Belägg: ${t.evidence.join(', ')}` }, t.label))) : null,
      text,
      item.decisions.length ? h('div', { class: 'decision-box' }, h('h3', {}, item.decisions.length === 1 ? 'Beslut' : 'Beslut i punkten'), h('ul', {}, item.decisions.map((d) => h('li', { class: `decision ${d.kind}` }, d.kind === 'routine' ? `(formellt) ${d.text}` : d.text)))) : null);
  });
  const present = protocol.attendees.filter((a) => a.present);
  // Back to where the user came from; from a shared link (no in-app history) to a search for the same words.
  const back = h('a', { href: `?view=sok${p.get('q') ? `&q=${encodeURIComponent(p.get('q')!)}` : ''}`, class: 'back', onclick: (e: Event) => {
    e.preventDefault();
    if (canGoBack()) history.back();
    else go(new URLSearchParams({ view: 'sok', q: p.get('q') ?? '' }));
  } }, canGoBack() ? '← Tillbaka' : '← Till sökningen');
  // The meeting's name and date stay in view while reading (sticky), with the hit navigation.
  const head = h('header', { class: 'protocol-head' },
    back,
    h('h1', {}, protocol.body ?? 'Protokoll'),
    h('p', { class: 'meta' }, `${protocol.docType ?? 'Dokument'} · ${formatDate(protocol.meetingDate)}${protocol.time ? ` kl. ${protocol.time}` : ''}${protocol.place ? ` · ${protocol.place}` : ''} · `, h('a', { href: protocol.sourceUrl, target: '_blank', rel: 'noopener' }, 'Öppna PDF')),
    ...(words.length ? [h('div', { class: 'occurrences' }, h('button', { type: 'button', onclick: () => step(-1) }, '↑ Föregående träff'), h('button', { type: 'button', onclick: () => step(1) }, '↓ Nästa träff'), counter)] : []));
  main.replaceChildren(
    head,
    h('details', { class: 'attendance' }, h('summary', {}, `Närvarande (${num(present.length)}) · kommuner: ${protocol.municipalitiesPresent.join(', ') || '–'}`),
      h('ul', { class: 'attendees' }, protocol.attendees.map((a) => h('li', { class: a.present ? '' : 'absent' }, `${a.name}${a.organisation ? `, ${a.organisation}` : ''}${a.present ? '' : ' (frånvarande)'}`)))),
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

