/**
 * Real processes for the drills and benchmarks: the ingest worker CLI and the
 * API server, run as children on loopback, with their output captured.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../../domain/paths.js';
import { freePort } from '../../domain/store/server.js';

export interface Child {
  readonly child: ChildProcess;
  /** Every stdout and stderr line so far. */
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Calls `fn` for each new line (after the ones already seen). */
  onLine(fn: (line: string) => void): void;
}

let frozen: string | null = null;

/**
 * One compiled copy of the code (tsc into bench/out/frozen-*, removed at exit)
 * that every process of a drill or benchmark runs. Colleagues edit the shared
 * tree while a drill runs; a kill-and-resume drill must compare runs of the
 * same code, and compiled code also starts faster than tsx.
 */
export function frozenBuild(): string {
  if (frozen) return frozen;
  const dir = path.join(projectRoot, 'bench', 'out', `frozen-${process.pid}-${randomBytes(3).toString('hex')}`);
  const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  try {
    execFileSync(
      process.execPath,
      [
        tsc,
        '-p',
        path.join(projectRoot, 'tsconfig.build.json'),
        '--outDir',
        dir,
        '--tsBuildInfoFile',
        path.join(dir, '.tsbuildinfo'),
        '--sourceMap',
        'false',
      ],
      { stdio: 'pipe' },
    );
  } catch {
    // Type errors still emit JavaScript; only a missing output is fatal.
  }
  if (!existsSync(path.join(dir, 'ingest', 'worker.js'))) throw new Error(`compiling the code into ${dir} failed`);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  frozen = dir;
  return dir;
}

/** Node arguments to run a TypeScript entry point of the project from the frozen build. */
export function nodeArgs(entry: string): string[] {
  return [path.join(frozenBuild(), entry.replace(/\.ts$/, '.js'))];
}

export function spawnNode(
  args: readonly string[],
  env: Record<string, string>,
  extraNodeArgs: readonly string[] = [],
): Child {
  const child = spawn(process.execPath, [...extraNodeArgs, ...args], {
    cwd: projectRoot,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  const feed = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        for (const l of listeners) l(line);
      }
    });
  };
  feed(child.stdout);
  feed(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited, onLine: (fn) => listeners.push(fn) };
}

/** Runs the ingest worker CLI (`ingest/worker.ts`) on `args`. */
export function spawnWorker(
  args: readonly string[],
  env: Record<string, string>,
  extraNodeArgs: readonly string[] = [],
): Child {
  return spawnNode([...nodeArgs('ingest/worker.ts'), ...args], env, extraNodeArgs);
}

export interface ApiProcess extends Child {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The Node flags `npm start` runs the API with (package.json's start script, which the Dockerfile and
 * compose repeat): a benchmark or drill of the API measures the process production runs.
 */
export function apiNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [node, ...rest] = pkg.scripts.start.trim().split(/\s+/);
  if (node !== 'node') throw new Error(`package.json's start script does not run node: ${pkg.scripts.start}`);
  return rest.filter((arg) => arg.startsWith('--'));
}

/** Starts the API (`src/main.ts`) against an existing Meilisearch; resolves once /health answers. */
export async function startApi(env: Record<string, string>, timeoutMs = 30_000): Promise<ApiProcess> {
  const port = await freePort();
  const proc = spawnNode(
    nodeArgs('src/main.ts'),
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      INGEST_ON_START: 'false',
      LOG_REQUESTS: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    apiNodeFlags(),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`the API exited during start-up: ${proc.lines.slice(-5).join(' | ')}`);
    if (performance.now() > deadline) {
      proc.child.kill('SIGKILL');
      throw new Error(`the API did not answer within ${timeoutMs} ms: ${proc.lines.slice(-5).join(' | ')}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ...proc,
    url,
    stop: async () => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
      proc.child.kill('SIGTERM');
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 5000);
      await proc.exited;
      clearTimeout(timer);
    },
  };
}

/** Env for processes that use an external Meilisearch under a given index prefix. */
export function meiliEnv(
  meiliUrl: string,
  masterKey: string,
  prefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { MEILI_URL: meiliUrl, MEILI_MASTER_KEY: masterKey, INDEX_PREFIX: prefix, ...extra };
}
