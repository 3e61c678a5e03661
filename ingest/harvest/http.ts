/**
 * The harvester's HTTP client: polite and safe by default.
 *
 * - one request at a time per host, with a pause between them (robots.txt's
 *   Crawl-delay when it asks for more);
 * - a User-Agent naming the service;
 * - only allowed hosts and ports, never a URL with credentials (allow.ts);
 *   redirects followed by hand and checked hop by hop; private and loopback
 *   addresses refused unless the host is allowed explicitly (checked at
 *   connect time, see address.ts);
 * - a time limit per request, retries with exponential backoff on network
 *   errors, timeouts, 429 and 5xx; a size limit per response, enforced while
 *   streaming (a missing or lying Content-Length cannot get past it).
 *
 * Failures are values with a Swedish reason, never thrown.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { withoutCredentials } from '../../domain/urls.js';
import { guardedLookup, isPrivateAddress } from './address.js';

/** What may be fetched: see {@link AllowList} in allow.ts. */
export interface FetchAllowance {
  /** null: the URL may be fetched; otherwise why not (Swedish). */
  refusal(url: URL): string | null;
  /** The host is on the explicit allow-list, so it may resolve to a private or loopback address. */
  privateAllowed(host: string): boolean;
}

export const USER_AGENT =
  'Protokollsok-harvester/0.1 (+https://github.com/protokollsok; samlar publicerade mötesprotokoll)';

export interface FetchPolicy {
  userAgent: string;
  /** Hosts and ports the harvester may fetch from: the listing pages' own plus the allow-list. */
  allow: FetchAllowance;
  /** Pause between two requests to one host. */
  delayMs: number;
  /** Time limit for one request, body included. */
  timeoutMs: number;
  /** Attempts after the first for transient failures. */
  retries: number;
  /** First backoff; doubled each retry. */
  backoffMs: number;
  /** Largest response body accepted. */
  maxBytes: number;
  maxRedirects: number;
}

export type FailureKind = 'not-allowed' | 'http' | 'network' | 'timeout' | 'too-large' | 'robots';

export type FetchResult =
  | { ok: true; status: 200; url: string; headers: http.IncomingHttpHeaders; body: Buffer }
  | { ok: true; status: 304; url: string; headers: http.IncomingHttpHeaders }
  | { ok: false; kind: FailureKind; url: string; status?: number; reason: string };

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

class TooLarge extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PoliteClient {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly lastAt = new Map<string, number>();
  private readonly crawlDelay = new Map<string, number>();
  /** Requests that reached a server, for reports and tests. */
  requests = 0;

  constructor(readonly policy: FetchPolicy) {}

  /** robots.txt may ask for a longer pause on its host (capped at a minute). */
  setCrawlDelay(host: string, seconds: number): void {
    this.crawlDelay.set(host, Math.min(60_000, Math.max(0, seconds * 1000)));
  }

  private isAllowedUrl(url: URL): string | null {
    const refused = this.policy.allow.refusal(url);
    if (refused) return refused;
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (isIP(host) && isPrivateAddress(host) && !this.policy.allow.privateAllowed(host))
      return `${host} är en privat adress eller loopback; lägg till den i HARVEST_ALLOW_HOSTS för att tillåta den`;
    return null;
  }

  /** Runs `task` after the host's previous request and its pause: one at a time per host. */
  private async onHost<T>(host: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(host) ?? Promise.resolve();
    const run = previous.then(async () => {
      const wait =
        (this.lastAt.get(host) ?? 0) + Math.max(this.policy.delayMs, this.crawlDelay.get(host) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await task();
      } finally {
        this.lastAt.set(host, Date.now());
      }
    });
    this.queues.set(
      host,
      run.catch(() => undefined),
    );
    return run;
  }

