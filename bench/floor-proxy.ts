/**
 * The floor under any API in front of Meilisearch on the same cores: a bare
 * `node:http` server that answers each request by replaying the Meilisearch
 * calls the API made for it (recorded, keep-alive, in order) and returning the
 * last answer's bytes untouched. No routing, validation, query analysis,
 * parsing or shaping. The benchmark loads it beside the API, so a miss can be
 * read against what an API that does nothing would keep.
 *
 * Run as its own process (`node --import tsx bench/floor-proxy.ts CALLS.json`):
 * reads `{ "<request path>": RecordedRequest[] }`, prints `listening <port>`.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from './record-proxy.js';

const [callsFile, meiliUrl] = process.argv.slice(2);
if (!callsFile || !meiliUrl) throw new Error('usage: floor-proxy.ts CALLS.json MEILI_URL');
const calls = JSON.parse(readFileSync(callsFile, 'utf8')) as Record<string, RecordedRequest[]>;
const upstream = new URL(meiliUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function replay(call: RecordedRequest): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(call.body);
    const request = http.request(
      { host: upstream.hostname, port: upstream.port, method: call.method, path: call.path, agent, headers: { ...call.headers, 'accept-encoding': 'identity', 'content-length': String(body.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const server = http.createServer(async (req, res) => {
  const chain = calls[req.url ?? ''];
  if (!chain) {
    res.writeHead(404).end();
    return;
  }
  try {
    let last: { status: number; body: Buffer } = { status: 204, body: Buffer.alloc(0) };
    for (const call of chain) last = await replay(call);
    res.writeHead(last.status, { 'content-type': 'application/json', 'content-length': last.body.length }).end(last.body);
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
