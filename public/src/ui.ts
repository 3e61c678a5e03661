/** Small pieces several views share. */
import { ApiError } from './api.js';
import { h } from './dom.js';

export function errorBox(error: unknown) {
  const detail = error instanceof ApiError ? error.detail : 'Ett oväntat fel inträffade.';
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Sökningen misslyckades – försök igen. '), detail);
}

export const debounce = <A extends unknown[]>(fn: (...a: A) => void, ms: number) => {
  let t: number | undefined;
  return (...a: A) => {
    window.clearTimeout(t);
    t = window.setTimeout(() => fn(...a), ms);
  };
};

/** The search filters a view passes on to the API. */
export const FILTER_KEYS = ['q', 'body', 'type', 'topics', 'municipality', 'yearFrom', 'yearTo', 'hasDecision', 'sort', 'page'];

export function apiQuery(p: URLSearchParams, keys = FILTER_KEYS) {
  const out = new URLSearchParams();
  for (const k of keys) for (const v of p.getAll(k)) if (v) out.append(k, v);
  return out;
}