  private once(url: URL, headers: Record<string, string>): Promise<Raw> {
    const lib = url.protocol === 'https:' ? https : http;
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const allowPrivate = (name: string) =>
      this.policy.allow.privateAllowed(name) || this.policy.allow.privateAllowed(host);
    return new Promise<Raw>((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method: 'GET',
          headers: { 'User-Agent': this.policy.userAgent, Accept: '*/*', 'Accept-Encoding': 'identity', ...headers },
          lookup: guardedLookup(allowPrivate),
          signal: AbortSignal.timeout(this.policy.timeoutMs),
        },
        (res) => {
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (Number.isFinite(declared) && declared > this.policy.maxBytes) {
            res.destroy();
            reject(new TooLarge(String(declared)));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.policy.maxBytes) {
              res.destroy();
              reject(new TooLarge(String(size)));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /**
   * GET with conditional headers, redirects checked hop by hop, retries with
   * backoff. `skipQueue` is for robots.txt, fetched inside a host's turn.
   */
  async get(target: string, headers: Record<string, string> = {}): Promise<FetchResult> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return { ok: false, kind: 'not-allowed', url: target, reason: 'ogiltig adress' };
    }
    for (let hop = 0; hop <= this.policy.maxRedirects; hop++) {
      const refused = this.isAllowedUrl(url);
      if (refused)
        return {
          ok: false,
          kind: 'not-allowed',
          // A refused URL may carry credentials: never in a report or a log line.
          url: withoutCredentials(url.href),
          reason: hop === 0 ? `hämtas inte: ${refused}` : `omdirigering följs inte: ${refused}`,
        };
      const raw = await this.withRetries(url, headers);
      if ('ok' in raw) return raw;
      if ([301, 302, 303, 307, 308].includes(raw.status)) {
        const location = raw.headers.location;
        if (!location)
          return {
            ok: false,
            kind: 'http',
            url: url.href,
            status: raw.status,
            reason: `HTTP ${raw.status} utan Location`,
          };
        url = new URL(location, url);
        continue;
      }
      if (raw.status === 304) return { ok: true, status: 304, url: url.href, headers: raw.headers };
      if (raw.status === 200) return { ok: true, status: 200, url: url.href, headers: raw.headers, body: raw.body };
      return {
        ok: false,
        kind: 'http',
        url: url.href,
        status: raw.status,
        reason: `HTTP ${raw.status}${raw.status === 404 ? ' (finns inte)' : ''}`,
      };
    }
    return { ok: false, kind: 'http', url: url.href, reason: `fler än ${this.policy.maxRedirects} omdirigeringar` };
  }

  private async withRetries(
    url: URL,
    headers: Record<string, string>,
  ): Promise<Raw | Extract<FetchResult, { ok: false }>> {
    const host = url.host.toLowerCase();
    for (let attempt = 0; ; attempt++) {
      let outcome: Raw | Extract<FetchResult, { ok: false }>;
      let retryAfterMs = 0;
      try {
        const raw = await this.onHost(host, () => {
          this.requests++;
          return this.once(url, headers);
        });
        if (raw.status !== 429 && raw.status < 500) return raw;
        outcome = { ok: false, kind: 'http', url: url.href, status: raw.status, reason: `HTTP ${raw.status}` };
        const after = Number(raw.headers['retry-after']);
        if (Number.isFinite(after)) retryAfterMs = Math.min(60_000, after * 1000);
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (error instanceof TooLarge) {
          return {
            ok: false,
            kind: 'too-large',
            url: url.href,
            reason: `större än gränsen ${(this.policy.maxBytes / 1e6).toFixed(1)} MB`,
          };
        }
        if (e.name === 'AddressNotAllowedError')
          return { ok: false, kind: 'not-allowed', url: url.href, reason: `hämtas inte: ${e.message}` };
        const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
        outcome = timedOut
          ? { ok: false, kind: 'timeout', url: url.href, reason: `inget svar inom ${this.policy.timeoutMs / 1000} s` }
          : { ok: false, kind: 'network', url: url.href, reason: `nätverksfel: ${e.code ?? e.message}` };
        if (e.code === 'ENOTFOUND') return outcome;
      }
      if (attempt >= this.policy.retries)
        return { ...outcome, reason: `${outcome.reason} (efter ${attempt + 1} försök)` };
      await sleep(Math.max(retryAfterMs, this.policy.backoffMs * 2 ** attempt));
    }
  }
}
