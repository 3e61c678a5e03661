/**
 * Errors and safety: every error is RFC 9457 problem+json with a Swedish detail,
 * never a stack; filter values cannot change the filter; Meilisearch down is a
 * fast 503; admin routes need the key; uploads are bounded and checked.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startApp, startAppOver, type RunningApp } from '../helpers/app.js';
import { makePdf } from '../helpers/pdfs.js';
import { dropIndexes, ingestBundledCorpus, testConfig, testRuntime } from '../helpers/runtime.js';
import { seedPdfPath } from '../helpers/seed.js';

const ADMIN = 'test-admin-key-0123456789';
let runtime: Runtime;
let api: RunningApp;
let uploads: string;
let dataDir: string;

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  await ingestBundledCorpus(runtime);
  // Uploads land in the corpus folder: give this test a copy of its own.
  uploads = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-upload-'));
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-data-'));
  const config = testConfig({
    INDEX_PREFIX: runtime.names.prefix,
    ADMIN_API_KEY: ADMIN,
    CORPUS_DIR: uploads,
    DATA_DIR: dataDir,
    MAX_UPLOAD_MB: '1',
  });
  api = await startApp({ config, search: runtime.search, indexer: runtime.indexer });
});

afterAll(async () => {
  await api?.close();
  await dropIndexes(runtime);
  rmSync(uploads, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance: string;
    param?: string;
  };
  expect(body.status).toBe(res.status);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return body;
}

describe('problem+json', () => {
  it('answers 400 naming the failing parameter, in Swedish', async () => {
    for (const [query, param] of [
      ['limit=1000', 'limit'],
      ['page=abc', 'page'],
      ['sort=popular', 'sort'],
      ['municipality=Stockholm', 'municipality'],
      ['yearFrom=2024&yearTo=2020', 'yearFrom'],
      ['dateFrom=igår', 'dateFrom'],
      [`q=${'x'.repeat(501)}`, 'q'],
      ['hasDecision=kanske', 'hasDecision'],
    ] as const) {
      const res = await api.get(`/api/search?${query}`);
      expect(res.status, query).toBe(400);
      const body = await problem(res);
      expect(body.param).toBe(param);
      expect(body.detail).toMatch(new RegExp(`Parametern "${param}" är ogiltig`));
    }
  });

  it('words the default validation messages in Swedish too', async () => {
    for (const path of ['/api/items/x/related?limit=abc', '/api/search?sort=popular', '/api/trends?unit=procent']) {
      const body = await problem(await api.get(path));
      expect(body.detail, path).not.toMatch(/Invalid|expected|received|must/i);
      expect(body.detail, path).toMatch(/^Parametern "\w+" är ogiltig: .*(ogiltig|förväntat|ska vara)/i);
    }
  });

  it('answers 404 for unknown routes, protocols and items', async () => {
    expect((await problem(await api.get('/api/nothing'))).status).toBe(404);
    const missing = await problem(await api.get('/api/protocols/finns-inte'));
    expect(missing.detail).toBe('Det finns inget protokoll med id "finns-inte".');
    expect((await api.get('/api/items/finns-inte/related')).status).toBe(404);
  });

  it('keeps a filter-injection attempt a literal value', async () => {
    const attack = await api.json<{ total: number }>(`/api/search?body=${encodeURIComponent('x" OR year > 0')}`);
    expect(attack.status).toBe(200);
    expect(attack.body.total).toBe(0);
    const quoted = await api.json<{ total: number }>(
      `/api/search?topics=${encodeURIComponent('samsjuklighet" OR topics != "x')}`,
    );
    expect(quoted.body.total).toBe(0);
    const all = await api.json<{ total: number }>('/api/search');
    expect(all.body.total).toBeGreaterThan(0);
  });

  it('sets security headers', async () => {
    const res = await api.get('/api/search');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('when Meilisearch is unreachable', () => {
  it('answers 503 problem+json within a second, and /health says so', async () => {
    const dead = new Meilisearch({
      host: 'http://127.0.0.1:9',
      timeout: 1000,
      requestInit: { headers: { 'Accept-Encoding': 'identity' } },
    });
    const down = await startApp({
      config: testConfig(),
      search: { client: dead, names: runtime.names },
      indexer: runtime.indexer,
    });
    try {
      const started = Date.now();
      const res = await down.get('/api/search?q=vård');
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await problem(res)).detail).toMatch(/Sökmotorn svarar inte/);
      expect((await down.get('/api/trends')).status).toBe(503);
      expect((await down.get('/health')).status).toBe(503);
    } finally {
      await down.close();
    }
  });
});

describe('admin endpoints', () => {
  const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
    api.get('/api/ingest', { method: 'POST', body, headers: { Authorization: `Bearer ${ADMIN}`, ...headers } });
  const form = (bytes: Uint8Array | Buffer, name: string) => {
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(bytes)]), name);
    return fd;
  };

  it('needs the key: 401 without it, 403 with a wrong one', async () => {
    expect((await problem(await api.get('/api/ingest/failures'))).status).toBe(401);
    const wrong = await api.get('/api/ingest/failures', { headers: { Authorization: 'Bearer nope' } });
    expect((await problem(wrong)).status).toBe(403);
  });

  it('answers 403 telling how to turn admin on when no key is configured', async () => {
    const open = await startApp({ config: testConfig(), search: runtime.search, indexer: runtime.indexer });
    try {
      const res = await open.get('/api/ingest/failures', { headers: { Authorization: 'Bearer anything' } });
      expect((await problem(res)).detail).toMatch(/ADMIN_API_KEY/);
    } finally {
      await open.close();
    }
  });

  const protocolPdf = (phrase: string) =>
    makePdf((doc) => {
      doc.fontSize(16).text('Protokoll Chefsgrupp folkhälsa 2021-03-04');
      doc.fontSize(11).text('Plats: Örebro. Närvarande: Anna Andersson, Karlskoga kommun.');
      doc.text(`§ 1 Inledning. Ordföranden öppnade mötet och berättade om ${phrase} i länet.`);
      doc.text(`§ 2 Uppföljning. Gruppen diskuterade ${phrase} och beslutade att återkomma med en plan för arbetet.`);
    });

  it('makes an uploaded PDF searchable at once and links to it', async () => {
    const res = await upload(form(await protocolPdf('Hälsofrämjande kommuner'), 'Chefsgrupp folkhälsa 2021.pdf'));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { sourceFile: string; status: string; url: string; protocolId: string };
    expect(body).toMatchObject({ sourceFile: 'uploads/Chefsgrupp_folkhälsa_2021.pdf', status: 'ingested' });
    expect(res.headers.get('location')).toBe(body.url);
    expect((await api.get(body.url)).status).toBe(200);
    expect(readdirSync(path.join(uploads, 'uploads'))).toEqual(['Chefsgrupp_folkhälsa_2021.pdf']);
    const found = await api.json<{ hits: { protocolId: string }[] }>(
      '/api/search?q=H%C3%A4lsofr%C3%A4mjande%20kommuner&limit=50',
    );
    expect(found.body.hits.some((h) => h.protocolId === body.protocolId)).toBe(true);
  });

  it('accepts a raw PDF body too, and answers 409 with a link when the same bytes are indexed already', async () => {
    const res = await upload(new Uint8Array(await protocolPdf('Rå uppladdning')), {
      'Content-Type': 'application/pdf',
    });
    expect(res.status).toBe(201);
    const again = await upload(readFileSync(seedPdfPath('004_1652b9c4fdf6c7f8')), {
      'Content-Type': 'application/pdf',
    });
    const dup = (await problem(again)) as { status: number; protocolUrl?: string; detail: string };
    expect(dup.status).toBe(409);
    expect(dup.protocolUrl).toMatch(/^\/api\/protocols\/004_1652b9c4fdf6c7f8-/);
    expect((await api.get(dup.protocolUrl!)).status).toBe(200);
  });

  it('answers a broken upload with 422 and the reason, sets it aside and lists it as failed', async () => {
    const res = await upload(form(Buffer.from('%PDF-1.7\ntrasig'), 'trasig.pdf'));
    expect(res.status).toBe(422);
    expect((await problem(res)).detail).toMatch(/trasig\.pdf.*kunde inte läsas in: PDF-filen är trasig/);
    expect(readdirSync(path.join(dataDir, 'rejected')).some((f) => f.endsWith('trasig.pdf'))).toBe(true);
    const failures = await api.get('/api/ingest/failures', { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(((await failures.json()) as { failures: { sourceFile: string; kind: string }[] }).failures).toContainEqual(
      expect.objectContaining({ sourceFile: 'uploads/trasig.pdf', kind: 'corrupt' }),
    );
  });

  it('answers a truncated multipart body with 400, not a server error', async () => {
    const res = await upload('------x\r\nContent-Disposition: form-data; name="file"; filename="trunk', {
      'Content-Type': 'multipart/form-data; boundary=----x',
    });
    expect((await problem(res)).status).toBe(400);
  });

  it('answers 413 over MAX_UPLOAD_MB and 415 for other file types', async () => {
    const big = await makePdf((doc) => doc.text('x'.repeat(100)));
    const huge = Buffer.concat([big, Buffer.alloc(1.2 * 1024 * 1024)]);
    expect((await problem(await upload(form(huge, 'stor.pdf')))).status).toBe(413);
    expect((await problem(await upload(form(Buffer.from('x'), 'protokoll.doc')))).status).toBe(415);
    expect((await problem(await upload('x', { 'Content-Type': 'application/json' }))).status).toBe(415);
  });

  it('re-indexes the corpus folder in the background', { timeout: 90_000 }, async () => {
    const started = await api.get('/api/reindex', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(started.status).toBe(202);
    let status: { running: boolean; summary: { ingested: number } | null } = { running: true, summary: null };
    for (let i = 0; i < 600 && status.running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await (
        await api.get('/api/reindex', { headers: { Authorization: `Bearer ${ADMIN}` } })
      ).json()) as typeof status;
    }
    expect(status.running).toBe(false);
    expect(status.summary?.ingested).toBeGreaterThan(0);
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json past the limit', async () => {
    const limited = await startApp({
      config: testConfig({ RATE_LIMIT_PER_MINUTE: '3' }),
      search: runtime.search,
      indexer: runtime.indexer,
    });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.get('/api/topics')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await problem(await limited.get('/api/topics'))).detail).toMatch(/För många förfrågningar/);
    } finally {
      await limited.close();
    }
  });
});

describe('the request log', () => {
  it('writes one line per request', async () => {
    const lines: string[] = [];
    const logged = await startApp({
      config: testConfig({ LOG_REQUESTS: 'true' }),
      search: runtime.search,
      indexer: runtime.indexer,
      log: (l) => lines.push(l),
    });
    try {
      await logged.get('/api/topics');
      await logged.get('/api/search?limit=0');
      await new Promise((r) => setTimeout(r, 20));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/ GET \/api\/topics 200 [\d.]+ms$/);
      expect(lines[1]).toMatch(/ GET \/api\/search\?limit=0 400 /);
    } finally {
      await logged.close();
    }
  });
});

describe('an index with no protocol yet', () => {
  it('answers search, timeline and trends with 503 and a Swedish reason, not 500, while the first ingest runs', async () => {
    // A fresh prefix: the indexes exist with their settings but hold no document, as in the
    // first seconds after a fresh start (Meilisearch knows no `stems` field until a document has one).
    const { runtime: empty } = await testRuntime();
    const app = await startAppOver(empty);
    try {
      for (const url of [
        `/api/search?q=${encodeURIComponent('nära vård')}`,
        `/api/timeline?q=${encodeURIComponent('nära vård')}`,
        `/api/trends?terms=${encodeURIComponent('vård')}`,
      ]) {
        const res = await fetch(`${app.url}${url}`);
        expect(res.status, url).toBe(503);
        expect(res.headers.get('retry-after'), url).not.toBeNull();
        expect((await problem(res)).detail, url).toMatch(/inga protokoll ännu/);
      }
    } finally {
      await app.close();
      await dropIndexes(empty);
    }
  });
});
