/**
 * A loopback HTTP proxy that forwards everything to Meilisearch and records
 * the search requests passing through. The benchmark puts it between the API
 * and Meilisearch for one warm-up call per endpoint, so the "straight to
 * Meilisearch" side of each comparison replays exactly what the API sends
 * (same body, same search-only key), not a hand-written imitation.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface RecordingProxy {
  url: string;
  /** Requests recorded since the last `take()`. */
  take(): RecordedRequest[];
  close(): Promise<void>;
}

const SEARCH_PATH = /^\/(multi-search|indexes\/[^/]+\/search)$/;

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  let recorded: RecordedRequest[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v;
      const path = req.url ?? '/';
      if (SEARCH_PATH.test(path.split('?')[0] ?? ''))
        recorded.push({ method: req.method ?? 'GET', path, headers, body: body.toString('utf8') });
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path,
          headers: { ...headers, 'content-length': String(body.length) },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502).end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take: () => {
      const out = recorded;
      recorded = [];
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
