/**
 * Runs one OCR tool (pdftoppm, tesseract) as an asynchronous child process with
 * a time limit, a memory limit and a minimal environment, so a page that hangs
 * or balloons is stopped without touching the ingest thread's event loop.
 */
import { spawn } from 'node:child_process';

export interface ChildResult {
  readonly ok: boolean;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** Why it failed: 'timeout', 'output-too-large', 'spawn' (not found), or the exit code/signal. */
  readonly failure: string | null;
}

export interface ChildOptions {
  readonly timeoutMs: number;
  /** Address-space limit of the child (ulimit -v), in MB. */
  readonly memoryMb: number;
  /** Bytes written to the child's stdin, then closed. */
  readonly stdin?: Uint8Array;
  /** Largest stdout accepted; past it the child is killed. */
  readonly maxOutputBytes?: number;
}

/**
 * Only what the tools need: PATH to find them, one OpenMP thread (Tesseract
 * otherwise takes every core and starves the other ingest threads), and a C
 * locale Tesseract requires.
 */
const childEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  OMP_THREAD_LIMIT: '1',
  LC_ALL: 'C',
  ...(process.env.TESSDATA_PREFIX ? { TESSDATA_PREFIX: process.env.TESSDATA_PREFIX } : {}),
});

/** Runs `command args…` under `sh -c 'ulimit -v …; exec …'`; never rejects. */
export function runChild(command: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  const maxOutput = options.maxOutputBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve) => {
    // The shell applies the memory limit, then exec replaces it: the pid we kill is the tool's.
    const child = spawn(
      '/bin/sh',
      ['-c', `ulimit -v ${Math.round(options.memoryMb * 1024)} && exec "$0" "$@"`, command, ...args],
      {
        env: childEnv(),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let failure: string | null = null;
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok: ok && failure === null, stdout: Buffer.concat(out), stderr: err.slice(-2000), failure });
    };
    const kill = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOutput) kill('output-too-large');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 8000) err += chunk.toString('utf8');
    });
    child.on('error', () => {
      failure ??= 'spawn';
      finish(false);
    });
    child.on('close', (code, signal) => {
      if (code !== 0) failure ??= code === 127 ? 'spawn' : signal ? `signal ${signal}` : `exit ${code}`;
      finish(code === 0);
    });
    // A tool that exits before reading all of stdin breaks the pipe: that is its exit status's business.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? Buffer.alloc(0));
  });
}
