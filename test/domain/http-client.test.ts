/** The keep-alive HTTP client under the Meilisearch clients keeps meilisearch-js's error contract, on the real server. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Meilisearch, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createAdminClient, createSearchClient, toAppError } from '../../domain/store/client.js';
import { keepAliveHttpClient, meiliApiError } from '../../domain/store/http-client.js';

const admin = createAdminClient({ url: inject('meiliUrl'), masterKey: inject('meiliKey') });
const silent = http.createServer(() => {
  // Never answers: the client's timeout must end the call.
});

afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

describe('the keep-alive HTTP client', () => {
  it('answers with the parsed body', async () => {
    expect(await admin.health()).toEqual({ status: 'available' });
  });

  it("surfaces Meilisearch's refusal with its code and status, so a missing index still says so in Swedish", async () => {
    const error = await admin
      .index('does-not-exist-anywhere')
      .getRawInfo()
      .catch((e: unknown) => e);
    const answered = meiliApiError(error);
    expect(answered?.cause?.code).toBe('index_not_found');
    expect(answered?.response?.status).toBe(404);
    expect(toAppError(error)).toMatchObject({
      kind: 'search-unavailable',
      detail: expect.stringContaining('Sökindexet är inte skapat'),
    });
  });

  it("gives up at the timeout with meilisearch-js's own timeout error as the cause, which the API reports as unavailable", async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as AddressInfo;
    const client = new Meilisearch({ host: `http://127.0.0.1:${port}`, httpClient: keepAliveHttpClient, timeout: 100 });
    const started = performance.now();
    const error = await client
      .index('x')
      .search('vård')
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    // As with fetch: the request error, caused by meilisearch-js's timeout.
    expect(error).toBeInstanceOf(MeilisearchRequestError);
    expect((error as MeilisearchRequestError).cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
    expect(toAppError(error).kind).toBe('search-unavailable');
  });

  it("gives the search client's own deadline the same shape: meilisearch-js's timeout error inside its request error, 503 for the API", async () => {
    if (!silent.listening) await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as AddressInfo;
    // No master key: the search client is made without a key, with the production transport and deadline.
    const client = await createSearchClient(
      admin,
      { url: `http://127.0.0.1:${port}`, masterKey: undefined, timeoutMs: 150 },
      'x-*',
    );
    const started = performance.now();
    const error = await client.multiSearch({ queries: [{ indexUid: 'x', q: 'vård' }] }).catch((e: unknown) => e);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(2000);
    expect(error).toBeInstanceOf(MeilisearchRequestError);
    const cause = (error as MeilisearchRequestError).cause;
    expect(cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
    expect((cause as MeilisearchRequestTimeOutError).cause).toMatchObject({ timeout: 150 });
    expect(toAppError(error)).toMatchObject({
      kind: 'search-unavailable',
      detail: expect.stringContaining('Sökmotorn svarar inte'),
    });
  });

  it('lets an answer within the deadline through, on the real server', async () => {
    const client = await createSearchClient(
      admin,
      { url: inject('meiliUrl'), masterKey: inject('meiliKey'), timeoutMs: 1000 },
      'deadline-test-*',
    );
    expect(await client.health()).toEqual({ status: 'available' });
  });
});
