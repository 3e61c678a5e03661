/**
 * What the probe found at the edges: formula cells in CSV, keys in URLs and
 * logs, child processes that inherited secrets, a CSP that blanks the UI over
 * plain HTTP, served source maps, and a rate limit that ignored proxies and
 * skipped /health.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPool } from '../../ingest/pool.js';
import { escapeCell, toSwedishCsv } from '../../src/search/export.js';
import type { Trends } from '../../src/search/trends.js';
import { trendsTable } from '../../src/search/trends-export.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';
import { seedTextPath } from '../helpers/seed.js';

const ADMIN = 'test-admin-key-0123456789';

describe('escapeCell', () => {
  it('makes cells starting with = + - @ text, leaves plain words alone', () => {
    expect(escapeCell('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(escapeCell('+46 19 60 20 00')).toBe("'+46 19 60 20 00");
    expect(escapeCell('-1+1')).toBe("'-1+1");
    expect(escapeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCell('\t=1')).toBe("'\t=1");
    expect(escapeCell('nära vård')).toBe('nära vård');
  });

  it('is used by the trends CSV: a series label cannot become a formula', () => {
    const trends: Trends = {
      unit: 'items',
      years: [2020],
      series: [
        {
          kind: 'term',
          label: '=cmd|" /C calc"!A0',
          points: [
            {
              year: 2020,
              items: 1,
              meetings: 1,
              totalItems: 10,
              totalMeetings: 2,
              totalWords: null,
              share: 0.1,
              gap: false,
              smallBase: false,
              searchParams: '',
            },
          ],
          undated: { items: 0, protocols: 0 },
        },
      ],
      excluded: [],
      smallBase: { items: 5, meetings: 2 },
      annotations: [],
    };
    const rows = toSwedishCsv(trendsTable(trends)).split('\r\n');
    expect(rows.some((row) => row.startsWith(`"'=cmd`))).toBe(true);
    expect(rows.some((row) => row.startsWith('=') || row.startsWith('"='))).toBe(false);
  });
});

describe('child processes get only the environment they need', () => {
  it('gives ingest processes no admin key', async () => {
    const before = process.env.ADMIN_API_KEY;
    process.env.ADMIN_API_KEY = 'admin-secret-that-must-stay-home';
    const pool = new IngestPool({ size: 1 });
    try {
      const result = await pool.ingest(new Uint8Array(readFileSync(seedTextPath('001_50d6c6026012b732'))), 'env.txt');
      expect(result.ok).toBe(true);
      const [pid] = pool.pids;
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(env.some((e) => e.startsWith('ADMIN_API_KEY='))).toBe(false);
      expect(env.some((e) => e.startsWith('PATH='))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.ADMIN_API_KEY;
      else process.env.ADMIN_API_KEY = before;
      await pool.close();
    }
  }, 30_000);
});

describe('HTTP edges', () => {
  let runtime: Runtime;
  let publicDir: string;
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    publicDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-public-'));
    writeFileSync(
      path.join(publicDir, 'index.html'),
      '<!doctype html><title>Protokollsök</title><script type="module" src="/app.js"></script>',
    );
    writeFileSync(path.join(publicDir, 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map\n');
    writeFileSync(path.join(publicDir, 'app.js.map'), '{"version":3,"sources":["../../public/src/main.ts"]}');
  });
  afterAll(async () => {
    await dropIndexes(runtime);
    rmSync(publicDir, { recursive: true, force: true });
  });
  const app = async (env: Record<string, string> = {}, log?: (line: string) => void) =>
    startApp({
      config: testConfig({ INDEX_PREFIX: runtime.names.prefix, ADMIN_API_KEY: ADMIN, ...env }),
      search: runtime.search,
      indexer: runtime.indexer,
      publicDir,
      ...(log ? { log } : {}),
    });

  it('rejects a key in the query string with 400, without echoing it in the answer or the request log', async () => {
    const lines: string[] = [];
    const api = await app({ LOG_REQUESTS: 'true' }, (line) => lines.push(line));
    try {
      for (const query of [`api_key=${ADMIN}`, `token=${ADMIN}`, `q=${ADMIN}`]) {
        const res = await api.get(`/api/ingest/failures?${query}`);
        expect(res.status).toBe(400);
        const text = await res.text();
        expect(text).not.toContain(ADMIN);
        expect((JSON.parse(text) as { instance: string }).instance).toBe('/api/ingest/failures');
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(lines.length).toBeGreaterThanOrEqual(3);
      expect(lines.join('\n')).not.toContain(ADMIN);
    } finally {
      await api.close();
    }
  });

  it('sends a CSP without upgrade-insecure-requests over plain HTTP, and with it when configured for HTTPS', async () => {
    const plain = await app();
    const https = await app({ PUBLIC_HTTPS: 'true' });
    try {
      const csp = (await plain.get('/')).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect((await https.get('/')).headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await plain.close();
      await https.close();
    }
  });

  it('serves app.js but not its source map', async () => {
    const api = await app();
    try {
      expect((await api.get('/app.js')).status).toBe(200);
      expect((await api.get('/app.js.map')).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('rate-limits /health and static files too, per client behind a trusted proxy', async () => {
    const direct = await app({ RATE_LIMIT_PER_MINUTE: '2' });
    const proxied = await app({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' });
    try {
      const statuses = [];
      for (const p of ['/health', '/app.js', '/health']) statuses.push((await direct.get(p)).status);
      expect(statuses).toEqual([200, 200, 429]);
      // Two clients behind one proxy: separate buckets once the proxy is trusted.
      const as = (ip: string) => proxied.get('/health', { headers: { 'X-Forwarded-For': ip } }).then((r) => r.status);
      expect([await as('198.51.100.1'), await as('198.51.100.1'), await as('198.51.100.1')]).toEqual([200, 200, 429]);
      expect(await as('198.51.100.2')).toBe(200);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});
