/**
 * The items index's posting lists held in the API process, so that a ranked question (ranking.ts)
 * reads its document frequencies and posting lists from memory instead of one Meilisearch count
 * query per alternative, and counts its facets here too (each item's facet fields are held with its
 * terms): the question is then one round trip (its page's documents), not two or three, and none
 * when the page's documents are held too (held-documents.ts).
 *
 * What is held: per term of the items' `stems` field (split on spaces: the analysis's terms, the same
 * units an exact one-word phrase query matches in Meilisearch), the ordinals of the items that have
 * it, and per ordinal the item's id. It is read from the index itself (each item's `id` and `stems`),
 * by content hash like the keyness term index: after an ingest only new or changed protocols' items
 * are read, removed ones dropped; a taxonomy re-tag re-reads every item's topics. It is never trusted
 * for long: a question answered from it also reads the corpus stamp (the items' count, the protocols'
 * count and newest ingest, the taxonomy's version) beside its page's documents, unless a stamp
 * confirmed the copy within the last second (TRUST_MS; this process's own changes distrust it at
 * once, changed.ts), and an answer computed from a stale copy is thrown away and asked of
 * Meilisearch again while the copy catches up in the background. Until the first copy is read (the first question after
 * a start) questions go to Meilisearch as before; nothing ever waits for a sync.
 *
 * Memory: one Int32 per (item, distinct term), the ids and the facet fields (figures in
 * docs/relevance.md); past HELD_MAX_POSTINGS the copy is dropped and every question asks Meilisearch.
 */
import type { MultiSearchQuery } from 'meilisearch';
import { MAX_TOTAL_HITS, MAX_VALUES_PER_FACET } from '../../domain/store/index-settings.js';
import { meili } from '../../domain/store/client.js';
import { perItemsIndex, type SearchContext } from './context.js';
import { newestIngestQuery, newestIngestStamp } from './corpus-stamp.js';
import { quote } from './filters.js';
import { taxonomyStamp, taxonomyStampQuery } from './taxonomy-stamp.js';

/** Content hashes (protocols) whose items are read per request while syncing. */
const HASHES_PER_READ = 25;
/** Postings held at most (one Int32 each): ~64 MB with the lists' spare capacity; past it nothing is held. */
const HELD_MAX_POSTINGS = 12_000_000;
/** Items read before the postings still to come are projected from them (enough for a steady mean). */
const PROJECT_AFTER_ITEMS = 500;
/** A copy that could not be made current (items without a content hash) is read again at most this often. */
const RETRY_MS = 1000;
/**
 * A copy confirmed current this recently answers a question without reading the stamp again: the
 * staleness the answer cache already accepts of another process's ingest (cache.ts's stamp TTL). An
 * ingest or a taxonomy saved by this process distrusts it at once. Reading the stamp was a second
 * request to Meilisearch beside every question's page (SweFAQ dev through HTTP, each question once:
 * median ×2.9–3.2 of plain Meilisearch with it, ×2.3–2.6 without).
 */
const TRUST_MS = 1000;

/** A growable list of item ordinals. */
interface List {
  data: Int32Array;
  length: number;
}

/** The item fields held for facet counts (search.ts's FACETS and `hasDecision`). */
export const HELD_FACETS = [
  'body',
  'docType',
  'year',
  'topics',
  'municipalities',
  'caseNumbers',
  'hasDecision',
] as const;
type FacetValues = (string | number | boolean | null | readonly (string | number)[] | undefined)[];

/** How many answers of a multi-search `stampQueries` fills, at its start. */
export const STAMP_QUERIES = 3;

/** The stamp read with every question answered from memory: three tiny searches. */
export const stampQueries = (ctx: SearchContext): MultiSearchQuery[] => [
  { indexUid: ctx.names.items, q: null, limit: 0 },
  newestIngestQuery(ctx),
  // A taxonomy saved since changes items' topics (a facet held here) under unchanged content hashes.
  taxonomyStampQuery(ctx),
];

