/**
 * A meeting counts once, by its minutes, wherever meetings are counted: a seed protocol, its
 * föredragningslista and the föredragningslista of a later meeting whose minutes are not in the
 * index, ingested through the production wiring. Trends leave the agendas out and say so; coverage
 * counts the later meeting by its agenda and flags it; the timeline counts the agendas apart from the
 * meetings; the decisions are the minutes' only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { Coverage } from '../../src/search/coverage.js';
import type { Trends } from '../../src/search/trends.js';
import { appOverFiles } from '../helpers/app.js';

const BODY = 'Chefsgrupp för samverkan social välfärd samt vård och omsorg';
const minutes = readFileSync(path.join(projectRoot, 'test/fixtures/seed/001_50d6c6026012b732.txt'), 'utf8');
const agenda = minutes.replace('## Protokoll ', '## Föredragningslista ');
const laterAgenda = agenda.replace('Tid: 2024-04-19', 'Tid: 2024-05-24');

const held = appOverFiles({
  'chefsgrupp-protokoll-2024-04-19.txt': minutes,
  'chefsgrupp-foredragningslista-2024-04-19.txt': agenda,
  'chefsgrupp-foredragningslista-2024-05-24.txt': laterAgenda,
});

describe('agendas beside the minutes', () => {
  it('are read as föredragningslistor of the same body, with the same items', async () => {
    const { body } = await held.api.json<{ facets: { type: Record<string, number>; body: Record<string, number> } }>(
      '/api/search?limit=1',
    );
    const items = body.facets.type.protokoll!;
    expect(items).toBeGreaterThan(5);
    expect(body.facets.type).toEqual({ protokoll: items, föredragningslista: 2 * items });
    expect(body.facets.body).toEqual({ [BODY]: 3 * items });
  });

  it('leave trends counting the meeting once, by its minutes, and say what they left out', async () => {
    const { body } = await held.api.json<Trends>(`/api/trends?topics=${encodeURIComponent('nära vård')}&unit=meetings`);
    const { body: search } = await held.api.json<{ total: number }>('/api/search?type=protokoll&limit=1');
    const point = body.series[0]!.points.find((p) => p.year === 2024)!;
    expect([point.totalMeetings, point.totalItems]).toEqual([1, search.total]);
    expect(body.excluded.map((e) => [e.reason, e.items, e.protocols])).toEqual([['agenda', 2 * search.total, 2]]);
  });

  it('leave coverage counting the meeting with minutes once, and the one without by its agenda, flagged', async () => {
    const { body } = await held.api.json<Coverage>('/api/coverage');
    const row = body.bodies.find((b) => b.body === BODY)!;
    expect(row.years.find((y) => y.year === 2024)).toMatchObject({ meetings: 2 });
    expect(row.years.find((y) => y.year === 2024)!.months.slice(3, 5)).toEqual([1, 1]);
    expect([body.totals.protocols, body.totals.agendas]).toEqual([3, 2]);
    const flagged = body.protocols.filter((p) => p.flags.some((f) => f.code === 'agenda-only'));
    expect(flagged.map((p) => p.meetingDate)).toEqual(['2024-05-24']);
  });

  it('leave the timeline counting the minutes as meetings and the agendas beside them', async () => {
    for (const q of ['nära vård', 'hur går omställningen till nära vård?']) {
      const { body } = await held.api.json<{ meetingCount: number; agendaCount: number; meetings: unknown[] }>(
        `/api/timeline?q=${encodeURIComponent(q)}`,
      );
      expect([q, body.meetingCount, body.agendaCount, body.meetings.length]).toEqual([q, 3, 2, 3]);
    }
    const { body } = await held.api.json<{ agendaCount: number }>(
      `/api/timeline?q=${encodeURIComponent('nära vård')}&type=protokoll`,
    );
    expect(body.agendaCount).toBe(0);
  });

  it("leave Följ frågan's 'Samma dag, andra möten' to other meetings: a meeting's own agenda is not one", async () => {
    type Hit = { id: string; title: string; docType: string; meetingDate: string; body: string };
    const { body: found } = await held.api.json<{ hits: Hit[] }>(
      `/api/search?q=${encodeURIComponent('nära vård systemanalys')}&type=protokoll&limit=5`,
    );
    const item = found.hits.find((h) => h.title.startsWith('Nära vård systemanalys'))!;
    const { body } = await held.api.json<{ earlier: Hit[]; sameDay: Hit[]; later: Hit[] }>(
      `/api/items/${encodeURIComponent(item.id)}/related`,
    );
    const all = [...body.earlier, ...body.sameDay, ...body.later];
    expect(all.filter((h) => h.meetingDate === item.meetingDate && h.body === item.body)).toEqual([]);
    // The later meeting, known from its föredragningslista, is another meeting: it stays, marked as an agenda.
    expect(all.some((h) => h.meetingDate === '2024-05-24' && h.docType === 'föredragningslista')).toBe(true);
  });

  it('decide nothing: every decision listed is the minutes’', async () => {
    const { body } = await held.api.json<{ total: number; hits: { docType: string }[] }>('/api/decisions?limit=100');
    expect(body.total).toBeGreaterThan(0);
    expect(new Set(body.hits.map((h) => h.docType))).toEqual(new Set(['protokoll']));
  });
});
