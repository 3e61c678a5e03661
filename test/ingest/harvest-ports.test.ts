/**
 * The harvester stays on its ports and never uses or publishes credentials: an
 * allow-list entry is host[:port]; a listing page's link to another port of an
 * allowed host is refused with a reason while its own port's files are fetched;
 * a URL with "user:pass@" is refused, and no report, log line or published
 * source URL carries the password.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDocument } from '../../domain/schemas.js';
import { AllowList, parseAllowEntry } from '../../ingest/harvest/allow.js';
import { harvest, type HarvestOptions } from '../../ingest/harvest/harvest.js';
import { readProvenance, sidecarPath, withProvenance } from '../../ingest/harvest/provenance.js';
import { projectRoot } from '../../domain/paths.js';
import { startListingServer, type ListingServer } from '../helpers/listing-server.js';

const made: string[] = [];
const tmp = (name: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `protokollsok-${name}-`));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('an allow-list entry', () => {
  it('is host or host:port, IPv6 in brackets, and nothing else', () => {
    expect(parseAllowEntry('Files.Example.se')).toEqual({ host: 'files.example.se', port: null });
    expect(parseAllowEntry('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseAllowEntry('[::1]:7700')).toEqual({ host: '::1', port: 7700 });
    expect(parseAllowEntry('::1')).toEqual({ host: '::1', port: null });
    for (const bad of ['https://example.se', 'example.se/protokoll', 'example.se:0', 'example.se:99999', 'a b'])
      expect(parseAllowEntry(bad)).toBeNull();
  });

  it("without a port allows 80, 443 and a listing page's own port only", () => {
    const allow = new AllowList(
      [new URL('http://kommun.example.se:8081/protokoll/')],
      [parseAllowEntry('filer.example.se')!, parseAllowEntry('127.0.0.1:7000')!],
    );
    const refusal = (u: string) => allow.refusal(new URL(u));
    expect(refusal('http://kommun.example.se:8081/a.pdf')).toBeNull();
    expect(refusal('https://www.kommun.example.se/a.pdf')).toBeNull();
    expect(refusal('http://kommun.example.se/a.pdf')).toBeNull();
    expect(refusal('http://kommun.example.se:8082/a.pdf')).toMatch(
      /port 8082 på kommun\.example\.se är inte tillåten.*lägg till kommun\.example\.se:8082 i HARVEST_ALLOW_HOSTS/,
    );
    expect(refusal('https://filer.example.se/a.pdf')).toBeNull();
    expect(refusal('http://filer.example.se:8081/a.pdf')).toMatch(/port 8081/);
    expect(refusal('http://127.0.0.1:7000/a.pdf')).toBeNull();
    expect(refusal('http://127.0.0.1:7700/a.pdf')).toMatch(/port 7700 på 127\.0\.0\.1/);
    expect(refusal('http://127.0.0.1/a.pdf')).toMatch(/port 80 på 127\.0\.0\.1/);
    expect(refusal('http://annan.example.se/a.pdf')).toMatch(/varken en listsidas värd/);
    expect(refusal('http://user:hemligt@kommun.example.se:8081/a.pdf')).toMatch(/inloggningsuppgifter/);
    expect(allow.privateAllowed('127.0.0.1')).toBe(true);
    expect(allow.privateAllowed('kommun.example.se')).toBe(false);
  });
});

describe('harvesting a listing page that links to another port and to a URL with credentials', () => {
  let site: ListingServer;
  let other: Server;
  let otherPort: number;
  let otherRequests = 0;
  const pdf = readFileSync(path.join(projectRoot, 'corpus', '000_fba7a9fba055a2c4.pdf'));
  const lines: string[] = [];
  let options: HarvestOptions;

  beforeAll(async () => {
    // "Another service on the same machine", which happens to serve a PDF.
    other = http.createServer((req, res) => {
      otherRequests++;
      if (req.url === '/robots.txt') return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(pdf);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherPort = (other.address() as AddressInfo).port;
    site = await startListingServer({
      clean: true,
      extraLinks: (origin) => [
        `http://127.0.0.1:${otherPort}/intern/rapport.pdf`,
        `${origin.replace('http://', 'http://granskare:hemligt-losen@')}/filer/hemlig.pdf`,
      ],
      extraFiles: { '/filer/hemlig.pdf': { body: pdf, type: 'application/pdf' } },
    });
    options = {
      listings: [site.listing],
      allowHosts: ['127.0.0.1'],
      corpusDir: tmp('ports-corpus'),
      dataDir: tmp('ports-data'),
      indexer: null,
      maxFileBytes: 5 * 1024 * 1024,
      delayMs: 0,
      timeoutMs: 2000,
      retries: 0,
      log: (line) => lines.push(line),
    };
  });
  afterAll(async () => {
    await site?.close();
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  it("refuses the other port with a reason and fetches the listing's own port", async () => {
    const report = await harvest(options);
    const otherUrl = `http://127.0.0.1:${otherPort}/intern/rapport.pdf`;
    expect(report.skipped.find((s) => s.url === otherUrl)?.reason).toMatch(
      new RegExp(`port ${otherPort} på 127\\.0\\.0\\.1 är inte tillåten.*127\\.0\\.0\\.1:${otherPort}`),
    );
    expect(otherRequests).toBe(0);
    // The five bundled files the clean pages link, all from the listing's own port.
    expect(report.downloaded).toHaveLength(5);
    expect(report.downloaded.every((d) => d.url.startsWith(site.url))).toBe(true);
  });

  it('refuses the URL with credentials, never sends them, and names it without the password', async () => {
    const report = await harvest({ ...options, dataDir: tmp('ports-data-2'), corpusDir: tmp('ports-corpus-2') });
    const refused = report.skipped.find((s) => s.url.endsWith('/filer/hemlig.pdf'));
    expect(refused?.reason).toMatch(/inloggningsuppgifter/);
    expect(site.stats.filesServed.has('/filer/hemlig.pdf')).toBe(false);
    const everything = JSON.stringify(report) + lines.join('\n');
    expect(everything).not.toContain('hemligt-losen');
    expect(everything).not.toContain('granskare');
  });

  it('fetches the other port once it is on the allow-list as host:port', async () => {
    const report = await harvest({
      ...options,
      allowHosts: ['127.0.0.1', `127.0.0.1:${otherPort}`],
      dataDir: tmp('ports-data-3'),
      corpusDir: tmp('ports-corpus-3'),
    });
    expect(report.downloaded.map((d) => d.url)).toContain(`http://127.0.0.1:${otherPort}/intern/rapport.pdf`);
    // Its robots.txt and the file.
    expect(otherRequests).toBe(2);
  });

  it('refuses a listing page whose URL carries credentials, without a request', async () => {
    site.resetStats();
    const report = await harvest({
      ...options,
      listings: [site.listing.replace('http://', 'http://granskare:hemligt-losen@')],
      dataDir: tmp('ports-data-4'),
    });
    expect(report.listings).toHaveLength(1);
    expect(report.listings[0]).toMatchObject({ ok: false, url: site.listing });
    expect(report.listings[0]!.warnings.join(' ')).toMatch(/inloggningsuppgifter/);
    expect(site.stats.requests).toBe(0);
    expect(JSON.stringify(report)).not.toContain('hemligt');
  });
});

describe('the published source URL', () => {
  it('never carries credentials, even from a sidecar written before they were refused', async () => {
    const dir = tmp('provenance');
    const file = path.join(dir, 'p.pdf');
    writeFileSync(
      sidecarPath(file),
      JSON.stringify({
        sourceUrl: 'https://granskare:hemligt@kommun.example.se/filer/p.pdf',
        listingUrl: 'https://granskare:hemligt@kommun.example.se/protokoll/',
        fetchedAt: '2025-01-01T00:00:00Z',
      }),
    );
    const doc = withProvenance({ id: 'x' } as unknown as ItemDocument, await readProvenance(file));
    expect(doc.sourceUrl).toBe('https://kommun.example.se/filer/p.pdf');
    expect(doc.listingUrl).toBe('https://kommun.example.se/protokoll/');
  });
});