interface StampResults {
  estimatedTotalHits?: number;
  totalHits?: number;
  hits: readonly unknown[];
}

/** The stamp from the two answers of `stampQueries`. */
export function stampOf(results: readonly unknown[]): { stamp: string; items: number } {
  const [items, protocols, taxonomy] = results as (StampResults | undefined)[];
  const count = items?.estimatedTotalHits ?? 0;
  return { stamp: `${count}|${newestIngestStamp(protocols)}|${taxonomyStamp(taxonomy)}`, items: count };
}

/** What a question reads from the held copy. */
export interface HeldView {
  /** The corpus stamp the copy matches. */
  readonly stamp: string;
  /** Items held (the idf's N when no filter applies). */
  readonly total: number;
  /** Document frequency of a term. */
  count(term: string): number;
  /** The ids of the items that have a term. */
  ids(term: string): string[];
  /** Facet counts (as Meilisearch's facetDistribution) of `fields` over these items; undefined for a field not held. */
  facets(ids: readonly string[], fields: readonly string[]): Record<string, Record<string, number>> | undefined;
}

export class HeldPostings implements HeldView {
  /** Postings held at most; past it (or projected past it) nothing is held. */
  private readonly maxPostings: number;

  constructor(options: { maxPostings?: number } = {}) {
    this.maxPostings = options.maxPostings ?? HELD_MAX_POSTINGS;
  }

  private readonly termIds = new Map<string, number>();
  private lists: List[] = [];
  /** Item id per ordinal ('' once removed, until compacted). */
  private itemIds: string[] = [];
  /** Ordinal per item id. */
  private ordinals = new Map<string, number>();
  /** Per ordinal, the values of HELD_FACETS in that order. */
  private facetValues: FacetValues[] = [];
  /** Per content hash: its items' ordinals. */
  private readonly byHash = new Map<string, number[]>();
  private postings = 0;
  private syncedStamp: string | null = null;
  /** The taxonomy part of the stamp the held topics were read under. */
  private taxonomySeen: string | null = null;
  private syncing: Promise<void> | null = null;
  /** The copy is known to match the index (set after a sync whose count agreed, cleared by a stale stamp). */
  private ready = false;
  /** Too large to hold (or more protocols than a facet lists): questions ask Meilisearch, no sync is tried again. */
  private oversized = false;
  /** When the last sync ended, so that a copy that could not be made current is not re-read on every question. */
  private syncedAt = Number.NEGATIVE_INFINITY;
  /** When a stamp read with an answer last confirmed the copy (see TRUST_MS). */
  private confirmedAt = Number.NEGATIVE_INFINITY;

  get stamp(): string {
    return this.syncedStamp ?? '';
  }

  get total(): number {
    return this.itemIds.length;
  }

  count(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.lists[id]!.length;
  }

  ids(term: string): string[] {
    const id = this.termIds.get(term);
    if (id === undefined) return [];
    const list = this.lists[id]!;
    const out = new Array<string>(list.length);
    for (let k = 0; k < list.length; k++) out[k] = this.itemIds[list.data[k]!]!;
    return out;
  }

