/**
 * A local web server shaped like a region's protocol pages (Sitevision-style
 * document lists): relative and absolute links, spaces and å/ä/ö raw and
 * percent-encoded, "?page=2" pagination, an old Word (.doc) attachment, a 404, a slow
 * file, a redirect to another host, an HTML page behind a .pdf link and a
 * robots.txt that keeps one folder private. 127.0.0.1 only. With
 * `validators: false` it sends neither ETag nor Last-Modified, as some servers do.
 */
import { readFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../domain/paths.js';
import { makePdf } from './pdfs.js';

export const BUNDLED = [
  '000_fba7a9fba055a2c4',
  '001_50d6c6026012b732',
  '002_dd3eb397fa6549bb',
  '003_5f027efdf8c98c30',
  '004_1652b9c4fdf6c7f8',
] as const;

/** Where each bundled PDF is published (decoded paths, as a browser shows them). */
const PUBLISHED: Record<(typeof BUNDLED)[number], string> = {
  '000_fba7a9fba055a2c4': '/filer/Minnesanteckningar Chefsgrupp vård och omsorg 2022-10-13.pdf',
  '001_50d6c6026012b732': '/download/18.4f1e2a/1713500000000/Protokoll chefsgrupp 2024-04-19.pdf',
  '002_dd3eb397fa6549bb': '/filer/Mötesanteckningar Närvård 2023.pdf',
  '003_5f027efdf8c98c30': '/filer/2023/protokoll_003.pdf',
  '004_1652b9c4fdf6c7f8': '/filer/Protokoll (justerat) Örebro.pdf',
};
export const NEW_PATH = '/filer/Minnesanteckningar Chefsgrupp 2025-03-13 läkemedelsgenomgångar.pdf';

/** A protocol that is in none of the bundled files, with a word found nowhere else. */
export function makeNewProtocol(): Promise<Buffer> {
  return makePdf((doc) => {
    doc.fontSize(14).text('Chefsgrupp för samverkan social välfärd samt vård och omsorg');
    doc.moveDown().fontSize(11);
    for (const line of [
      'Protokoll Chefsgrupp för samverkan social välfärd samt vård och omsorg',
      'Tid: 2025-03-13 klockan 13.00-16.00',
      'Plats: Regionens hus, Örebro',
      'Närvarande:',
      'Anna Andersson Karlskoga',
      'Bertil Berg Region Örebro län',
      '1. Inledning',
      'Ordföranden hälsar deltagarna välkomna och mötet öppnas.',
      '2. Läkemedelsgenomgångar i särskilt boende',
      'Gruppen går igenom hur läkemedelsgenomgångar i särskilt boende ska samordnas mellan kommunerna och regionen, med fokus på äldre med samsjuklighet och kvalitetsindikatorer för uppföljning.',
      'Chefsgruppen beslutar att ge arbetsgruppen i uppdrag att ta fram en gemensam rutin för läkemedelsgenomgångar.',
      '3. Övrigt',
      'Inga övriga frågor togs upp.',
    ])
      doc.text(line).moveDown(0.5);
  });
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

export interface ListingServer {
  url: string;
  /** The listing page's URL. */
  listing: string;
  /** Decoded path → the full URL the page links. */
  urlOf: (decodedPath: string) => string;
  /** Counters since the last reset. */
  stats: {
    requests: number;
    filesServed: Map<string, number>;
    userAgents: Set<string>;
    maxInFlight: number;
    notModified: number;
    arrivals: number[];
  };
  resetStats: () => void;
  /** Adds the new protocol to page 2. */
  publishNew: () => void;
  /** The site is redesigned: the same URL, no document list any more. */
  redesign: () => void;
  /** Only the clean files (no bad links): for the CLI's exit code. */
  clean: boolean;
  close: () => Promise<void>;
}

export async function startListingServer(
  options: {
    clean?: boolean;
    slowMs?: number;
    validators?: boolean;
    crawlDelay?: number;
    /** More links on page 1, as (origin) → href: another port, credentials in the URL … */
    extraLinks?: (origin: string) => readonly string[];
    /** More files served, decoded path → bytes (e.g. a Word protocol). */
    extraFiles?: Readonly<Record<string, { body: Buffer; type: string }>>;
  } = {},
): Promise<ListingServer> {
  const files = new Map<string, { body: Buffer; validator: 'etag' | 'last-modified' }>();
  for (const [i, name] of BUNDLED.entries())
    files.set(PUBLISHED[name], {
      body: readFileSync(path.join(projectRoot, 'corpus', `${name}.pdf`)),
      validator: i % 2 === 0 ? 'etag' : 'last-modified',
    });
  const newPdf = await makeNewProtocol();
  let withNew = false;
  let redesigned = false;
  let inFlight = 0;
  const stats: ListingServer['stats'] = {
    requests: 0,
    filesServed: new Map(),
    userAgents: new Set(),
    maxInFlight: 0,
    notModified: 0,
    arrivals: [],
  };
  let origin = '';
  const lastModified = new Date('2025-01-15T10:00:00Z').toUTCString();

  const page1 =
    () => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Protokoll – Chefsgruppen – Region Örebro län</title></head><body>
<header><a href="/">Region Örebro län</a><nav><a href="/samverkan/">Samverkansorganisation</a> <a href="/kontakt/">Kontakt</a></nav></header>
<main><h1>Protokoll Chefsgruppen</h1>
${
  redesigned
    ? '<p>Protokollen finns nu i vår nya mötesportal.</p>'
    : `<ul class="sv-document-list">
<li><a class="sv-document-link" href="../filer/Minnesanteckningar Chefsgrupp vård och omsorg 2022-10-13.pdf">Minnesanteckningar 2022-10-13 (pdf, 96 kB)</a></li>
<li><a class="sv-document-link" href="${origin}${encodePath(PUBLISHED['001_50d6c6026012b732'])}">Protokoll 2024-04-19 (pdf, 105 kB)</a></li>
<li><a href="/filer/M%C3%B6tesanteckningar%20N%C3%A4rv%C3%A5rd%202023.pdf">Mötesanteckningar Närvård 2023</a></li>
${
  options.clean
    ? ''
    : `<li><a href="/filer/saknas.pdf">Protokoll 2021-03-04 (pdf)</a></li>
<li><a href="/filer/l%C3%A5ngsam.pdf">Protokoll 2021-05-06 (pdf)</a></li>
<li><a href="/filer/flyttad.pdf">Protokoll 2021-09-02 (pdf)</a></li>
<li><a href="/filer/sida.pdf">Protokoll 2021-11-11 (pdf)</a></li>
<li><a href="/filer/Bilaga till protokoll 2022-10-13.doc">Bilaga (Word 97, 30 kB)</a></li>
<li><a href="/privat/intern.pdf">Internt underlag</a></li>`
}
${(options.extraLinks?.(origin) ?? []).map((href) => `<li><a href="${href}">Extra</a></li>`).join('\n')}
<li><a href="mailto:samverkan@example.se">Skriv till oss</a></li>
</ul>
<nav class="pagination" aria-label="Sidor"><a href="?page=1" aria-current="page">1</a> <a href="?page=2">2</a> <a href="?page=2" rel="next">Nästa ›</a></nav>`
}
</main></body></html>`;
  const page2 =
    () => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Protokoll – sida 2</title></head><body><main><ul>
<li><a href="/filer/2023/protokoll_003.pdf">Protokoll 2023</a></li>
<li><a href="${encodePath(PUBLISHED['004_1652b9c4fdf6c7f8'])}">Protokoll (justerat) Örebro</a></li>
${withNew ? `<li><a href="${NEW_PATH}">Minnesanteckningar 2025-03-13</a></li>` : ''}
</ul><nav class="pagination"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=1">‹ Föregående</a></nav></main></body></html>`;

  const server: Server = http.createServer((req, res) => {
    stats.requests++;
    stats.arrivals.push(Date.now());
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    stats.userAgents.add(req.headers['user-agent'] ?? '');
    const url = new URL(req.url ?? '/', origin);
    const pathname = decodeURIComponent(url.pathname);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, ...headers });
      res.end(body);
    };
    if (pathname === '/robots.txt')
      return send(
        200,
        'text/plain',
        `User-agent: *\nDisallow: /privat/\n${options.crawlDelay ? `Crawl-delay: ${options.crawlDelay}\n` : ''}`,
      );
    if (pathname === '/protokoll/')
      return send(200, 'text/html; charset=utf-8', url.searchParams.get('page') === '2' ? page2() : page1());
    if (pathname === '/filer/flyttad.pdf')
      return send(302, 'text/plain', '', { Location: 'http://example.org/arkiv/flyttad.pdf' });
    if (pathname === '/filer/sida.pdf')
      return send(
        200,
        'text/html; charset=utf-8',
        '<!doctype html><html><body><h1>Sidan kunde inte hittas</h1></body></html>',
      );
    if (pathname === '/filer/långsam.pdf') {
      setTimeout(
        () => send(200, 'application/pdf', files.get(PUBLISHED['000_fba7a9fba055a2c4'])!.body),
        options.slowMs ?? 1500,
      ).unref();
      return;
    }
    const extra = options.extraFiles?.[pathname];
    if (extra) {
      stats.filesServed.set(pathname, (stats.filesServed.get(pathname) ?? 0) + 1);
      return send(200, extra.type, extra.body);
    }
    const file = pathname === NEW_PATH && withNew ? { body: newPdf, validator: 'etag' as const } : files.get(pathname);
    if (!file) return send(404, 'text/html; charset=utf-8', '<h1>404</h1>');
    if (options.validators === false) {
      stats.filesServed.set(pathname, (stats.filesServed.get(pathname) ?? 0) + 1);
      return send(200, 'application/pdf', file.body);
    }
    const etag = `"${file.body.length.toString(16)}-${pathname.length}"`;
    if (file.validator === 'etag' && req.headers['if-none-match'] === etag) {
      stats.notModified++;
      res.writeHead(304, { ETag: etag });
      return res.end();
    }
    if (file.validator === 'last-modified' && req.headers['if-modified-since'] === lastModified) {
      stats.notModified++;
      res.writeHead(304, { 'Last-Modified': lastModified });
      return res.end();
    }
    stats.filesServed.set(pathname, (stats.filesServed.get(pathname) ?? 0) + 1);
    send(
      200,
      'application/pdf',
      file.body,
      file.validator === 'etag' ? { ETag: etag } : { 'Last-Modified': lastModified },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    listing: `${origin}/protokoll/`,
    urlOf: (p) => `${origin}${encodePath(p)}`,
    stats,
    resetStats: () => {
      stats.requests = 0;
      stats.filesServed.clear();
      stats.userAgents.clear();
      stats.maxInFlight = 0;
      stats.notModified = 0;
      stats.arrivals.length = 0;
    },
    publishNew: () => {
      withNew = true;
    },
    redesign: () => {
      redesigned = true;
    },
    clean: options.clean ?? false,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
