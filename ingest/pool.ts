/**
 * The ingest queue: files are parsed in child processes, a bounded number at a
 * time, with every limit enforced from outside the parser.
 *
 * - Time: pdf.js parses synchronously, so only killing its process stops a
 *   PDF that spins.
 * - Memory: a thread's heap limit does not cover ArrayBuffers, and a small
 *   compressed PDF inflates to gigabytes of them. Each child runs with a bounded
 *   V8 heap and the pool samples its resident set (/proc/<pid>/statm): past
 *   the cap the child is killed and the file set aside as too complex, while
 *   the API's own memory never sees the inflated data.
 * - Concurrency: one pool per process is the one queue for start-up ingest,
 *   uploads, reindex and the inbox watcher (INGEST_WORKERS).
 *
 * A child that was killed is replaced; idle children exit after a while so an
 * idle API does not keep parsers resident.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { childEnv, setprivPath } from '../domain/child-env.js';
import { failureReason, type FailureKind } from '../domain/file-types.js';
import { projectRoot } from '../domain/paths.js';
import type { IngestResult } from './pipeline.js';
import { failureIdFor } from './pipeline.js';
import { DEFAULT_OCR_SETTINGS, type OcrSettings } from './ocr/index.js';

/** A message from a child: its result, or "OCR of a page starts" (which extends the file's time limit by one page's). */
type WorkerMessage = IngestResult | { type: 'ocr-page'; page: number };

interface Job {
  bytes: Uint8Array;
  sourceFile: string;
  resolve: (result: IngestResult) => void;
}

const dev = import.meta.url.endsWith('.ts');
const setpriv = setprivPath();
const workerFile = fileURLToPath(new URL(dev ? './pool-worker.ts' : './pool-worker.js', import.meta.url));

/** V8 old-generation heap of one ingest process, in MB (the resident-set cap is separate and larger). */
export const WORKER_HEAP_MB = 256;

/**
 * V8's young generation of an ingest process: semi-spaces of 16 MB (V8's default on this machine).
 * A parse allocates mostly short-lived strings; with 2 MB semi-spaces they were scavenged so often
 * that the children spent 83 s of CPU on 1,000 generated protocols, with 8 MB 55 s (16 MB: 51 s),
 * for a child's peak of 146 MB instead of 133 (16 MB: 166). Once pdf.js no longer slowed every
 * push (extract.ts), scavenges were the largest single cost of a parse: 8 MB 46.9 s of CPU, 16 MB
 * 41.0 s (the run 50.8 → 44.6 s), for a child's peak of 166 MB instead of 147 and the worker's
 * 278 MB instead of 253. 32 MB saved ~3 ms a protocol more in one process, not taken: ~20 MB more a
 * child would put the worker at its 300 MB target.
 */
const CHILD_SEMI_SPACE_MB = 16;

export interface PoolOptions {
  /** Processes at once. */
  size?: number;
  /** Time limit per file. */
  timeoutMs?: number;
  /**
   * Jobs a process runs before it is replaced, so a cache that grows with every
   * document (pdf.js keeps some) cannot grow without bound. Each replacement
   * costs a start and a cold JIT (~1 s of CPU); over 1,000 generated protocols
   * a child's peak was the same replaced every 200 files or never (133 MB).
   */
  recycleAfter?: number;
  /** Resident-set cap of one process in MB. */
  memoryMb?: number;
  /** Idle processes exit after this long. */
  idleMs?: number;
  /** OCR settings sent with every job. */
  ocr?: OcrSettings;
}

/** Resident set of a process in bytes, or null where /proc is not there. */
export async function residentBytes(pid: number): Promise<number | null> {
  return residentBytesNow(pid);
}

/**
 * The same, read synchronously: /proc/<pid>/statm is made in memory on each read, which costs
 * microseconds, where a read through node's promise API costs an open, an fstat, a read and a
 * close, each a hop to the thread pool; the sampler below reads it every 20 ms (in a profile of
 * the worker's main process those hops were its largest item after garbage collection).
 */
export function residentBytesNow(pid: number): number | null {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, 'utf8');
    const pages = Number(statm.split(' ')[1]);
    return Number.isFinite(pages) ? pages * 4096 : null;
  } catch {
    return null;
  }
}

/**
 * Proportional set of a process in bytes (pages shared with other processes,
 * such as the Node binary's, divided among them), or null without /proc.
 * Reading it walks the process's mappings (~0.5 ms), so it is sampled sparingly.
 */
export async function proportionalBytes(pid: number): Promise<number | null> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

interface Slot {
  child: ChildProcess;
  jobs: number;
  idleTimer: NodeJS.Timeout | null;
}