  facets(ids: readonly string[], fields: readonly string[]): Record<string, Record<string, number>> | undefined {
    const at = fields.map((f) => (HELD_FACETS as readonly string[]).indexOf(f));
    if (at.some((k) => k < 0)) return undefined;
    const counts = fields.map(() => new Map<string, number>());
    for (const id of ids) {
      const o = this.ordinals.get(id);
      if (o === undefined) continue;
      const values = this.facetValues[o]!;
      at.forEach((k, f) => {
        const v = values[k];
        if (v === null || v === undefined) return;
        const add = (x: string | number | boolean) => counts[f]!.set(String(x), (counts[f]!.get(String(x)) ?? 0) + 1);
        if (Array.isArray(v)) for (const x of new Set(v as readonly (string | number)[])) add(x);
        else add(v as string | number | boolean);
      });
    }
    // Most frequent first, as the index sorts them (sortFacetValuesBy count), ties by value.
    return Object.fromEntries(
      fields.map((field, f) => [
        field,
        Object.fromEntries([...counts[f]!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))),
      ]),
    );
  }

  /** The copy if it is current as far as known; otherwise undefined, and a sync is started in the background. */
  view(ctx: SearchContext): HeldView | undefined {
    if (this.ready) return this;
    if (!this.oversized && performance.now() - this.syncedAt > RETRY_MS) this.startSync(ctx);
    return undefined;
  }

  /**
   * Whether a stamp read with an answer matches the copy the answer was computed from. When it does
   * not, the copy is set aside and brought up to date in the background.
   */
  confirm(ctx: SearchContext, view: HeldView, results: readonly unknown[]): boolean {
    const { stamp } = stampOf(results);
    if (stamp === view.stamp && this.ready) {
      this.confirmedAt = performance.now();
      return true;
    }
    if (stamp !== this.syncedStamp && !this.oversized) {
      this.ready = false;
      this.startSync(ctx);
    }
    return false;
  }

  /** Whether a stamp confirmed the copy within TRUST_MS: a question from it then reads no stamp. */
  trusted(): boolean {
    return this.ready && performance.now() - this.confirmedAt < TRUST_MS;
  }

  /** The next question reads the stamp again: this process changed the index (an ingest, a taxonomy saved). */
  distrust(): void {
    this.confirmedAt = Number.NEGATIVE_INFINITY;
  }

  private startSync(ctx: SearchContext): void {
    if (this.syncing) return;
    this.syncing = this.sync(ctx)
      .catch(() => {
        // A failed sync leaves the copy unused; the next question tries again.
        this.ready = false;
      })
      .finally(() => {
        this.syncing = null;
        this.syncedAt = performance.now();
      });
  }

  /**
   * Reads the copy now (after a start, in the background), so that the first questions are answered
   * from memory rather than each asking Meilisearch while the copy is read.
   */
  async warm(ctx: SearchContext): Promise<{ items: number; held: boolean; seconds: number }> {
    const started = performance.now();
    if (!this.oversized) this.startSync(ctx);
    await this.settled();
    return { items: this.total, held: this.ready, seconds: (performance.now() - started) / 1000 };
  }

  /** Resolves when a sync started by `view` or `confirm` is over (tests, the bench's warm-up). */
  async settled(): Promise<void> {
    while (this.syncing) await this.syncing;
  }

  private async sync(ctx: SearchContext): Promise<void> {
    const { results } = await meili(() =>
      ctx.client.multiSearch({
        queries: [...stampQueries(ctx), { indexUid: ctx.names.items, q: null, limit: 0, facets: ['contentHash'] }],
      }),
    );
    const { stamp, items } = stampOf(results);
    // Re-tagged items keep their content hash: a new taxonomy means every item's topics are read again.
    const taxonomy = stamp.slice(stamp.lastIndexOf('|') + 1);
    if (this.taxonomySeen !== null && this.taxonomySeen !== taxonomy)
      for (const ordinals of this.byHash.values()) for (const o of ordinals) this.itemIds[o] = '';
    if (this.taxonomySeen !== taxonomy) this.byHash.clear();
    this.taxonomySeen = taxonomy;
    const counts = results[3]?.facetDistribution?.contentHash ?? {};
    const hashes = Object.keys(counts);
    if (hashes.length >= MAX_VALUES_PER_FACET) return this.drop();
    // A protocol re-read when its hash is new or its item count changed (items added under one hash).
    for (const [hash, ordinals] of this.byHash)
      if (counts[hash] !== ordinals.length) {
        for (const o of ordinals) this.itemIds[o] = '';
        this.byHash.delete(hash);
      }
    const stale = hashes.filter((h) => !this.byHash.has(h));
    // A copy that will not fit is given up once the items read so far say so, not after reading most of the index.
    let left = stale.reduce((n, h) => n + (counts[h] ?? 0), 0);
    const first = { postings: this.postings, items: this.itemIds.length };
    for (let i = 0; i < stale.length; i += HASHES_PER_READ) {
      const batch = stale.slice(i, i + HASHES_PER_READ);
      await this.read(ctx, batch);
      left -= batch.reduce((n, h) => n + (counts[h] ?? 0), 0);
      const read = this.itemIds.length - first.items;
      const perItem = read > 0 ? (this.postings - first.postings) / read : 0;
      if (this.postings > this.maxPostings) return this.drop();
      if (read >= PROJECT_AFTER_ITEMS && this.postings + perItem * left > this.maxPostings) return this.drop();
    }
    this.compact();
    this.syncedStamp = stamp;
    // Items without a content hash (none are written so) would be missing: then the copy is not used.
    this.ready = this.itemIds.length === items;
  }

  private async read(ctx: SearchContext, hashes: readonly string[]): Promise<void> {
    const res = await meili(() =>
      ctx.client.index(ctx.names.items).search(null, {
        filter: [`contentHash IN [${hashes.map(quote).join(', ')}]`],
        limit: MAX_TOTAL_HITS,
        attributesToRetrieve: ['id', 'contentHash', 'stems', ...HELD_FACETS],
      }),
    );
    for (const hit of res.hits as ({ id: string; contentHash: string; stems?: string } & Record<string, unknown>)[]) {
      const ordinal = this.itemIds.length;
      this.itemIds.push(String(hit.id));
      this.ordinals.set(String(hit.id), ordinal);
      this.facetValues.push(HELD_FACETS.map((f) => hit[f] as FacetValues[number]));
      let ordinals = this.byHash.get(hit.contentHash);
      if (!ordinals) {
        ordinals = [];
        this.byHash.set(hit.contentHash, ordinals);
      }
      ordinals.push(ordinal);
      for (const term of new Set((hit.stems ?? '').split(' '))) if (term !== '') this.add(term, ordinal);
    }
  }

  private add(term: string, ordinal: number): void {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.lists.length;
      this.termIds.set(term, id);
      this.lists.push({ data: new Int32Array(2), length: 0 });
    }
    const list = this.lists[id]!;
    if (list.length === list.data.length) {
      const grown = new Int32Array(list.data.length * 2);
      grown.set(list.data);
      list.data = grown;
    }
    list.data[list.length++] = ordinal;
    this.postings++;
  }

  /** Removed items' ordinals taken out of every list, the rest renumbered in order. */
  private compact(): void {
    if (!this.itemIds.includes('')) return;
    const renumber = new Int32Array(this.itemIds.length).fill(-1);
    const ids: string[] = [];
    const facetValues: FacetValues[] = [];
    this.ordinals.clear();
    this.itemIds.forEach((id, o) => {
      if (id !== '') {
        renumber[o] = ids.length;
        this.ordinals.set(id, ids.length);
        ids.push(id);
        facetValues.push(this.facetValues[o]!);
      }
    });
    this.facetValues = facetValues;
    this.postings = 0;
    for (const list of this.lists) {
      let n = 0;
      for (let k = 0; k < list.length; k++) {
        const to = renumber[list.data[k]!]!;
        if (to >= 0) list.data[n++] = to;
      }
      list.length = n;
      this.postings += n;
    }
    for (const [hash, ordinals] of this.byHash)
      this.byHash.set(
        hash,
        ordinals.map((o) => renumber[o]!),
      );
    this.itemIds = ids;
    // Terms no item has any more keep an empty list (a count of 0), as a term never seen.
  }

  private drop(): void {
    this.termIds.clear();
    this.lists = [];
    this.itemIds = [];
    this.ordinals.clear();
    this.facetValues = [];
    this.byHash.clear();
    this.postings = 0;
    this.syncedStamp = null;
    this.ready = false;
    this.oversized = true;
  }
}

/** One held copy per Meilisearch client and items index (each test file's prefix has its own). */
export const heldPostingsOf: (ctx: SearchContext) => HeldPostings = perItemsIndex(() => new HeldPostings());
