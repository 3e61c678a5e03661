/**
 * The floor under any API in front of Meilisearch on the same cores: a bare
 * `node:http` server that answers each request by replaying the Meilisearch
 * calls the API made for it (recorded, keep-alive, in order) and returning the
 * last answer's bytes untouched. No routing, validation, query analysis,
 * parsing or shaping. The benchmark loads it beside the API, so a miss can be
 * read against what an API that does nothing would keep.
 *
 * With `--work` it is the search's work floor instead: the last answer (a
 * search's) is parsed, its hits put in order by the search module's own
 * `exactFormsFirst` and shaped by its `pageHits` (each hit's fields, a Swedish
 * snippet cut and marked from the analysed query, the PDF link) and the page serialised.
 * That is the work a search answer cannot do without; what the API costs
 * beyond it is its framework (Express, zod), the Meilisearch client, the
 * admission gate and the query plan.
 *
 * Run as its own process (`node --import tsx bench/floor-proxy.ts CALLS.json MEILI_URL [--work]`):
 * reads `{ "<request path>": RecordedRequest[] }`, prints `listening <port>`.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from './record-proxy.js';

const [callsFile, meiliUrl, mode] = process.argv.slice(2);
if (!callsFile || !meiliUrl || (mode !== undefined && mode !== '--work'))
  throw new Error('usage: floor-proxy.ts CALLS.json MEILI_URL [--work]');
const calls = JSON.parse(readFileSync(callsFile, 'utf8')) as Record<string, RecordedRequest[]>;
// Loaded only for the work floor: the plain floor stays a bare passthrough, without the Swedish lexicon.
const shaping =
  mode === '--work'
    ? { ...(await import('../domain/swedish/analyse.js')), ...(await import('../src/search/search.js')) }
    : undefined;
const upstream = new URL(meiliUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function replay(call: RecordedRequest): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(call.body);
    const request = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: call.method,
        path: call.path,
        agent,
        headers: { ...call.headers, 'accept-encoding': 'identity', 'content-length': String(body.length) },
      },
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

/** A search page from Meilisearch's answer, shaped as the search module shapes it (see the header). */
function searchPage(
  { analyseQuery, exactFormsFirst, pageHits }: NonNullable<typeof shaping>,
  requestPath: string,
  answer: Buffer,
): string {
  const q = new URLSearchParams(requestPath.split('?')[1] ?? '').get('q') ?? '';
  // The recorded call is the first plan's (every term required, by relevance): no relaxing here.
  const { words } = analyseQuery(q.trim());
  const result = JSON.parse(answer.toString('utf8')) as {
    hits: Record<string, unknown>[];
    estimatedTotalHits?: number;
    facetDistribution?: unknown;
  };
  // The page is the API's one window of 20 (the bench asks for 20): its exact forms first, as the API orders it.
  const terms = words.map((w) => w.term);
  const { hits } = pageHits(exactFormsFirst(result.hits, words, terms, 'text'), words, terms, 'text');
  return JSON.stringify({
    total: result.estimatedTotalHits ?? hits.length,
    page: 1,
    limit: hits.length,
    partial: false,
    hits,
    facets: result.facetDistribution ?? {},
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
    const body = shaping && last.status === 200 ? searchPage(shaping, req.url!, last.body) : last.body;
    res
      .writeHead(last.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      .end(body);
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
