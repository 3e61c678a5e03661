/**
 * The HTTP edges Node answers on its own, each answered by the API in Swedish
 * problem+json instead: CONNECT (Node closed the socket without a word), an
 * Expect it cannot meet and an HTTP/1.1 request without Host (Node's bare 417
 * and 400). A GET that trickles a body it should not have loses its socket at
 * the deadline instead of holding it for Node's 300 s request timeout. And the
 * admin answers, which depend on Authorization, say so (Vary) and are not stored.
 */
import net from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { serve } from '../../src/api/serve.js';
import type { Runtime } from '../../src/runtime.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';

const KEY = 'edges-admin-key-0123456789';
const DEADLINE_MS = 600;
let runtime: Runtime;
let server: Server;
let port: number;

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  const app = createApp({
    config: testConfig({ INDEX_PREFIX: runtime.names.prefix, ADMIN_API_KEY: KEY }),
    search: runtime.search,
    indexer: runtime.indexer,
    log: () => {},
  });
  server = await serve(app, 0, '127.0.0.1', { bodylessDeadlineMs: DEADLINE_MS });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (runtime) await dropIndexes(runtime);
});

interface Exchange {
  response: string;
  /** When the server closed the socket, in ms from the first byte sent (null: still open at `waitMs`). */
  closedAfterMs: number | null;
}

/** Sends `first`, then `trickle` one character every `everyMs`; reads everything until close or `waitMs`. */
function exchange(first: string, options: { trickle?: string; everyMs?: number; waitMs?: number } = {}) {
  return new Promise<Exchange>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const started = Date.now();
    let response = '';
    let timer: NodeJS.Timeout | undefined;
    let waiting: NodeJS.Timeout | undefined;
    const done = (closedAfterMs: number | null) => {
      clearInterval(timer);
      clearTimeout(waiting);
      socket.destroy();
      resolve({ response, closedAfterMs });
    };
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => done(Date.now() - started));
    socket.write(first);
    const rest = [...(options.trickle ?? '')];
    if (rest.length > 0)
      timer = setInterval(() => {
        const c = rest.shift();
        if (c === undefined) clearInterval(timer);
        else if (!socket.destroyed) socket.write(c);
      }, options.everyMs ?? 100);
    waiting = setTimeout(() => done(null), options.waitMs ?? 3000);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
const header = (response: string, name: string) =>
  new RegExp(`^${name}: (.*)$`, 'im').exec(response.slice(0, response.indexOf('\r\n\r\n')))?.[1]?.trim() ?? null;
const problemOf = (response: string) =>
  JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { status: number; title: string; detail: string };

describe('HTTP edges answered in problem+json', () => {
  it('answers CONNECT with 405, the allowed methods and a reason, then closes', async () => {
    const { response, closedAfterMs } = await exchange(
      'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n',
    );
    expect(statusOf(response)).toBe(405);
    expect(header(response, 'Content-Type')).toMatch(/^application\/problem\+json/);
    expect(header(response, 'Allow')).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS');
    expect(problemOf(response)).toMatchObject({ status: 405, title: 'Metoden stöds inte' });
    expect(problemOf(response).detail).toMatch(/CONNECT stöds inte/);
    expect(closedAfterMs).not.toBeNull();
  });

  it('answers an Expect it cannot meet with 417 and a reason', async () => {
    const { response } = await exchange('GET /api/facets HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n');
    expect(statusOf(response)).toBe(417);
    expect(header(response, 'Content-Type')).toMatch(/^application\/problem\+json/);
    expect(problemOf(response).detail).toMatch(/Förväntan "200-ok" stöds inte/);
  });

  it('still sends 100 Continue for Expect: 100-continue', async () => {
    const { response } = await exchange(
      'GET /health HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
    );
    expect(response).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  });

  it('answers an HTTP/1.1 request without Host with 400 naming the header', async () => {
    const { response } = await exchange('GET /api/facets HTTP/1.1\r\n\r\n');
    expect(statusOf(response)).toBe(400);
    expect(header(response, 'Content-Type')).toMatch(/^application\/problem\+json/);
    expect(problemOf(response).detail).toMatch(/saknar Host-huvud/);
  });

  it('serves an HTTP/1.0 request without Host, which that version allows', async () => {
    const { response } = await exchange('GET /health HTTP/1.0\r\n\r\n');
    expect(statusOf(response) || Number(/^HTTP\/1\.0 (\d{3})/.exec(response)?.[1])).toBe(200);
  });
});

describe('a GET that sends a body', () => {
  it('loses its socket at the deadline when it trickles the body', async () => {
    const { response, closedAfterMs } = await exchange(
      'GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n',
      { trickle: 'x'.repeat(1000), everyMs: 50, waitMs: DEADLINE_MS + 3000 },
    );
    // The answer came first; the socket was closed at the deadline, long before the body (50 s) could finish.
    expect(statusOf(response)).toBe(200);
    expect(closedAfterMs).not.toBeNull();
    expect(closedAfterMs!).toBeLessThan(DEADLINE_MS + 2500);
  });

  it('keeps its connection when the body comes at once', async () => {
    const { response, closedAfterMs } = await exchange(
      'GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello',
      { waitMs: DEADLINE_MS + 500 },
    );
    expect(statusOf(response)).toBe(200);
    expect(closedAfterMs).toBeNull();
  });
});

describe('answers that depend on a header', () => {
  it('mark the admin answers Vary: Authorization and not storable, with the key and without', async () => {
    const base = `http://127.0.0.1:${port}`;
    for (const headers of [{}, { Authorization: `Bearer ${KEY}` }]) {
      const res = await fetch(`${base}/api/ingest/failures`, { headers });
      expect(res.headers.get('vary')).toMatch(/Authorization/);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
    const search = await fetch(`${base}/api/facets`);
    expect(search.headers.get('vary')).toBeNull();
  });
});
