/**
 * An Atom feed of assignments falling due: those whose due date lies within
 * the next `days` days or has passed without a report-back, soonest first.
 */
import { createHash } from 'node:crypto';
import { buildRegister } from './assignments.js';
import type { SearchContext } from './context.js';
import { escapeHtml, writeAtom } from './feed.js';

export async function dueFeed(
  ctx: SearchContext,
  params: { body?: readonly string[] | undefined; days: number; today?: string },
  links: { origin: string },
): Promise<string> {
  const today = params.today ?? new Date().toISOString().slice(0, 10);
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + params.days * 86_400_000).toISOString().slice(0, 10);
  const register = await buildRegister(ctx, { body: params.body, today });
  const due = register
    .filter((e) => e.dueDate !== null && e.dueDate <= until && e.status !== 'återrapporterad')
    .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
  const query = new URLSearchParams();
  for (const b of params.body ?? []) query.append('body', b);
  query.set('days', String(params.days));
  const ui = new URLSearchParams({ view: 'uppdrag' });
  for (const b of params.body ?? []) ui.append('body', b);
  return writeAtom(
    {
      id: `urn:protokollsok:assignments:${createHash('sha256').update(query.toString()).digest('hex').slice(0, 32)}`,
      title: `Protokollsök – uppdrag som ska vara klara${params.body?.length ? ` (${params.body.join(', ')})` : ''}`,
      subtitle: `${due.length} uppdrag med slutdatum senast ${until} utan återrapport.`,
      updated: `${today}T00:00:00Z`,
      self: `${links.origin}/api/assignments/feed?${query}`,
      alternate: `${links.origin}/?${ui}`,
    },
    due.map((e) => ({
      id: `urn:protokollsok:assignment:${e.id}`,
      title: `${e.assignee ?? 'Uppdrag'}: ${e.task.slice(0, 120)} (senast ${e.dueDate})`,
      updated: `${e.dueDate}T00:00:00Z`,
      link: `${links.origin}/?${new URLSearchParams({ view: 'protokoll', id: e.protocolId, item: e.itemNumber })}`,
      pdf: { href: `${links.origin}${e.pdfUrl}`, title: `PDF, sida ${e.page}` },
      author: e.giver ?? e.body ?? 'Okänt organ',
      categories: [e.status],
      summary: `<p>${escapeHtml(e.body ?? 'Okänt organ')}, ${escapeHtml(e.meetingDate ?? 'odaterat')} · punkt ${escapeHtml(e.itemNumber)} · ${escapeHtml(e.status)}</p><p>${escapeHtml(e.sentence)}</p>`,
    })),
  );
}
