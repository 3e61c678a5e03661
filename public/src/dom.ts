/** Tiny DOM helpers: elements from data, never from unescaped HTML. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
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
export function snippet(html: string): HTMLElement {
  const p = h('p', { class: 'snippet' });
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  for (const part of parts) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) p.append(marked ? h('mark', {}, decode(part)) : decode(part));
  }
  return p;
}

/** Text with the query's words marked (client-side, for the protocol view). */
export function markWords(text: string, words: readonly string[]): Node[] {
  const usable = words.filter((w) => w.length >= 3).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (usable.length === 0) return [document.createTextNode(text)];
  const re = new RegExp(`(${usable.join('|')})[\\p{L}]*`, 'giu');
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    out.push(h('mark', { class: 'occurrence' }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

export const formatDate = (iso: string | null) => (iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString('sv-SE', { year: 'numeric', month: 'long', day: 'numeric' }) : 'odaterat');
