/**
 * "taggad för: …": why an item carries its topics — each topic with the words
 * that earned it, as written, and where they stood (rubrik, beslut, text) — so
 * an analyst can judge a tag. Shared by the search hits and the protocol view.
 */
import type { TopicTag } from '../../domain/schemas.js';
import { h } from './dom.js';

const WHERE: Record<TopicTag['mentions'][number]['where'], string> = {
  title: 'rubrik',
  decision: 'beslut',
  text: 'text',
};

/** One line per tagged topic: `nära vård – "omställningen till nära vård" (rubrik), "nära vård" (text)`. */
export function taggedFor(tags: readonly TopicTag[] | undefined): HTMLElement | null {
  if (!tags?.length) return null;
  return h(
    'p',
    { class: 'tagged-for' },
    h('span', { class: 'tagged-for-label' }, 'taggad för: '),
    ...tags.flatMap((t, i) => [
      i > 0 ? '; ' : '',
      h('strong', {}, t.label),
      ' – ',
      (t.mentions ?? t.evidence.map((text) => ({ text, where: 'text' as const })))
        .slice(0, 4)
        .map((m) => `”${m.text}” (${WHERE[m.where]})`)
        .join(', '),
    ]),
  );
}
