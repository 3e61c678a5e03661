/**
 * The line under a search's total that says which syntax the query was read with ("Tolkat som: år
 * 2022; utan psykiatri."), and a year written in the query as a chip that removes it. Small and
 * self-contained: the search view adds `syntaxLine(result, params)` under its total.
 */
import { describeSyntax, type Understood } from '../../../domain/swedish/query-syntax.js';
import { h } from '../dom.js';
import { go } from '../router.js';

/** The query without the years it wrote ("hemsjukvård 2022" → "hemsjukvård"). */
export const withoutYears = (q: string) =>
  q
    .split(/\s+/)
    .filter((w) => !/^(19|20)\d\d(?:(?:-|–|—|\.\.)(19|20)\d\d)?$/.test(w))
    .join(' ');

export function syntaxLine(understood: Understood | undefined, params: URLSearchParams): HTMLElement | null {
  if (!understood) return null;
  const line = describeSyntax(understood);
  if (!line) return null;
  const { years } = understood;
  const chip = years
    ? h(
        'button',
        {
          type: 'button',
          class: 'filter-chip',
          title: 'Ta bort årsfiltret ur sökfrågan',
          onclick: () => {
            const next = new URLSearchParams(params);
            next.set('q', withoutYears(params.get('q') ?? ''));
            next.delete('page');
            go(next);
          },
        },
        `${years.from === years.to ? `År ${years.from}` : `${years.from}–${years.to}`} ✕`,
      )
    : null;
  return h('p', { class: 'syntax-line', role: 'status' }, line, chip ? ' ' : null, chip);
}
