import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { meiliArgs, restartDelay, startEmbeddedMeili } from '../../domain/store/server.js';

describe('the embedded Meilisearch, step by step', () => {
  it('runs on loopback only, in production mode, with its folders under the data folder and bounded indexing memory', () => {
    const args = meiliArgs({ dataDir: '/d', port: 7701, maxIndexingMemory: '512Mb' });
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('--http-addr')).toBe('127.0.0.1:7701');
    expect(value('--env')).toBe('production');
    expect(value('--db-path')).toBe('/d/data.ms');
    expect(value('--max-indexing-memory')).toBe('512Mb');
    expect(meiliArgs({ dataDir: '/d', port: 1 })).toContain('256Mb');
    expect(args.join(' ')).not.toMatch(/master/i);
  });

  it('restarts after a crash with a backoff that doubles to 10 s and starts over after a long run', () => {
    expect([0, 1, 2, 3, 10].map((n) => restartDelay(n, 1000, 250).ms)).toEqual([250, 500, 1000, 2000, 10_000]);
    expect(restartDelay(5, 60_000, 250)).toEqual({ attempts: 0, ms: 250 });
  });
});

describe('embedded Meilisearch', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-server-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('starts, keeps its master key private in the data folder, and stops without an orphan', async () => {
    const dataDir = tempDir();
    const meili = await startEmbeddedMeili({ dataDir });
    const health = await fetch(`${meili.url}/health`).then((r) => r.json());
    expect(health).toEqual({ status: 'available' });
    // Production mode: the master key is required.
    expect((await fetch(`${meili.url}/indexes`)).status).toBe(401);
    expect((statSync(path.join(dataDir, 'master.key')).mode & 0o777).toString(8)).toBe('600');
    await meili.stop();
    expect(() => process.kill(meili.pid, 0)).toThrow();
  });

  it('reuses the data folder and the same master key across restarts', async () => {
    const dataDir = tempDir();
    const first = await startEmbeddedMeili({ dataDir });
    const res = await fetch(`${first.url}/indexes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${first.masterKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ uid: 'kept', primaryKey: 'id' }),
    });
    const { taskUid } = (await res.json()) as { taskUid: number };
    for (let i = 0; i < 100; i++) {
      const task = (await fetch(`${first.url}/tasks/${taskUid}`, {
        headers: { Authorization: `Bearer ${first.masterKey}` },
      }).then((r) => r.json())) as { status: string };
      if (task.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.stop();
    const second = await startEmbeddedMeili({ dataDir });
    expect(second.masterKey).toBe(first.masterKey);
    expect(readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim()).toBe(first.masterKey);
    const index = await fetch(`${second.url}/indexes/kept`, {
      headers: { Authorization: `Bearer ${second.masterKey}` },
    });
    expect(index.status).toBe(200);
    await second.stop();
  });
});
