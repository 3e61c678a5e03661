/** Drill: generated hostile requests: no 5xx, no crash, index and corpus unchanged. */
import { readdirSync, rmSync } from 'node:fs';
import { mulberry32 } from '../lib/corpus.js';
import { corpusAndApi, prefixFor, type MeiliTarget } from './common.js';
import type { ApiProcess } from './procs.js';
import { adminFor, compareSnapshots, dropPrefix, snapshotIndex } from './snapshot.js';

export interface BadRequestsReport {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: { method: string; path: string; status: number; body: string }[];
  unanswered: number;
  indexUnchanged: boolean;
  corpusUnchanged: boolean;
  apiAlive: boolean;
  problems: string[];
}

const ADMIN_KEY = 'drill-admin-key-0123456789abcdef';

/** Hostile and random requests, generated from a seed. */
export function* hostileRequests(
  seed: number,
  count: number,
): Generator<{ method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: Uint8Array }> {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const routes = [
    '/api/search',
    '/api/trends',
    '/api/timeline',
    '/api/decisions',
    '/api/protocols',
    '/api/topics',
    '/api/facets',
    '/api/ingest/failures',
    '/api/reindex',
  ];
  const params = [
    'q',
    'body',
    'type',
    'topics',
    'topicsMode',
    'municipality',
    'yearFrom',
    'yearTo',
    'dateFrom',
    'dateTo',
    'hasDecision',
    'sort',
    'page',
    'limit',
    'terms',
    'unit',
    'format',
    'includeRoutine',
    'filter',
    'attributesToRetrieve',
    '__proto__',
    'constructor',
    'q[]',
    'q[a][b]',
  ];
  const randomBytes = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(0, 0xffff))).join('');
  const values: (() => string)[] = [
    () => `" OR year > 0 OR body = "`,
    () => `x" OR protocolId EXISTS OR "`,
    () => `') OR 1=1 --`,
    () => `Karlskoga" OR municipalities IS NOT EMPTY`,
    () => `year = 2020 AND _geoRadius(1,2,3)`,
    () => '\\"\\\\"',
    () => 'a'.repeat(int(400, 600)),
    () => 'ö'.repeat(int(1, 100_000)),
    () => String(int(-1e9, 1e9)),
    () => pick(['NaN', 'Infinity', '-0', '1e308', '0x1f', '9'.repeat(400), '1.5', '', ' ']),
    () => pick(['2020-02-30', '0000-00-00', '9999-99-99', '2024-04-19T00:00:00Z', '../../etc/passwd']),
    () => randomBytes(int(1, 50)),
    () => pick(['true', 'false', 'yes', 'null', 'undefined', '[]', '{}', '*', '%', '_']),
    () => Array.from({ length: int(51, 300) }, (_, i) => `v${i}`).join(','),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile value, sent as written
    () => pick(['<script>alert(1)</script>', '${jndi:ldap://x}', '{{7*7}}', 'sort=year:desc', '_vectors', 'text:asc']),
  ];
  const enc = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ff%fe';
    }
  };
  for (let i = 0; i < count; i++) {
    const kind = rnd();
    if (kind < 0.7) {
      const n = int(0, 6);
      const parts: string[] = [];
      for (let j = 0; j < n; j++)
        parts.push(`${enc(pick(params))}=${rnd() < 0.05 ? pick(['%ff%fe', '%', '%zz', '%00']) : enc(pick(values)())}`);
      yield { method: 'GET', path: `${pick(routes)}?${parts.join('&')}`, headers: {} };
    } else if (kind < 0.85) {
      const id = pick([
        '..%2f..%2fetc%2fpasswd',
        '%2e%2e',
        'a'.repeat(5000),
        enc(pick(values)()),
        'x" OR 1',
        '%00',
        'nope-00000000',
      ]);
      const tail = pick(['', '/source', '/items/1', `/items/${enc(pick(values)())}`, '/related']);
      const base = tail === '/related' ? '/api/items/' : '/api/protocols/';
      yield { method: 'GET', path: `${base}${id}${tail === '/related' ? tail : tail}`, headers: {} };
    } else {
      // Bad uploads: no key, a wrong key, or the right key with something that must be refused before storing.
      const auth = pick([
        {},
        { authorization: 'Bearer wrong-key-wrong-key-wrong' },
        { authorization: `Bearer ${ADMIN_KEY}` },
        { authorization: 'Basic YWRtaW46YWRtaW4=' },
      ]);
      const variant = int(0, 4);
      const headers: Record<string, string> = { ...auth };
      let body: Uint8Array = new Uint8Array(0);
      let query = '';
      if (variant === 0) {
        headers['content-type'] = 'application/octet-stream';
        body = Buffer.from('MZ\x90\x00 not a protocol');
      } else if (variant === 1) {
        headers['content-type'] = 'text/plain';
        query = `?filename=${enc(pick(['../../etc/cron.d/x.sh', 'protokoll.exe', 'a.pdf.js', '.htaccess']))}`;
        body = Buffer.from('Protokoll 2020-01-01\n1. Inledning\n');
      } else if (variant === 2) {
        headers['content-type'] = 'multipart/form-data; boundary=----x';
        body = Buffer.from(
          '------x\r\nContent-Disposition: form-data; name="file"; filename="../../evil.sh"\r\nContent-Type: text/plain\r\n\r\necho hi\r\n------x--\r\n',
        );
      } else if (variant === 3) {
        headers['content-type'] = 'multipart/form-data; boundary=----x';
        body = Buffer.from('------x\r\nContent-Disposition: form-data; name="file"; filename="trunk');
      } else {
        headers['content-type'] = 'application/pdf';
        body = new Uint8Array(0);
      }
      yield { method: 'POST', path: `/api/ingest${query}`, headers, body };
    }
  }
}

