/**
 * `npm start` end to end, as a separate process: the real main module, the
 * embedded Meilisearch, the bundled corpus. Run through tsx so no build is needed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import { freePort } from '../../domain/store/server.js';

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Every service a test started: one a failed test left running is killed after the file (its Meilisearch dies with it). */
const services: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of services) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startService(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, MEILI_URL: '', MEILI_MASTER_KEY: '', LOG_REQUESTS: 'false', ...env },
  });
  services.push(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // 'close' comes after the last output: an exit's reason is printed just before it.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const waitFor = async (pattern: RegExp, timeoutMs: number) => {
    // performance.now, not Date.now: the VM's wall clock can step forward and end a wait at once.
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const m = out.match(pattern);
      if (m) return m;
      if (child.exitCode !== null) {
        await closed;
        const late = out.match(pattern);
        if (late) return late;
        throw new Error(`exited (${child.exitCode}) before ${pattern}; output:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${pattern}; output:\n${out}`);
  };
  return { child, output: () => out, waitFor, exited };
}

/**
 * Starts the service on a free port, again on another one if that port was taken in the meantime:
 * with many tests in parallel, a port free a moment ago can become some connection's source port.
 * Resolves once it listens.
 */
async function startListening(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ started: Started; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = startService({ ...env, PORT: String(port) });
    try {
      await started.waitFor(/listening on/, timeoutMs);
      return { started, port };
    } catch (error) {
      if (attempt === 3 || !/is already in use/.test(started.output())) throw error;
    }
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('npm start (src/main.ts)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the bundled corpus, stops with its Meilisearch on SIGINT, and keeps the data for a fast second start', async () => {
    const { started: first, port } = await startListening({ DATA_DIR: dataDir }, 30_000);
    const [, meiliPid] = await first.waitFor(/\(pid (\d+),/, 1_000);
    await first.waitFor(/Ingest done .*: 5 ingested, 0 unchanged, 0 removed, 0 failed/, 90_000);

    const res = await fetch(`http://127.0.0.1:${port}/api/search?q=samsjuklighet`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; hits: { meetingDate: string; body: string }[] };
    const years = new Set(body.hits.map((h) => h.meetingDate?.slice(0, 4)));
    expect(years).toContain('2020');
    expect(years).toContain('2022');
    expect(body.hits.every((h) => typeof h.body === 'string')).toBe(true);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(await waitUntil(() => !alive(Number(meiliPid)), 5000)).toBe(true);

    const { started: second, port: secondPort } = await startListening({ DATA_DIR: dataDir }, 30_000);
    await second.waitFor(/Ingest done .*: 0 ingested, 5 unchanged/, 30_000);
    const again = (await (await fetch(`http://127.0.0.1:${secondPort}/api/search?q=samsjuklighet`)).json()) as {
      total: number;
    };
    expect(again.total).toBe(body.total);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 150_000);

  it('leaves no Meilisearch behind when the API process is killed outright', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-kill-'));
    const { started } = await startListening({ DATA_DIR: dir, INGEST_ON_START: 'false' }, 30_000);
    const [, meiliPid] = await started.waitFor(/\(pid (\d+),/, 1_000);
    started.child.kill('SIGKILL');
    await started.exited;
    expect(await waitUntil(() => !alive(Number(meiliPid)), 5000)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('gives up on its own, naming the URL, when MEILI_URL points at nothing', async () => {
    const service = startService({ PORT: String(await freePort()), MEILI_URL: 'http://127.0.0.1:9' });
    const code = await service.exited;
    expect(code).not.toBe(0);
    // The wait for an external server is bounded (10 s, see connectStore); the test's own timeout catches a hang.
    expect(service.output()).toMatch(/did not answer within 10 s/);
    expect(service.output()).toMatch(/http:\/\/127\.0\.0\.1:9/);
  }, 40_000);

  it('fails naming PORT when PORT=abc', async () => {
    const service = startService({ PORT: 'abc' });
    expect(await service.exited).toBe(1);
    expect(service.output()).toMatch(/PORT must be a whole number/);
  }, 20_000);
});
