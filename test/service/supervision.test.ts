/**
 * The embedded Meilisearch under supervision: killed with SIGKILL it comes
 * back by itself on the same port and data; it never sees the API's secrets;
 * and it dies with the process that started it, also after a restart (the
 * kernel ties it to its parent; no saved pid is signalled later).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import { startEmbeddedMeili } from '../../domain/store/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
};
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}
const healthy = (url: string) =>
  fetch(`${url}/health`, { signal: AbortSignal.timeout(500) }).then(
    (r) => r.ok,
    () => false,
  );

describe('supervised embedded Meilisearch', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-supervise-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('restarts after kill -9 on the same port with its data, and counts the restart', async () => {
    const meili = await startEmbeddedMeili({ dataDir: tempDir() });
    try {
      const auth = { Authorization: `Bearer ${meili.masterKey}`, 'Content-Type': 'application/json' };
      const created = (await (
        await fetch(`${meili.url}/indexes`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ uid: 'kept', primaryKey: 'id' }),
        })
      ).json()) as { taskUid: number };
      await until(
        'index creation',
        async () =>
          (
            (await (await fetch(`${meili.url}/tasks/${created.taskUid}`, { headers: auth })).json()) as {
              status: string;
            }
          ).status === 'succeeded',
        5000,
      );
      const firstPid = meili.pid;
      process.kill(firstPid, 'SIGKILL');
      await until('the old process to exit', () => !alive(firstPid), 5000);
      const ms = await until('Meilisearch to answer again', () => healthy(meili.url), 10_000);
      expect(ms).toBeLessThan(5000);
      expect(meili.restarts).toBe(1);
      expect(meili.pid).not.toBe(firstPid);
      expect((await fetch(`${meili.url}/indexes/kept`, { headers: auth })).status).toBe(200);
    } finally {
      await meili.stop();
    }
    expect(alive(meili.pid)).toBe(false);
  }, 30_000);

  it('gives Meilisearch only the environment it needs: no admin key', async () => {
    const before = process.env.ADMIN_API_KEY;
    process.env.ADMIN_API_KEY = 'admin-secret-that-must-stay-home';
    const meili = await startEmbeddedMeili({ dataDir: tempDir() });
    try {
      const env = readFileSync(`/proc/${meili.pid}/environ`, 'utf8').split('\0');
      expect(env.some((e) => e.startsWith('ADMIN_API_KEY='))).toBe(false);
      expect(env.some((e) => e.startsWith('MEILI_MASTER_KEY='))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.ADMIN_API_KEY;
      else process.env.ADMIN_API_KEY = before;
      await meili.stop();
    }
  });

  it('dies with the process that started it, also after a restart', async () => {
    const dataDir = tempDir();
    const script = `
      import { startEmbeddedMeili } from ${JSON.stringify(path.join(projectRoot, 'domain/store/server.ts'))};
      const meili = await startEmbeddedMeili({ dataDir: ${JSON.stringify(dataDir)} });
      console.log('pid ' + meili.pid);
      process.kill(meili.pid, 'SIGKILL');
      const first = meili.pid;
      while (meili.pid === first) await new Promise((r) => setTimeout(r, 20));
      console.log('pid ' + meili.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pids: number[] = [];
    parent.stdout.on('data', (c: Buffer) => {
      for (const m of c.toString().matchAll(/pid (?<pid>\d+)/g)) pids.push(Number(m.groups!.pid));
    });
    await until('the restarted pid', () => pids.length >= 2, 20_000);
    const restarted = pids[1]!;
    expect(alive(restarted)).toBe(true);
    parent.kill('SIGKILL');
    await until('the restarted Meilisearch to exit with its parent', () => !alive(restarted), 5000);
  }, 40_000);
});
