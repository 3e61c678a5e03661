/**
 * The router: the URL holds the whole state (shareable links; back and forward
 * work). Views register themselves by name; the router never imports them, so
 * a new view is one module plus one `registerView` call in main.ts.
 */

import { h } from './dom.js';
import { holdSelectSteps, rememberFocus, restoreFocus } from './focus.js';
import { carry, hasQuestion, isJourneyView, JOURNEY } from './journey.js';

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

interface HistoryState {
  /** In-app entries before this one (0: the tab arrived here from outside, e.g. a shared link). */
  depth: number;
  /** The scroll position to return to on back/forward. */
  scroll?: number;
}
const current = (): HistoryState => (history.state as HistoryState | null) ?? { depth: 0 };

/** True when "back" stays inside the app (not a shared link opened in a new tab). */
export const canGoBack = () => current().depth > 0;

/** Moves to a new state: pushed (a new history entry, the page starts at the top) or replaced (typing). */
export function go(params: URLSearchParams, mode: 'push' | 'replace' = 'push') {
  for (const [k, v] of [...params]) if (v === '') params.delete(k);
  const url = `?${params.toString()}`;
  if (mode === 'push') {
    history.replaceState({ ...current(), scroll: window.scrollY }, '');
    history.pushState({ depth: current().depth + 1 }, '', url);
  } else history.replaceState(current(), '', url);
  void render().then(() => {
    if (mode === 'push' && !main.dataset.scrolled) window.scrollTo(0, 0);
  });
}

let notice = '';
/** Shows a message at the top of the next view rendered (after an action that leaves the current one). */
export const announce = (text: string) => {
  notice = text;
};

/** A view that scrolled the page itself (to an item) says so, and the router leaves the position alone. */
export const markScrolled = () => {
  main.dataset.scrolled = 'true';
};

/** The nav link to a view: the current question carried along (a view outside the journey gets none). */
function navTarget(p: URLSearchParams, from: string, to: string): URLSearchParams {
  return isJourneyView(to) ? carry(p, from, to) : new URLSearchParams({ view: to });
}

/**
 * "Samma fråga": links to the other views of the journey with this question, under the view's
 * heading. Rendered here, for every journey view alike, so no view needs to know the others.
 */
function journeyLinks(p: URLSearchParams, name: string) {
  main.querySelector(':scope > nav.journey')?.remove();
  if (!isJourneyView(name) || !hasQuestion(p, name)) return;
  const offers = JOURNEY.filter((j) => j.view !== name && views.has(j.view));
  const bar = h(
    'nav',
    { class: 'journey', 'aria-label': 'Samma fråga i andra vyer' },
    h('span', { class: 'hint' }, 'Samma fråga: '),
    offers.flatMap((j, i) => [
      i ? h('span', { 'aria-hidden': 'true' }, ' · ') : null,
      link(carry(p, name, j.view), j.offer, { 'data-journey': j.view }),
    ]),
  );
  const heading = main.querySelector(':scope > h1');
  if (heading) heading.after(bar);
  else main.prepend(bar);
}

export async function render() {
  const p = state();
  const name = viewOf(p);
  const view = views.get(name)!;
  const nav = view.nav ?? name;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
    if (a.dataset.view === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    // A real href with the question: a new tab or a copied link opens the same question.
    a.href = `?${navTarget(p, name, a.dataset.view ?? fallback)}`;
  }
  document.title = `Protokollsök – ${view.title}`;
  const previous = main.dataset.view ?? main.dataset.ready ?? '';
  const focus = rememberFocus(main, previous);
  if (main.dataset.view !== name) delete main.dataset.view;
  delete main.dataset.scrolled;
  await view.render(p);
  journeyLinks(p, name);
  restoreFocus(main, focus, name);
  if (notice) {
    // A message from the action that led here ("Protokollet är borttaget"), shown once.
    main.prepend(h('p', { class: 'notice', role: 'status' }, notice));
    notice = '';
  }
  main.dataset.ready = name;
  // The skip link leads to the results where a view has them.
  const skip = document.querySelector<HTMLAnchorElement>('a.skip');
  if (skip) {
    const results = document.getElementById('results');
    skip.textContent = results ? 'Hoppa till resultaten' : 'Hoppa till innehållet';
    skip.href = results ? '#results' : '#main';
  }
}

/** Wires the nav links, the skip link and history, then renders the current URL. */
export function start() {
  history.scrollRestoration = 'manual';
  if (!history.state) history.replaceState({ depth: 0 }, '');
  holdSelectSteps();
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
    a.addEventListener('click', (e) => {
      const me = e as MouseEvent;
      if (me.ctrlKey || me.metaKey || me.shiftKey) return;
      e.preventDefault();
      const p = state();
      go(navTarget(p, viewOf(p), a.dataset.view ?? fallback));
    });
  }
  document.querySelector<HTMLAnchorElement>('a.skip')?.addEventListener('click', (e) => {
    // Focus, not a #hash in the URL: the URL holds the app's state.
    e.preventDefault();
    const target = document.getElementById('results') ?? main;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  });
  window.addEventListener('popstate', () => {
    const scroll = current().scroll ?? 0;
    void render().then(() => window.scrollTo(0, scroll));
  });
  void render();
}

/** An in-app link: a real href (new tab, copy link) that navigates without a reload. */
export function link(
  params: Record<string, string> | URLSearchParams,
  text: string,
  attrs: Record<string, string> = {},
) {
  const p = new URLSearchParams(params);
  return h(
    'a',
    {
      href: `?${p}`,
      ...attrs,
      onclick: (e: Event) => {
        const me = e as MouseEvent;
        if (me.ctrlKey || me.metaKey || me.shiftKey) return;
        e.preventDefault();
        go(p);
      },
    },
    text,
  );
}
