/**
 * The router: the URL holds the whole state (shareable links; back and forward
 * work). Views register themselves by name; the router never imports them, so
 * a new view is one module plus one `registerView` call in main.ts.
 */

import { h } from './dom.js';

export interface ViewSpec {
  /** The tab title after "Protokollsök – ". */
  title: string;
  /** The nav link marked as current while this view shows (default: its own name). */
  nav?: string;
  render: (p: URLSearchParams) => Promise<void>;
}

export const main = document.getElementById('main')!;
export const state = () => new URLSearchParams(location.search);

const views = new Map<string, ViewSpec>();
let fallback = '';

/** Registers a view under its `?view=` name; the first one registered is the default. */
export function registerView(name: string, spec: ViewSpec): void {
  views.set(name, spec);
  if (!fallback) fallback = name;
}

export const viewOf = (p: URLSearchParams): string => {
  const v = p.get('view') ?? '';
  return views.has(v) ? v : fallback;
};

/** Moves to a new state: pushed (a new history entry) or replaced (typing). */
export function go(params: URLSearchParams, mode: 'push' | 'replace' = 'push') {
  for (const [k, v] of [...params]) if (v === '') params.delete(k);
  const url = `?${params.toString()}`;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  void render();
}

export async function render() {
  const p = state();
  const name = viewOf(p);
  const view = views.get(name)!;
  const nav = view.nav ?? name;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
    if (a.dataset.view === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `Protokollsök – ${view.title}`;
  if (main.dataset.view !== name) delete main.dataset.view;
  await view.render(p);
  main.dataset.ready = name;
}

/** Wires the nav links and history, then renders the current URL. */
export function start() {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      go(new URLSearchParams({ view: a.dataset.view ?? fallback }));
    });
  }
  window.addEventListener('popstate', () => void render());
  void render();
}

/** An in-app link: a real href (new tab, copy link) that navigates without a reload. */
export function link(params: Record<string, string>, text: string, attrs: Record<string, string> = {}) {
  const p = new URLSearchParams(params);
  return h('a', { href: `?${p}`, ...attrs, onclick: (e: Event) => {
    const me = e as MouseEvent;
    if (me.ctrlKey || me.metaKey || me.shiftKey) return;
    e.preventDefault();
    go(p);
  } }, text);
}
