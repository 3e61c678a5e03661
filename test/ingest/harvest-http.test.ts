/**
 * The harvester's HTTP client on its own, against a tiny local server:
 * redirects checked hop by hop, names that resolve to loopback refused unless
 * allowed, size limits enforced while streaming, retries with backoff, and
 * one request at a time per host with the pause between them.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowList, parseAllowEntry } from '../../ingest/harvest/allow.js';
import { PoliteClient, USER_AGENT, type FetchPolicy } from '../../ingest/harvest/http.js';

/** The policy's allowance for these allow-list entries (no listing page of its own). */
const allowing = (...entries: string[]) =>
  new AllowList(
    [],
    entries.map((e) => parseAllowEntry(e)!),
  );

let server: Server;
let origin: string;
let port: number;
let flaky = 0;
const arrivals: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    arrivals.push(Date.now());
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/old') return res.writeHead(301, { Location: '/new' }).end();
    if (url.pathname === '/new') return res.writeHead(200, { 'Content-Type': 'text/plain' }).end('moved here');
    if (url.pathname === '/away') return res.writeHead(302, { Location: `http://localhost:${port}/new` }).end();
    if (url.pathname === '/loop') return res.writeHead(302, { Location: '/loop' }).end();
    if (url.pathname === '/big') {
      // Chunked, no Content-Length: only counting while streaming can stop it.
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      for (let i = 0; i < 50; i++) res.write(Buffer.alloc(10_000, 65));
      return res.end();
    }
    if (url.pathname === '/flaky') {
      flaky++;
      if (flaky < 3) return res.writeHead(503, { 'Retry-After': '0' }).end();
      return res.writeHead(200).end('ok now');
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const policy = (overrides: Partial<FetchPolicy> = {}): FetchPolicy => ({
  userAgent: USER_AGENT,
  allow: allowing(`127.0.0.1:${port}`),
  delayMs: 0,
  timeoutMs: 2000,
  retries: 2,
  backoffMs: 20,
  maxBytes: 1_000_000,
  maxRedirects: 3,
  ...overrides,
});

describe('the polite HTTP client', () => {
  it('follows a redirect on an allowed host and refuses one to a host that is not', async () => {
    const client = new PoliteClient(policy());
    const moved = await client.get(`${origin}/old`);
    expect(moved).toMatchObject({ ok: true, status: 200, url: `${origin}/new` });
    const away = await client.get(`${origin}/away`);
    expect(away).toMatchObject({ ok: false, kind: 'not-allowed' });
    expect(!away.ok && away.reason).toMatch(/omdirigering följs inte: värden localhost/);
    expect(await client.get(`${origin}/loop`)).toMatchObject({ ok: false, reason: 'fler än 3 omdirigeringar' });
  });

  it('refuses a name that resolves to loopback unless that host is allowed explicitly', async () => {
    const refused = await new PoliteClient(
      // localhost is a listing page's host, allowed to be fetched, but not on the allow-list itself.
      policy({ allow: new AllowList([new URL(`http://localhost:${port}/`)], []) }),
    ).get(`http://localhost:${port}/new`);
    expect(refused).toMatchObject({ ok: false, kind: 'not-allowed' });
    expect(!refused.ok && refused.reason).toMatch(
      /localhost resolves to a private or loopback address.*HARVEST_ALLOW_HOSTS/,
    );
    const allowed = await new PoliteClient(policy({ allow: allowing(`localhost:${port}`) })).get(
      `http://localhost:${port}/new`,
    );
    expect(allowed).toMatchObject({ ok: true, status: 200 });
  });

  it('stops a response past the size limit even without a Content-Length', async () => {
    const res = await new PoliteClient(policy({ maxBytes: 100_000 })).get(`${origin}/big`);
    expect(res).toMatchObject({ ok: false, kind: 'too-large' });
  });

  it('retries a 503 with backoff and gets the file on the third attempt', async () => {
    const client = new PoliteClient(policy());
    expect(await client.get(`${origin}/flaky`)).toMatchObject({ ok: true, status: 200 });
    expect(client.requests).toBe(3);
  });

  it('pauses between two requests to the same host', async () => {
    const client = new PoliteClient(policy({ delayMs: 150 }));
    arrivals.length = 0;
    await Promise.all([client.get(`${origin}/new`), client.get(`${origin}/new`), client.get(`${origin}/new`)]);
    expect(arrivals).toHaveLength(3);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(140);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(140);
  });
});
