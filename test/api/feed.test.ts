/**
 * GET /api/feed against the real server on the bundled corpus: valid Atom
 * (parsed with a real XML parser), one entry per matching item, newest first,
 * links that open the item and its PDF page.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { appOverBundledCorpus } from '../helpers/app.js';

interface Link {
  '@_rel': string;
  '@_href': string;
  '@_type'?: string;
}
interface Entry {
  id: string;
  title: string;
  updated: string;
  published: string;
  link: Link[];
  summary: { '#text': string; '@_type': string };
  category?: { '@_term': string }[];
}
interface Feed {
  feed: {
    '@_xmlns': string;
    id: string;
    title: string;
    updated: string;
    link: Link[];
    author: { name: string };
    entry?: Entry[];
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => ['entry', 'link', 'category'].includes(name),
  parseTagValue: false,
});

const bundled = appOverBundledCorpus();

async function feed(query: string): Promise<{ type: string; xml: string; doc: Feed }> {
  const res = await bundled.api.get(`/api/feed?${query}`);
  expect(res.status).toBe(200);
  const xml = await res.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  return { type: res.headers.get('content-type') ?? '', xml, doc: parser.parse(xml) as Feed };
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('GET /api/feed', () => {
  it('is valid Atom for q=samsjuklighet with one entry per matching item, newest first', async () => {
    const { type, doc } = await feed('q=samsjuklighet&limit=100');
    expect(type).toMatch(/^application\/atom\+xml/);
    const f = doc.feed;
    expect(f['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(f.id).toMatch(/^urn:protokollsok:feed:[0-9a-f]{32}$/);
    expect(f.title).toBe('Protokollsök – ”samsjuklighet”');
    expect(f.updated).toMatch(ISO_DATE_TIME);
    expect(f.author.name).toBe('Protokollsök');
    // No PUBLIC_URL: root-relative, resolved by the reader against the feed's own address.
    expect(f.link.find((l) => l['@_rel'] === 'self')?.['@_href']).toBe('/api/feed?q=samsjuklighet');

    const search = await bundled.api.json<{ total: number; hits: { id: string; meetingDate: string }[] }>(
      '/api/search?q=samsjuklighet&sort=date-desc&limit=100',
    );
    const entries = f.entry ?? [];
    expect(search.body.total).toBeGreaterThan(1);
    expect(entries.map((e) => e.id)).toEqual(search.body.hits.map((h) => `urn:protokollsok:item:${h.id}`));
    const dates = entries.map((e) => e.updated);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const e of entries) {
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.updated).toMatch(ISO_DATE_TIME);
      expect(e.link.some((l) => l['@_rel'] === 'alternate' && l['@_type'] === 'text/html')).toBe(true);
      expect(e.summary['@_type']).toBe('html');
    }
    expect(entries.some((e) => e.summary['#text'].includes('<mark>'))).toBe(true);
  });

  it('links each entry to the item in the UI and to its PDF page, and both open', async () => {
    const { doc } = await feed('q=samsjuklighet&municipality=Karlskoga');
    const entry = doc.feed.entry![0]!;
    const ui = new URL(entry.link.find((l) => l['@_rel'] === 'alternate')!['@_href'], bundled.api.url);
    expect(ui.origin).toBe(bundled.api.url);
    expect(ui.searchParams.get('view')).toBe('protokoll');
    const item = await bundled.api.json<{ title: string; meetingDate: string }>(
      `/api/protocols/${encodeURIComponent(ui.searchParams.get('id')!)}/items/${encodeURIComponent(ui.searchParams.get('item')!)}`,
    );
    expect(item.status).toBe(200);
    expect(entry.title).toContain(item.body.title);
    const pdf = new URL(entry.link.find((l) => l['@_type'] === 'application/pdf')!['@_href'], bundled.api.url);
    expect(pdf.hash).toMatch(/^#page=\d+$/);
    const res = await bundled.api.get(pdf.pathname);
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });

  it('takes the same filters as /api/search and names them in the title', async () => {
    const { doc } = await feed(
      `topics=${encodeURIComponent('nära vård')}&body=${encodeURIComponent('Chefsgrupp för samverkan social välfärd samt vård och omsorg')}`,
    );
    expect(doc.feed.title).toMatch(/ämne: nära vård · organ: Chefsgrupp/);
    const search = await bundled.api.json<{ total: number }>(
      `/api/search?topics=${encodeURIComponent('nära vård')}&body=${encodeURIComponent('Chefsgrupp för samverkan social välfärd samt vård och omsorg')}`,
    );
    expect(doc.feed.entry?.length ?? 0).toBe(Math.min(20, search.body.total));
    for (const e of doc.feed.entry ?? []) expect(e.category?.map((c) => c['@_term'])).toContain('nära vård');
  });

  it('answers a bad parameter with the same problem+json as search', async () => {
    const res = await bundled.api.get('/api/feed?yearFrom=abc');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('is a valid empty feed when nothing matches', async () => {
    const { doc } = await feed('q=xyzzyplugh');
    expect(doc.feed.entry).toBeUndefined();
    expect(doc.feed.updated).toMatch(ISO_DATE_TIME);
  });
});
