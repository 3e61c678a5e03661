/**
 * The Atom feed escapes what protocols say, by construction: a protocol whose
 * title and text carry markup, entities, "]]>" and control characters is
 * ingested through the production wiring, and the feed of a search that finds
 * it is well-formed XML (fast-xml-parser and Chromium's own XML parser) whose
 * summary, rendered as a feed reader renders type="html", has no live element.
 * Its links come from PUBLIC_URL (or are relative), never from the Host header.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles, listCorpus } from '../../ingest/run.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/browser.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

/**
 * Markup the ingest keeps as text (its markup stripping takes well-formed tags on one line only, and PDF text is
 * text): tags without white space, entities written out, a CDATA end, control characters.
 */
const HOSTILE = [
  'Protokoll Socialnämnden i Testköping',
  'Datum: 2024-05-14',
  'Plats: Stadshuset, Testköping',
  '',
  '§ 1 Mötets öppnande',
  'Ordföranden öppnar mötet.',
  '',
  '§ 2 Avgifter för hemtjänst &x; &lt;b&gt;fet&lt;/b&gt; <img/src=x/onerror=window.__pwned="title">',
  'Nämnden diskuterar avgiftsutredningen <img/src=x/onerror=window.__pwned="img"> och ]]> samt',
  '&lt;script&gt;window.__pwned = "entity"&lt;/script&gt; och <svg/onload=window.__pwned="svg">',
  `med kontrolltecken \u0001\u0008\u000b här och &amp;amp; &#x3c;iframe/src=javascript:window.__pwned=1&#x3e; &nbsp;.`,
  'Beslut: Nämnden beslutar att avgiftsutredningen läggs till handlingarna.',
  '',
  '§ 3 Mötets avslutande',
  'Ordföranden avslutar mötet.',
].join('\n');

interface Link {
  '@_rel': string;
  '@_href': string;
}
interface Feed {
  feed: {
    title: string;
    link: Link[];
    entry?: { title: string; link: Link[]; summary: { '#text': string; '@_type': string } }[];
  };
}
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => ['entry', 'link'].includes(name),
  parseTagValue: false,
});

let runtime: Runtime;
let api: RunningApp;
let configured: RunningApp;
let browser: Browser;
const corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-hostile-'));

beforeAll(async () => {
  writeFileSync(path.join(corpus, 'hostile.txt'), HOSTILE);
  ({ runtime } = await testRuntime({ CORPUS_DIR: corpus }));
  const summary = await ingestFiles(runtime.indexer, await listCorpus(corpus), { maxFileBytes: 1024 * 1024 });
  expect(summary.failed).toEqual([]);
  api = await startAppOver(runtime, { CORPUS_DIR: corpus });
  configured = await startAppOver(runtime, { CORPUS_DIR: corpus, PUBLIC_URL: 'https://protokoll.example.se/sok/' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await configured?.close();
  if (runtime) await dropIndexes(runtime);
  rmSync(corpus, { recursive: true, force: true });
});

async function feedXml(app: RunningApp, query: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await app.get(`/api/feed?${query}`, { headers });
  expect(res.status).toBe(200);
  return res.text();
}

describe('the feed of a protocol with hostile text', () => {
  it('is well-formed XML with the title as plain text, entities and all', async () => {
    const xml = await feedXml(api, 'q=avgiftsutredningen');
    expect(XMLValidator.validate(xml)).toBe(true);
    const entries = (parser.parse(xml) as Feed).feed.entry ?? [];
    expect(entries.length).toBeGreaterThan(0);
    const title = entries.find((e) => e.title.includes('Avgifter'))?.title ?? '';
    // The reader shows exactly what the protocol says (one level of XML escaping undone, no more).
    expect(title).toContain('Avgifter för hemtjänst &x; &lt;b&gt;fet&lt;/b&gt; <img/src=x/onerror=');
    // Control characters XML 1.0 cannot carry are gone.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the very characters checked for
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('renders its summary in Chromium with no live element, as a feed reader shows type="html"', async () => {
    const xml = await feedXml(api, 'q=avgiftsutredningen');
    const page = await browser.newPage();
    try {
      await page.setContent('<!doctype html><meta charset="utf-8"><div id="reader"></div>');
      const rendered = await page.evaluate(async (source) => {
        // Chromium's own XML parser: a document that is not well-formed yields a <parsererror>.
        const doc = new DOMParser().parseFromString(source, 'application/xml');
        const error = doc.getElementsByTagName('parsererror').length;
        const summaries = [...doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'summary')];
        const reader = document.getElementById('reader')!;
        reader.innerHTML = summaries.map((s) => s.textContent ?? '').join('');
        // Give an onerror handler or a javascript: frame time to run.
        await new Promise((r) => setTimeout(r, 300));
        return {
          error,
          summaries: summaries.length,
          tags: [...new Set([...reader.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))].sort(),
          text: reader.textContent ?? '',
          pwned: (window as { __pwned?: unknown }).__pwned ?? null,
        };
      }, xml);
      expect(rendered.error).toBe(0);
      expect(rendered.summaries).toBeGreaterThan(0);
      // Only the feed's own markup: paragraphs and the highlighted matches.
      expect(rendered.tags.every((t) => t === 'p' || t === 'mark')).toBe(true);
      expect(rendered.pwned).toBeNull();
      // The hostile markup is there as text a person can read.
      expect(rendered.text).toContain('<img/src=x/onerror=window.__pwned="img">');
      expect(rendered.text).toContain('&lt;script&gt;');
    } finally {
      await page.close();
    }
  }, 30_000);
});

describe('links in the feed and in exports', () => {
  /** A request with a forged Host header (fetch will not send one of its own choosing). */
  function getWithHost(app: RunningApp, pathAndQuery: string, host: string): Promise<string> {
    const url = new URL(app.url);
    return new Promise((resolve, reject) => {
      const req = http.get(
        { host: url.hostname, port: url.port, path: pathAndQuery, headers: { Host: host, 'X-Forwarded-Host': host } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
    });
  }

  it('never take their address from the Host header', async () => {
    const forged = await getWithHost(api, '/api/feed?q=avgiftsutredningen', 'evil.example.com');
    expect(forged).not.toContain('evil.example.com');
    expect(forged).toBe(await feedXml(api, 'q=avgiftsutredningen'));
    const csv = await getWithHost(api, '/api/search?q=avgiftsutredningen&format=csv', 'evil.example.com');
    expect(csv).toContain('/?view=protokoll&id=');
    expect(csv).not.toContain('evil.example.com');
  });

  it('are absolute on PUBLIC_URL when it is set, path and all', async () => {
    const xml = await getWithHost(configured, '/api/feed?q=avgiftsutredningen', 'evil.example.com');
    const feed = (parser.parse(xml) as Feed).feed;
    expect(feed.link.find((l) => l['@_rel'] === 'self')?.['@_href']).toBe(
      'https://protokoll.example.se/sok/api/feed?q=avgiftsutredningen',
    );
    for (const e of feed.entry ?? [])
      for (const l of e.link) expect(l['@_href']).toMatch(/^https:\/\/protokoll\.example\.se\/sok\//);
    const csv = await getWithHost(configured, '/api/search?q=avgiftsutredningen&format=csv', 'evil.example.com');
    expect(csv).toContain('https://protokoll.example.se/sok/?view=protokoll&id=');
    expect(csv).not.toContain('evil.example.com');
  });

  it('lets caches share the feed: publicly cacheable, the same bytes for every Host', async () => {
    const res = await api.get('/api/feed?q=avgiftsutredningen');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });
});
