/**
 * An approval shows the proposal it approves wherever a decision is shown outside
 * the UI: the item feed's entries and every export of an item list (search,
 * decisions, timeline) write "Beslut: … (enligt förslaget: …)". On the bundled
 * corpus: 2022-10-13 § 5 of the chefsgrupp decides "i enlighet med förslaget",
 * the arbetsutskott's proposal to wait with the follow-up of the utskrivning
 * agreement.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { appOverBundledCorpus } from '../helpers/app.js';
import { parseSwedishCsv } from '../helpers/csv.js';

const bundled = appOverBundledCorpus();

const APPROVAL =
  /Beslut: Chefsgruppen beslutade i enlighet med förslaget\. \(enligt förslaget: [^)]*avvakta uppföljning av överenskommelsen samverkan vid\s+utskrivning/;

/** The Beslut cell of the row of item 5 of 2022-10-13 in a CSV export. */
async function beslutCell(path: string): Promise<string> {
  const res = await bundled.api.get(path);
  expect(res.status).toBe(200);
  const rows = parseSwedishCsv((await res.text()).replace(/^\uFEFF/, ''));
  const head = rows[0]!;
  const row = rows.find((r) => r[head.indexOf('Mötesdatum')] === '2022-10-13' && r[head.indexOf('Punkt')] === '5');
  expect(row, `${path}: no row for 2022-10-13 § 5`).toBeDefined();
  return row![head.indexOf('Beslut')]!;
}

describe('an approval with its proposal outside the UI', () => {
  it('is in the item feed entry', async () => {
    const res = await bundled.api.get('/api/feed?q=utskrivning&limit=50');
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' }).parse(await res.text()) as {
      feed: { entry: { title: string; summary: { '#text': string } }[] };
    };
    const entry = doc.feed.entry.find((e) => /^5\. Rapport från au/.test(e.title) && /2022/.test(e.title));
    expect(entry).toBeDefined();
    expect(entry!.summary['#text']).toMatch(APPROVAL);
  });

  it('is in the search, decisions and timeline exports', async () => {
    for (const path of [
      '/api/search?q=utskrivning&format=csv',
      '/api/decisions?q=utskrivning&format=csv',
      '/api/timeline?q=utskrivning&format=csv',
    ])
      expect(await beslutCell(path), path).toMatch(APPROVAL);
  });
});