/**
 * Sends `count` hostile requests: no 5xx (Meilisearch is up the whole time),
 * every request answered, the API alive, the index and corpus unchanged.
 */
export async function badRequestsDrill(options: {
  meili: MeiliTarget;
  count: number;
  seed: number;
  protocols?: number;
  concurrency?: number;
}): Promise<BadRequestsReport> {
  const prefix = prefixFor('badreq', options.seed);
  const admin = adminFor(options.meili.url, options.meili.masterKey);
  let api: ApiProcess | null = null;
  let corpus: string | null = null;
  try {
    ({ api, corpus } = await corpusAndApi(options.meili, prefix, options.protocols ?? 12, 9, {
      ADMIN_API_KEY: ADMIN_KEY,
      MAX_UPLOAD_MB: '1',
    }));
    const before = await snapshotIndex(admin, prefix);
    const filesBefore = readdirSync(corpus, { recursive: true }).map(String).sort().join('\n');
    const byStatus: Record<string, number> = {};
    const serverErrors: BadRequestsReport['serverErrors'] = [];
    let unanswered = 0;
    const queue = [...hostileRequests(options.seed, options.count)];
    const apiUrl = api.url;
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          const init: RequestInit = { method: r.method, headers: r.headers, signal: AbortSignal.timeout(10_000) };
          if (r.body) init.body = Buffer.from(r.body);
          const res = await fetch(`${apiUrl}${r.path}`, init);
          const text = await res.text();
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          if (res.status >= 500)
            serverErrors.push({
              method: r.method,
              path: r.path.slice(0, 200),
              status: res.status,
              body: text.slice(0, 300),
            });
        } catch (error) {
          unanswered++;
          serverErrors.push({
            method: r.method,
            path: r.path.slice(0, 200),
            status: 0,
            body: String((error as Error).cause ?? error).slice(0, 200),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    const after = await snapshotIndex(admin, prefix);
    const filesAfter = readdirSync(corpus, { recursive: true }).map(String).sort().join('\n');
    const health = await fetch(`${apiUrl}/health`).then(
      (r) => r.status,
      () => 0,
    );
    const apiAlive = api.child.exitCode === null && api.child.signalCode === null && health === 200;
    const problems: string[] = [];
    if (serverErrors.length > 0)
      problems.push(`${serverErrors.length} requests got a 5xx or no answer, e.g. ${JSON.stringify(serverErrors[0])}`);
    if (before.digest !== after.digest)
      problems.push(`the index changed: ${compareSnapshots(before, after).join('; ')}`);
    if (filesBefore !== filesAfter) problems.push('files were added to or removed from the corpus folder');
    if (!apiAlive)
      problems.push(`the API is not healthy afterwards (health ${health}): ${api.lines.slice(-5).join(' | ')}`);
    return {
      requests: options.count,
      byStatus,
      serverErrors,
      unanswered,
      indexUnchanged: before.digest === after.digest,
      corpusUnchanged: filesBefore === filesAfter,
      apiAlive,
      problems,
    };
  } finally {
    await api?.stop();
    await dropPrefix(admin, prefix);
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  }
}
