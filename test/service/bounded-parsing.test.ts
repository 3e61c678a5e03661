/**
 * Parsing is bounded from outside the parser: a flate-bomb PDF inflates in a
 * child process that is killed past its memory cap (ArrayBuffers included) and
 * reported with a Swedish reason, while the caller's memory stays flat; and one
 * queue bounds how many files are parsed at once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPool } from '../../ingest/pool.js';
import { projectRoot } from '../../domain/paths.js';
import { createIngestService, type IngestService } from '../../ingest/service.js';
import type { Runtime } from '../../src/runtime.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { makeFlateBomb } from '../helpers/pdfs.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';
import { seedTextPath } from '../helpers/seed.js';

let bomb: Buffer;
beforeAll(async () => {
  // ~400 KB on disk, 400 MB once inflated.
  bomb = await makeFlateBomb(400);
});

describe('IngestPool memory cap', () => {
  it("kills a flate bomb past the cap and sets it aside as too complex, the caller's memory untouched", async () => {
    const pool = new IngestPool({ size: 1, memoryMb: 300, timeoutMs: 60_000 });
    try {
      const before = process.memoryUsage().rss;
      const result = await pool.ingest(new Uint8Array(bomb), 'bomb.pdf');
      expect(result.ok ? null : result.failure).toMatchObject({
        kind: 'too-complex',
        reason: expect.stringMatching(/krävde mer än 300 MB minne/),
      });
      expect(pool.memoryKills).toBe(1);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('parses no more files at once than its size, whoever asks', async () => {
    const pool = new IngestPool({ size: 1, timeoutMs: 30_000 });
    try {
      const text = new Uint8Array(readFileSync(seedTextPath('001_50d6c6026012b732')));
      let most = 0;
      const sampler = setInterval(() => (most = Math.max(most, pool.processes)), 5);
      const results = await Promise.all([0, 1, 2, 3].map((i) => pool.ingest(text, `kö/${i}.txt`)));
      clearInterval(sampler);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(most).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('IngestPool when its owner dies', () => {
  it('takes a child that is busy parsing down with it (no orphan inflating unwatched)', async () => {
    const script = `
      import { IngestPool, residentBytes } from ${JSON.stringify(path.join(projectRoot, 'ingest/pool.ts'))};
      import { makeFlateBomb } from ${JSON.stringify(path.join(projectRoot, 'bench/lib/pdf.ts'))};
      const bomb = await makeFlateBomb(1000);
      const pool = new IngestPool({ size: 1, memoryMb: 8000, timeoutMs: 120000 });
      const busy = pool.ingest(new Uint8Array(bomb), 'bomb.pdf');
      // Announced once the child is deep in the inflation (a synchronous loop that reads no IPC).
      const watch = setInterval(async () => {
        const pid = pool.pids[0];
        if (pid && ((await residentBytes(pid)) ?? 0) > 250 * 1024 * 1024) {
          clearInterval(watch);
          console.log('pid ' + pid);
        }
      }, 20);
      await busy;
    `;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      owner.stdout.on('data', (c: Buffer) => {
        const m = /pid (?<pid>\d+)/.exec(c.toString());
        if (m?.groups?.pid) resolve(Number(m.groups.pid));
      });
      owner.once('exit', () => reject(new Error('the owner exited before its child started')));
    });
    const alive = () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    owner.kill('SIGKILL');
    const started = Date.now();
    while (alive() && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  }, 60_000);
});

describe('POST /api/ingest with a flate bomb', () => {
  let runtime: Runtime;
  let api: RunningApp;
  let service: IngestService;
  let corpus: string;
  let dataDir: string;
  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bomb-corpus-'));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bomb-data-'));
    const config = testConfig({
      INDEX_PREFIX: runtime.names.prefix,
      ADMIN_API_KEY: 'test-admin-key-0123456789',
      CORPUS_DIR: corpus,
      DATA_DIR: dataDir,
      INGEST_MEMORY_MB: '300',
    });
    service = createIngestService({ config, indexer: runtime.indexer });
    api = await startApp({ config, search: runtime.search, indexer: runtime.indexer, ingest: service });
  });
  afterAll(async () => {
    await api?.close();
    await service?.close();
    await dropIndexes(runtime);
    rmSync(corpus, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 422 with a Swedish reason and stores nothing', async () => {
    const res = await api.get('/api/ingest?filename=bomb.pdf', {
      method: 'POST',
      body: new Uint8Array(bomb),
      headers: { Authorization: 'Bearer test-admin-key-0123456789', 'Content-Type': 'application/pdf' },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: string; failureKind: string };
    expect(body.failureKind).toBe('too-complex');
    expect(body.detail).toMatch(/komprimeringsbomb/);
    expect(readdirSync(path.join(corpus, 'uploads'))).toEqual([]);
  }, 60_000);
});