export class IngestPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly recycleAfter: number;
  readonly memoryMb: number;
  readonly idleMs: number;
  readonly ocr: OcrSettings;
  private readonly idle: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly all = new Set<Slot>();
  /**
   * Children killed (recycled, over a limit, idle) whose exit has not been seen:
   * they hold their memory until the kernel has torn them down, so their
   * replacements wait for that rather than briefly running `size + 1` parsers.
   */
  private readonly dying = new Set<Slot>();
  private closed = false;
  /** Highest resident set seen in any child, in bytes (for drills and benchmarks). */
  peakChildRss = 0;
  /**
   * Highest resident set of the whole worker at one moment, in bytes: this
   * process plus every live child's latest sample (an idle child keeps what it
   * last held). What the machine has to have free, unlike either part alone.
   */
  peakTreeRss = 0;
  /**
   * The same sum in proportional sets (sampled every ~200 ms): each page the
   * processes share (the Node binary, the ICU data) counted once, which the
   * sum of resident sets counts once per process. What the machine really has
   * to have free for the worker; null where /proc has no smaps_rollup.
   */
  peakTreePss: number | null = null;
  private readonly childRss = new Map<number, number>();
  private readonly childPss = new Map<number, number>();
  /** Children killed for exceeding the memory cap. */
  memoryKills = 0;

  constructor(size: number | PoolOptions = {}, timeoutMs = 60_000, recycleAfter = 1000) {
    const options: PoolOptions = typeof size === 'number' ? { size, timeoutMs, recycleAfter } : size;
    this.size = Math.max(1, options.size ?? 2);
    this.timeoutMs = options.timeoutMs ?? timeoutMs;
    this.recycleAfter = options.recycleAfter ?? recycleAfter;
    // pdf.js alone takes 300–400 MB on a real 47-page protocol with scanned attachments (Nykarleby 005).
    this.memoryMb = options.memoryMb ?? 1024;
    this.idleMs = options.idleMs ?? 30_000;
    this.ocr = options.ocr ?? DEFAULT_OCR_SETTINGS;
  }

  /** Child processes alive now (never more than `size`). */
  get processes(): number {
    return this.all.size;
  }

  /** Pids of the child processes alive now. */
  get pids(): number[] {
    return [...this.all].flatMap((slot) => (slot.child.pid === undefined ? [] : [slot.child.pid]));
  }

  /** Files waiting or being parsed. */
  get pending(): number {
    return this.queue.length + (this.all.size - this.idle.length);
  }

  private spawn(): Slot {
    const nodeArgs = [
      `--max-old-space-size=${WORKER_HEAP_MB}`,
      `--max-semi-space-size=${CHILD_SEMI_SPACE_MB}`,
      ...(dev ? ['--import', 'tsx'] : []),
    ];
    // Under setpriv --pdeathsig the kernel kills the child when this process dies: a parse
    // spinning synchronously never sees its IPC channel close, and past its parent's death
    // nobody would watch its memory.
    const child = fork(workerFile, [], {
      cwd: projectRoot,
      // Only what a parser needs: no admin key, no Meilisearch key.
      // One malloc arena: glibc gives each of Node's helper threads its own, and freed
      // memory in them stays resident (~8 MB a child measured); a parse is single-threaded.
      env: childEnv({ DOTENV_CONFIG_QUIET: 'true', MALLOC_ARENA_MAX: '1' }),
      ...(setpriv
        ? { execPath: setpriv, execArgv: ['--pdeathsig', 'SIGKILL', '--', process.execPath, ...nodeArgs] }
        : { execArgv: nodeArgs }),
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const slot: Slot = { child, jobs: 0, idleTimer: null };
    this.all.add(slot);
    // A child that dies while idle is simply forgotten.
    child.once('exit', () => {
      if (child.pid !== undefined) {
        this.childRss.delete(child.pid);
        this.childPss.delete(child.pid);
      }
      this.all.delete(slot);
      const at = this.idle.indexOf(slot);
      if (at >= 0) this.idle.splice(at, 1);
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      if (this.dying.delete(slot)) this.pump();
    });
    return slot;
  }

  /** Ingests one file in a child process; never rejects (failures are values). */
  ingest(bytes: Uint8Array, sourceFile: string): Promise<IngestResult> {
    if (this.closed)
      return Promise.resolve(this.failure(sourceFile, 'corrupt', 'Inläsningen stängdes av innan filen lästes.'));
    return new Promise((resolve) => {
      this.queue.push({ bytes, sourceFile, resolve });
      this.pump();
    });
  }

  private failure(sourceFile: string, kind: FailureKind, reason: string): IngestResult {
    return {
      ok: false,
      failure: { id: failureIdFor(sourceFile), sourceFile, kind, reason, at: new Date().toISOString() },
    };
  }

  private pump() {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.idle.pop();
      if (!slot) {
        if (this.all.size + this.dying.size >= this.size) return;
        slot = this.spawn();
      }
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.child.ref();
      (slot.child.channel as { ref?: () => void } | undefined)?.ref?.();
      this.run(slot, this.queue.shift()!);
    }
  }

  private retire(slot: Slot) {
    this.all.delete(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    // A child that never started (pid undefined) may never report an exit.
    if (slot.child.exitCode === null && slot.child.signalCode === null && slot.child.pid !== undefined) {
      this.dying.add(slot);
      slot.child.kill('SIGKILL');
    }
  }

  private run(slot: Slot, job: Job) {
    const { child } = slot;
    let settled = false;
    const finish = (result: IngestResult, healthy: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(sampler);
      child.removeListener('message', onMessage);
      child.removeListener('exit', onExit);
      child.removeListener('error', onError);
      slot.jobs++;
      if (healthy && !this.closed && slot.jobs < this.recycleAfter && this.all.has(slot)) {
        this.idle.push(slot);
        // Idle: do not keep the parent alive, and exit after a while.
        child.unref();
        (child.channel as { unref?: () => void } | undefined)?.unref?.();
        slot.idleTimer = setTimeout(() => {
          const at = this.idle.indexOf(slot);
          if (at >= 0) this.idle.splice(at, 1);
          this.retire(slot);
        }, this.idleMs);
        slot.idleTimer.unref();
      } else this.retire(slot);
      job.resolve(result);
      this.pump();
    };
    const onMessage = (message: WorkerMessage) => {
      if (!('type' in message)) return finish(message, true);
      // OCR time is bounded per page (OCR_PAGE_TIMEOUT_MS) in the child; it does not eat the file's extraction limit.
      clearTimeout(timer);
      deadline += this.ocr.pageTimeoutMs;
      timer = setTimeout(onTimeout, Math.max(0, deadline - performance.now()));
    };
    const onError = (error: Error) =>
      finish(this.failure(job.sourceFile, 'corrupt', `Filen kunde inte läsas: ${error.message}`), false);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(
        code === 134 || signal === 'SIGABRT'
          ? this.failure(job.sourceFile, 'too-complex', failureReason('too-complex', { mb: WORKER_HEAP_MB }))
          : this.failure(
              job.sourceFile,
              'corrupt',
              'Inläsningen av filen avbröts oväntat. Hämta en ny kopia av filen och försök igen.',
            ),
        false,
      );
    const onTimeout = () =>
      finish(
        this.failure(
          job.sourceFile,
          'timeout',
          failureReason('timeout', { seconds: Math.round(this.timeoutMs / 1000) }),
        ),
        false,
      );
    let deadline = performance.now() + this.timeoutMs;
    let timer = setTimeout(onTimeout, this.timeoutMs);
    const cap = this.memoryMb * 1024 * 1024;
    const pid = child.pid;
    let ticks = 0;
    const sampler = setInterval(() => {
      if (pid === undefined || settled) return;
      if (ticks++ % 10 === 0) void this.sampleTreePss(pid);
      const rss = residentBytesNow(pid);
      if (rss === null) return;
      if (rss > this.peakChildRss) this.peakChildRss = rss;
      this.childRss.set(pid, rss);
      let tree = process.memoryUsage.rss();
      for (const r of this.childRss.values()) tree += r;
      if (tree > this.peakTreeRss) this.peakTreeRss = tree;
      if (rss > cap) {
        this.memoryKills++;
        finish(this.failure(job.sourceFile, 'too-complex', failureReason('too-complex', { mb: this.memoryMb })), false);
      }
    }, 20);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
    child.send({ bytes: job.bytes, sourceFile: job.sourceFile, ocr: this.ocr });
  }

  private async sampleTreePss(pid: number): Promise<void> {
    const [own, child] = await Promise.all([proportionalBytes(process.pid), proportionalBytes(pid)]);
    if (own === null || child === null) return;
    this.childPss.set(pid, child);
    let tree = own;
    for (const p of this.childPss.values()) tree += p;
    if (tree > (this.peakTreePss ?? 0)) this.peakTreePss = tree;
  }

  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.all].map(
      (slot) =>
        new Promise<void>((resolve) => {
          if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
          slot.child.once('exit', () => resolve());
          // An idle child is unref'd; without a ref the process could end (with code 0) before its exit event.
          slot.child.ref();
          this.retire(slot);
        }),
    );
    for (const job of this.queue.splice(0))
      job.resolve(this.failure(job.sourceFile, 'corrupt', 'Inläsningen stängdes av innan filen lästes.'));
    await Promise.all(exits);
    this.all.clear();
    this.idle.length = 0;
  }
}
