/**
 * The HTTP client the Meilisearch clients send through: node:http(s) with
 * keep-alive sockets instead of the global fetch. Measured on 1,000 protocols
 * (bench/RESULTS.md), fetch's WHATWG streams, Headers and text decoding cost the
 * API ~1.3 ms of CPU per search, more than Meilisearch's own ~2 ms share of the
 * two cores; a plain request with a pooled socket costs a fraction of that.
 *
 * It keeps meilisearch-js's contract for a custom `httpClient`: resolve with the
 * parsed body, throw `MeilisearchApiError` for a non-2xx answer (so error codes
 * such as `index_not_found` still reach `toAppError`), and reject with the
 * signal's reason when the client's timeout aborts (meilisearch-js then raises
 * its own timeout error).
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';

/** Sockets kept per Meilisearch host: above the admission gate's concurrency, so a search never waits for one. */
const MAX_SOCKETS = 64;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
};

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const given = init?.headers;
  // meilisearch-js passes a Headers already: read it rather than copy it into another.
  (given instanceof Headers ? given : new Headers(given)).forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page: the status says what went wrong.
    return { message: text.slice(0, 200) };
  }
}

/**
 * A Meilisearch answer's parsed body; a non-2xx answer throws meilisearch-js's MeilisearchApiError
 * (its code and status are what `toAppError` and `meiliApiError` read).
 */
export function answerOf(status: number, statusText: string, text: string): unknown {
  const parsed = parseBody(text);
  if (status >= 200 && status < 300) return parsed;
  throw new MeilisearchApiError(new Response(text === '' ? null : text, { status, statusText }), parsed as never);
}

export function keepAliveHttpClient(
  input: Parameters<typeof fetch>[0],
  init?: Parameters<typeof fetch>[1],
): Promise<unknown> {
  return send(input, init, undefined);
}

/**
 * The same client with a deadline of its own, for both Meilisearch clients. meilisearch-js's `timeout`
 * makes an AbortController per request, and this client then listens on its signal: measured
 * ~0.1–0.2 ms of CPU a call on this machine, where the whole call costs ~1 ms. A plain timer that
 * destroys the request costs ~1 µs. It rejects with meilisearch-js's own timeout error, which
 * meilisearch-js wraps as it wraps its own (a MeilisearchRequestError), so `toAppError` reads both alike.
 */
export function keepAliveHttpClientWithin(timeoutMs: number): typeof keepAliveHttpClient {
  return (input, init) => send(input, init, timeoutMs);
}

function send(
  input: Parameters<typeof fetch>[0],
  init: Parameters<typeof fetch>[1] | undefined,
  timeoutMs: number | undefined,
): Promise<unknown> {
  const url = input instanceof URL ? input : new URL(typeof input === 'string' ? input : input.url);
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  const transport = protocol === 'https:' ? https : http;
  const signal = init?.signal ?? undefined;
  const body = typeof init?.body === 'string' ? init.body : undefined;
  const headers = headersOf(init);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise<unknown>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const request = transport.request(
      url,
      { method: init?.method ?? 'GET', headers, agent: agents[protocol] },
      (response) => {
        // Decoded chunk by chunk as it arrives: a whole answer of a few hundred kB of Swedish text
        // decoded at once (Buffer.concat + toString) cost the timeline ~1 ms a request, 3× more.
        const decoder = new TextDecoder();
        let text = '';
        response.on('data', (chunk: Buffer) => (text += decoder.decode(chunk, { stream: true })));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(deadline);
          signal?.removeEventListener('abort', onAbort);
          text += decoder.decode();
          try {
            resolve(answerOf(response.statusCode ?? 0, response.statusMessage ?? '', text));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    // Past the deadline the socket is destroyed (a late answer must not reuse it) and the call fails.
    const deadline =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            request.destroy();
            reject(new MeilisearchRequestTimeOutError(timeoutMs, init ?? {}));
          }, timeoutMs);
    function fail(error: unknown) {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    }
    function onAbort() {
      clearTimeout(deadline);
      request.destroy();
      reject(signal!.reason);
    }
    // A caller's signal can be shared by many requests in flight (meilisearch-js passes waitForTask's to
    // every poll, and the indexer waits for several tasks at once): each holds a listener until it ends.
    if (signal && getMaxListeners(signal) < MAX_SOCKETS) setMaxListeners(MAX_SOCKETS, signal);
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', fail);
    request.end(body);
  });
}

/**
 * The Meilisearch API error behind a failed call, if Meilisearch answered at all.
 * meilisearch-js wraps whatever a custom client throws in a MeilisearchRequestError,
 * so the answer's error (its code and status) is that error's cause.
 */
export function meiliApiError(error: unknown): MeilisearchApiError | undefined {
  if (error instanceof MeilisearchApiError) return error;
  if (error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchApiError) return error.cause;
  return undefined;
}
