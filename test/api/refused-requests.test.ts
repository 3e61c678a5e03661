/**
 * Requests Node's HTTP parser refuses before the app sees them (a query string
 * over the header limit, a request line that is not HTTP) are answered with a
 * Swedish problem+json, and a client still sending when it is refused still
 * reads the answer instead of a connection reset. And a port in use is an error,
 * not a server that says it listens.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { serve } from '../../src/api/serve.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';

let runtime: Runtime;
let api: RunningApp;

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  api = await startAppOver(runtime);
});

afterAll(async () => {
  await api?.close();
  if (runtime) await dropIndexes(runtime);
});

/** Raw bytes to the API, in parts with pauses; reads only once everything is sent, as a busy client does. */
function sendRaw(parts: string[], pauseMs = 100): Promise<{ response: string; error: string | null }> {
  const { port } = new URL(api.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.pause();
    let response = '';
    let error: string | null = null;
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ response, error }));
    const next = (i: number) => {
      if (i === parts.length) {
        socket.end();
        setTimeout(() => {
          socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
          socket.resume();
        }, pauseMs);
        return;
      }
      socket.write(parts[i]!);
      setTimeout(() => next(i + 1), pauseMs);
    };
    next(0);
  });
}

const problemOf = (response: string) =>
  JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

describe('requests the HTTP parser refuses', () => {
  it('answer a query string over the header limit with 431 problem+json in Swedish', async () => {
    const res = await api.get(`/api/search?q=${encodeURIComponent('ö'.repeat(100_000))}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      status: 431,
      title: 'Förfrågan är för stor',
      type: expect.stringContaining('request-too-large'),
    });
    expect(problem.detail).toMatch(/för långa/);
  });

  it('let a client that is still sending its oversized request read the answer instead of a reset', async () => {
    // 20 kB is past the 16 kB limit, so the request is refused while 4 MB more are still to come.
    const { response, error } = await sendRaw([
      `GET /api/search?q=${'x'.repeat(20_000)}`,
      'y'.repeat(4_000_000),
      ' HTTP/1.1\r\nHost: x\r\n\r\n',
    ]);
    expect(error).toBeNull();
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(response).toMatch(/Connection: close/i);
    expect(problemOf(response)).toMatchObject({ status: 431, title: 'Förfrågan är för stor' });
  });

  it('answer a request line that is not HTTP with 400 problem+json', async () => {
    const { response, error } = await sendRaw(['HELLO there\r\n\r\n']);
    expect(error).toBeNull();
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'Förfrågan kunde inte tolkas som HTTP.' });
  });

  it('keep serving ordinary requests afterwards', async () => {
    expect((await api.get('/health')).status).toBe(200);
  });
});

describe('serve', () => {
  it('fails on a port already in use instead of resolving a server that never listens', async () => {
    const { port } = new URL(api.url);
    const app = createApp({
      config: testConfig({ INDEX_PREFIX: runtime.names.prefix }),
      search: runtime.search,
      indexer: runtime.indexer,
      log: () => {},
    });
    await expect(serve(app, Number(port), '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
