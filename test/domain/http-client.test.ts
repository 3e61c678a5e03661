/** The keep-alive HTTP client under the Meilisearch clients keeps meilisearch-js's error contract, on the real server. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Meilisearch, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createAdminClient, toAppError } from '../../src/domain/store/client.js';
import { keepAliveHttpClient, meiliApiError } from '../../src/domain/store/http-client.js';

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
    const error = await admin.index('does-not-exist-anywhere').getRawInfo().catch((e: unknown) => e);
    const answered = meiliApiError(error);
    expect(answered?.cause?.code).toBe('index_not_found');
    expect(answered?.response?.status).toBe(404);
    expect(toAppError(error)).toMatchObject({ kind: 'search-unavailable', detail: expect.stringContaining('Sökindexet är inte skapat') });
  });

  it('gives up at the timeout with meilisearch-js\'s own timeout error as the cause, which the API reports as unavailable', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as AddressInfo;
    const client = new Meilisearch({ host: `http://127.0.0.1:${port}`, httpClient: keepAliveHttpClient, timeout: 100 });
    const started = performance.now();
    const error = await client.index('x').search('vård').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    // As with fetch: the request error, caused by meilisearch-js's timeout.
    expect(error).toBeInstanceOf(MeilisearchRequestError);
    expect((error as MeilisearchRequestError).cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
    expect(toAppError(error).kind).toBe('search-unavailable');
  });
});
