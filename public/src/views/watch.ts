/**
 * "Bevaka": the Atom feed of a search, topic or body, to paste into a feed
 * reader or Outlook's RSS folder. The feed takes the same parameters as the
 * search, so the URL is the search's own filters.
 */
import { QUESTION_KEYS } from '../../../domain/filter-keys.js';
import { h } from '../dom.js';

/** The absolute feed URL for these filters (view, sort and page are not part of a feed). */
export function feedUrl(filters: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of QUESTION_KEYS) for (const v of filters.getAll(k)) if (v) out.append(k, v);
  return `${location.origin}/api/feed${out.size ? `?${out}` : ''}`;
}

/** A "Bevaka" disclosure showing the feed URL to copy. */
export function watchBox(filters: URLSearchParams, what: string): HTMLElement {
  const url = feedUrl(filters);
  const input = h('input', {
    type: 'text',
    readonly: true,
    value: url,
    class: 'feed-url',
    'aria-label': 'Flödets adress',
    onfocus: (e: Event) => (e.target as HTMLInputElement).select(),
  });
  const copied = h('span', { class: 'hint', 'aria-live': 'polite' }, '');
  const copy = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        const done = () => (copied.textContent = ' Kopierad.');
        if (navigator.clipboard)
          navigator.clipboard.writeText(url).then(done, () => {
            input.select();
            copied.textContent = ' Markerad – kopiera med Ctrl+C.';
          });
        else {
          input.select();
          copied.textContent = ' Markerad – kopiera med Ctrl+C.';
        }
      },
    },
    'Kopiera',
  );
  return h(
    'details',
    { class: 'watch' },
    h('summary', {}, 'Bevaka', h('span', { class: 'hint' }, ' – nya träffar som flöde (Atom/RSS)')),
    h(
      'p',
      {},
      `Få nya dagordningspunkter för ${what} i en flödesläsare eller i Outlooks RSS-mapp: kopiera adressen och lägg till den som ett nytt flöde (Atom).`,
    ),
    h('p', { class: 'feed-row' }, input, copy, copied),
    h('p', { class: 'hint' }, h('a', { href: url, target: '_blank', rel: 'noopener' }, 'Öppna flödet')),
  );
}
