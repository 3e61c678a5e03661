/** Small pieces several views share: errors, numbers and plurals in Swedish, filters. */
import { FILTER_KEYS, FILTER_LABELS } from '../../domain/filter-keys.js';
import { ApiError } from './api.js';
import { h } from './dom.js';

/** Request parameters as the user knows them from the form: the filters' labels, and the rest. */
const PARAM_LABELS: Record<string, string> = {
  ...FILTER_LABELS,
  q: 'Sökorden',
  terms: 'Egna sökord',
  unit: 'Enhet',
  page: 'Sidnumret',
  sort: 'Ordningen',
  id: 'Länken',
  file: 'Filen',
};

/** The API's detail without the parameter's internal name: "Från år: får inte vara senare än till år." */
export function plainDetail(error: ApiError): string {
  const m = /^Parametern "([^"]+)" är ogiltig: (.*)$/s.exec(error.detail);
  if (!m) return error.detail;
  const label = PARAM_LABELS[m[1]!] ?? 'Ett av värdena';
  const message = m[2]!.replace(/^./, (c) => c.toLowerCase());
  // "Från år får inte vara …" reads as a sentence; "Ordningen: ogiltigt val …" needs the colon.
  return `${label}${/^(får|ska|måste|högst|minst)\b/.test(message) ? ' ' : ': '}${message}`.replace(/\.?$/, '.');
}

/** An error the user can act on: what was wrong with the question, or that trying again may help. */
export function errorBox(error: unknown) {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    const heading =
      error.status === 404
        ? 'Hittades inte. '
        : error.status === 429
          ? 'För många sökningar på kort tid. '
          : 'Sökningen kunde inte göras. ';
    return h(
      'div',
      { class: 'error', role: 'alert' },
      h('strong', {}, heading),
      plainDetail(error),
      error.status === 429 ? ' Vänta en minut och försök igen.' : '',
    );
  }
  const detail = error instanceof ApiError ? error.detail : 'Ett oväntat fel inträffade.';
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', {}, 'Sökningen misslyckades – försök igen om en stund. '),
    detail,
  );
}

export const debounce = <A extends unknown[]>(fn: (...a: A) => void, ms: number) => {
  let t: number | undefined;
  return (...a: A) => {
    window.clearTimeout(t);
    t = window.setTimeout(() => fn(...a), ms);
  };
};

/** What a list view passes on to the API: the question, its filters (domain/filter-keys.ts), order and page. */
export const LIST_KEYS: readonly string[] = ['q', ...FILTER_KEYS, 'sort', 'page'];

/** The parameters of `p` named by `keys`, empty values left out. */
export function apiQuery(p: URLSearchParams, keys: readonly string[] = LIST_KEYS) {
  const out = new URLSearchParams();
  for (const k of keys) for (const v of p.getAll(k)) if (v) out.append(k, v);
  return out;
}

const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const decimal2 = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });

/** 12 345 (a non-breaking space between thousands, as sv-SE writes them). */
export const num = (n: number) => integer.format(n);
/** 22,5 % */
export const pct = (n: number) => `${decimal.format(n)} %`;
/** 3,14 */
export const dec = (n: number) => decimal2.format(n);

/** "1 dagordningspunkt", "2 dagordningspunkter". */
export const plural = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;

/** A paged list's "← Föregående · Sida n av m · Nästa →": real links (a new tab opens that page), `navigate` on a click. */
export function pager(p: URLSearchParams, page: number, pages: number, navigate: (next: URLSearchParams) => void) {
  const to = (n: number, text: string, rel: string) => {
    const next = new URLSearchParams(p);
    next.set('page', String(n));
    const onclick = (e: Event) => {
      e.preventDefault();
      navigate(next);
    };
    return h('a', { href: `?${next}`, rel, onclick }, text);
  };
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Sidor' },
    page > 1 ? to(page - 1, '← Föregående', 'prev') : null,
    h('span', {}, `Sida ${num(page)} av ${num(pages)}`),
    page < pages ? to(page + 1, 'Nästa →', 'next') : null,
  );
}

/** A list's downloads: CSV (Swedish Excel), its "om datat" text and xlsx; `url` is the API address of a format. */
export function downloadLinks(label: string, url: (format: 'csv' | 'om' | 'xlsx') => string) {
  return h(
    'p',
    { class: 'downloads' },
    `${label} `,
    h('a', { href: url('csv'), download: '' }, 'CSV'),
    ' (',
    h('a', { href: url('om'), download: '' }, 'om datat'),
    ') · ',
    h('a', { href: url('xlsx'), download: '' }, 'Excel (xlsx)'),
  );
}
