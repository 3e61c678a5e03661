/**
 * Admission control in front of Meilisearch. Past capacity the API answers at
 * once with 503 and Retry-After instead of queueing requests into
 * Meilisearch's timeout, where every user would wait a second and then fail:
 * at most `concurrency` calls run, at most `maxQueue` wait, and none waits
 * longer than `maxWaitMs`.
 */
import { AppError } from '../errors.js';

export interface AdmissionOptions {
  concurrency: number;
  maxQueue: number;
  maxWaitMs: number;
}

export const OVERLOADED_DETAIL = 'Många söker just nu – försök igen om en stund.';

export class AdmissionGate {
  private running = 0;
  private readonly waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];
  /** Calls turned away since start, for /health. */
  shed = 0;

  constructor(private options: AdmissionOptions) {}

  configure(options: AdmissionOptions): void {
    // A concurrency of 0 would admit nothing, ever.
    this.options = { ...options, concurrency: Math.max(1, options.concurrency) };
  }

  get load(): { running: number; waiting: number; shed: number } {
    return { running: this.running, waiting: this.waiting.length, shed: this.shed };
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) await this.admit();
    this.running++;
    try {
      return await call();
    } finally {
      this.running--;
      this.waiting.shift()?.start();
    }
  }

  private admit(): Promise<void> {
    if (this.waiting.length >= this.options.maxQueue) return Promise.reject(this.overloaded());
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(this.overloaded());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(entry);
    });
  }

  private overloaded(): AppError {
    this.shed++;
    return new AppError('overloaded', OVERLOADED_DETAIL);
  }
}
