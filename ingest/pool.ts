/**
 * Runs `ingestFile` in worker threads: files are processed in parallel on all
 * cores, and a file that takes longer than the time limit is really stopped
 * (pdf.js parses synchronously, so only terminating its thread can interrupt a
 * PDF bomb). A worker that was terminated is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { IngestResult } from './pipeline.js';
import { failureIdFor } from './pipeline.js';
import { DEFAULT_OCR_SETTINGS, type OcrSettings } from './ocr/index.js';

/** A message from a worker: its result, or "OCR of a page starts" (which extends the file's time limit by one page's). */
type WorkerMessage = IngestResult | { type: 'ocr-page'; page: number };

interface Job {
  bytes: Uint8Array;
  sourceFile: string;
  resolve: (result: IngestResult) => void;
}

// Under tsx/vitest the worker is TypeScript too: a small entry hooks tsx into the thread.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './pool-worker-dev.mjs' : './pool-worker.js', import.meta.url);

/** Old-generation heap of one ingest thread, in MB. */
export const WORKER_HEAP_MB = 256;

export class IngestPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly all = new Set<Worker>();
  private closed = false;
  private readonly jobsDone = new WeakMap<Worker, number>();

  constructor(
    readonly size = Math.max(1, Math.min(availableParallelism(), 8)),
    readonly timeoutMs = 60_000,
    /**
     * Jobs a worker runs before it is replaced: pdf.js keeps caches per thread
     * that grow with every document, so a fresh thread keeps memory flat over a
     * corpus of any size (the cost, a thread start, is ~1% at 200 files).
     */
    readonly recycleAfter = 200,
    /** OCR settings sent with every job. */
    readonly ocr: OcrSettings = DEFAULT_OCR_SETTINGS,
  ) {}

  private spawn(): Worker {
    // A bounded heap per thread: V8 otherwise grows a heap long before collecting it, and a
    // file that needs more than this is set aside (the thread dies, the pool replaces it).
    const worker = new Worker(workerUrl, {
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    this.all.add(worker);
    return worker;
  }

  /** Ingests one file in a worker; never rejects (failures are values). */
  ingest(bytes: Uint8Array, sourceFile: string): Promise<IngestResult> {
    return new Promise((resolve) => {
      this.queue.push({ bytes, sourceFile, resolve });
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length > 0 && !this.closed) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.all.size >= this.size) return;
        worker = this.spawn();
      }
      this.run(worker, this.queue.shift()!);
    }
  }

  private run(worker: Worker, job: Job) {
    const fail = (kind: 'timeout' | 'corrupt', reason: string): IngestResult => ({
      ok: false,
      failure: { id: failureIdFor(job.sourceFile), sourceFile: job.sourceFile, kind, reason, at: new Date().toISOString() },
    });
    const finish = (result: IngestResult, healthy: boolean) => {
      clearTimeout(timer);
      worker.removeAllListeners('message');
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      const done = (this.jobsDone.get(worker) ?? 0) + 1;
      this.jobsDone.set(worker, done);
      if (healthy && done < this.recycleAfter) this.idle.push(worker);
      else {
        this.all.delete(worker);
        void worker.terminate();
      }
      job.resolve(result);
      this.pump();
    };
    const onTimeout = () => finish(fail('timeout', `Filen tog längre tid än ${Math.round(this.timeoutMs / 1000)} s att läsa och lades åt sidan (misstänkt skadad eller extremt stor).`), false);
    let deadline = performance.now() + this.timeoutMs;
    let timer = setTimeout(onTimeout, this.timeoutMs);
    worker.on('message', (message: WorkerMessage) => {
      if (!('type' in message)) return finish(message, true);
      // OCR time is bounded per page (OCR_PAGE_TIMEOUT_MS) in the worker; it does not eat the file's extraction limit.
      clearTimeout(timer);
      deadline += this.ocr.pageTimeoutMs;
      timer = setTimeout(onTimeout, Math.max(0, deadline - performance.now()));
    });
    worker.once('error', (error) => finish(fail('corrupt', `Filen kunde inte läsas: ${error.message}`), false));
    worker.once('exit', () => finish(fail('corrupt', 'Inläsningen av filen avbröts oväntat (minnesbrist?).'), false));
    worker.postMessage({ bytes: job.bytes, sourceFile: job.sourceFile, ocr: this.ocr });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }
}
