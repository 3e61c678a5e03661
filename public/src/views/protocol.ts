/** One protocol: its header, attendees and items, with the query's words marked. */
import { api } from '../api.js';
import { formatDate, h, markWords } from '../dom.js';
import { link, main } from '../router.js';
import { errorBox } from '../ui.js';

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
    const text = h('div', { class: 'item-text' }, ...item.text.split(/\n{2,}/).map((para) => h('p', {}, ...markWords(para, words))));
    return h('section', { class: 'item', id: `punkt-${item.itemNumber}`, 'data-number': item.itemNumber },
      h('h2', {}, `${item.itemNumber ? `${item.itemNumber}. ` : ''}`, ...markWords(item.title, words)),
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

