/** Tiny DOM helpers: elements from data, never from unescaped HTML. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * A snippet from the API: its text is HTML-escaped there and only <mark> is
 * markup. Rebuilt from text nodes so nothing else can ever render as HTML.
 */
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** A snippet's text without its marks ("Kopiera citat"). */
export const snippetText = (html: string) => decode(html.replace(/<\/?mark>/g, ''));

export function snippet(html: string): HTMLElement {
  const p = h('p', { class: 'snippet' });
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) p.append(marked ? h('mark', {}, decode(part)) : decode(part));
  }
  return p;
}

/**
 * The part [from, to) of a text with the server's marks in it: the API computes
 * where a query matches (inflections, å/ä/ö, compound parts, synonyms), so the
 * protocol view marks exactly what the search matched.
 */
export function markSpans(
  text: string,
  spans: readonly (readonly [number, number])[],
  from = 0,
  to = text.length,
): Node[] {
  const out: Node[] = [];
  let at = from;
  for (const [s, e] of spans) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    if (a > at) out.push(document.createTextNode(text.slice(at, a)));
    out.push(h('mark', { class: 'occurrence' }, text.slice(a, b)));
    at = b;
  }
  if (at < to) out.push(document.createTextNode(text.slice(at, to)));
  return out;
}

/** Paragraphs of a text (split at blank lines) as [start, end) offsets, so marks keep their positions. */
export function paragraphs(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (const m of text.matchAll(/\n{2,}/g)) {
    out.push([start, m.index]);
    start = m.index + m[0].length;
  }
  out.push([start, text.length]);
  return out;
}

/** "13 oktober 2022" (Europe/Stockholm, as everywhere: domain/dates.ts). */
export { formatDate } from '../../domain/dates.js';
