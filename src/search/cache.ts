/**
 * A bounded cache of answers per (corpus version, question). The corpus only
 * changes on ingest, so an answer (search and decision pages, timeline, trends,
 * related items) is computed once per question and corpus version, and the
 * identical requests of colleagues opening the same link share one computation,
 * even while it runs.
 *
 * The corpus stamp is the number of protocols and the newest ingest time (and
 * the annotations' count and newest change, which trend answers carry, and the
 * taxonomy's newest version and when the corpus was re-tagged with it), read
 * with one tiny multi-search and reused for `stampTtlMs`: an ingest by another
 * process (the compose worker) is seen within that time; one in this process
 * calls `invalidate()` at once.
 */
import { meili } from '../../domain/store/client.js';
import type { SearchContext } from './context.js';
import { newestIngestQuery, newestIngestStamp } from './corpus-stamp.js';
import { taxonomyStamp, taxonomyStampQuery } from './taxonomy-stamp.js';

export interface CacheOptions {
  maxEntries?: number;
  stampTtlMs?: number;
}

export class ResultCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private stamp: { value: Promise<string>; at: number } | null = null;
  private readonly maxEntries: number;
  private readonly stampTtlMs: number;
  hits = 0;
  misses = 0;

  constructor(options: CacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500;
    this.stampTtlMs = options.stampTtlMs ?? 1000;
  }

  /** Forgets everything: called after an ingest in this process. */
  invalidate(): void {
    this.entries.clear();
    this.stamp = null;
  }

  get size(): number {
    return this.entries.size;
  }

  private corpusStamp(ctx: SearchContext): Promise<string> {
    const now = performance.now();
    if (this.stamp && now - this.stamp.at < this.stampTtlMs) return this.stamp.value;
    // The annotations too: trend answers carry them, and another API process may have changed them.
    const value = meili(() =>
      ctx.client.multiSearch({
        queries: [
          newestIngestQuery(ctx),
          {
            indexUid: ctx.names.annotations,
            q: null,
            page: 1,
            hitsPerPage: 1,
            sort: ['updatedAt:desc'],
            attributesToRetrieve: ['updatedAt'],
          },
          // A taxonomy saved (and the corpus re-tagged) by another process changes every topic answer.
          taxonomyStampQuery(ctx),
        ],
      }),
    ).then(({ results: [protocols, annotations, taxonomy] }) => {
      const newest = (r: typeof protocols, field: string) =>
        String((r?.hits[0] as Record<string, unknown> | undefined)?.[field] ?? '');
      return `${newestIngestStamp(protocols)}|${annotations?.totalHits ?? 0}|${newest(annotations, 'updatedAt')}|${taxonomyStamp(taxonomy)}`;
    });
    value.catch(() => (this.stamp = null));
    this.stamp = { value, at: now };
    return value;
  }

  /** The answer to `question` of `kind`, computed at most once per corpus version. */
  async get<T>(ctx: SearchContext, kind: string, question: unknown, compute: () => Promise<T>): Promise<T> {
    const key = `${await this.corpusStamp(ctx)}\u0000${kind}\u0000${JSON.stringify(question)}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached as Promise<T>;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, value);
    // A failure is not an answer: the next request computes again.
    value.catch(() => this.entries.get(key) === value && this.entries.delete(key));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

/** Runs `compute` through the context's cache when it has one. */
export const cached = <T>(
  ctx: SearchContext,
  kind: string,
  question: unknown,
  compute: () => Promise<T>,
): Promise<T> => (ctx.cache ? ctx.cache.get(ctx, kind, question, compute) : compute());
