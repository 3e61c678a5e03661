/**
 * Word counts per agenda item, held in the API process for keyness: each
 * item's `termCounts` (written at ingest) and the fields the filters read,
 * read once and packed, then kept in step with the index incrementally by
 * content hash (a new or re-ingested protocol's items are read, a removed
 * one's dropped). A keyness question then costs one tiny query (the corpus
 * stamp: has anything been ingested or removed since?) and a pass over the
 * items here: Meilisearch has
 * no term-frequency aggregation, and fetching the matching items' counts per
 * question took seconds at 1,000 protocols.
 *
 * Memory: a form dictionary, and per item its filter fields and one Uint32 per
 * distinct form (form id × 1024 + count, counts capped at 1023).
 */
import { termOf } from '../../domain/swedish/analyse.js';
import { forEachTermCount } from '../../domain/swedish/term-counts.js';
import { tokenizeWithOffsets } from '../../domain/swedish/tokenize.js';
import { MAX_TOTAL_HITS, MAX_VALUES_PER_FACET } from '../../domain/store/index-settings.js';
import { meili } from '../../domain/store/client.js';
import { taxonomyStamp, taxonomyStampQuery } from './taxonomy-stamp.js';
import { perItemsIndex, type SearchContext } from './context.js';
import { newestIngestQuery, newestIngestStamp } from './corpus-stamp.js';
import { type FilterableItem, quote } from './filters.js';

/** A packed count: form id in the high 22 bits, the count (capped at 1023) in the low 10. */
const COUNT_BITS = 10;
const COUNT_MAX = (1 << COUNT_BITS) - 1;
/** Forms a packed count can name (2^22, about four million). */
const MAX_FORMS = 2 ** (32 - COUNT_BITS);
/** Content hashes (protocols) whose items are read per request while syncing: each request stays small. */
const HASHES_PER_READ = 25;
const PAGE = 1000;

/** An item as held: what the filters read, and its packed word counts. */
export interface HeldItem extends FilterableItem {
  packed: Uint32Array;
}

interface HashEntry {
  items: HeldItem[];
  /** Lower-case name parts of the people the protocols' attendance lists, chairs, secretaries and adjusters name. */
  names: string[];
}

/** One side's sums: per stem id its occurrences and the items it occurs in, and the side's totals. */
export interface SideSums {
  count: Float64Array;
  items: Float64Array;
  /** Per form id: occurrences on this side (for the form a stem is shown as). */
  formCount: Float64Array;
  tokens: number;
  itemCount: number;
  protocols: number;
  /** Items per topic label. */
  topics: Map<string, number>;
}

const ITEM_FIELDS = [
  'protocolId',
  'contentHash',
  'termCounts',
  'presenters',
  'body',
  'docType',
  'topics',
  'municipalities',
  'municipalitiesPresent',
  'year',
  'meetingDay',
  'hasDecision',
];

const capitalised = (form: string) => form[0] !== form[0]!.toLowerCase();

export class TermIndex {
  readonly forms: string[] = [];
  private readonly formIds = new Map<string, number>();
  /** Form id → stem id. */
  private formStem: Int32Array = new Int32Array(1024);
  readonly stems: string[] = [];
  private readonly stemIds = new Map<string, number>();
  /** By content hash: a protocol's items (two protocols with the same bytes share one entry's hash). */
  private readonly byHash = new Map<string, HashEntry>();
  /** Form ids written with a capital whose lower case is a name part of someone the corpus names. */
  private nameForms: Uint8Array = new Uint8Array(0);
  private namesDirty = true;
  private syncing: Promise<void> | null = null;
  /** The corpus stamp (protocols, newest ingest, taxonomy version) the held counts match; null before the first sync. */
  private syncedAt: string | null = null;
  /** The taxonomy part of it: when it changes, every item's topics are read again. */
  private taxonomySeen: string | null = null;

  get itemCount(): number {
    let n = 0;
    for (const e of this.byHash.values()) n += e.items.length;
    return n;
  }

  /** Packed entries held, for the memory figure in the docs and the bench. */
  get packedEntries(): number {
    let n = 0;
    for (const e of this.byHash.values()) for (const i of e.items) n += i.packed.length;
    return n;
  }

  private formId(form: string): number {
    let id = this.formIds.get(form);
    if (id !== undefined) return id;
    id = this.forms.length;
    this.forms.push(form);
    this.formIds.set(form, id);
    const stem = termOf(form.toLowerCase());
    let stemId = this.stemIds.get(stem);
    if (stemId === undefined) {
      stemId = this.stems.length;
      this.stems.push(stem);
      this.stemIds.set(stem, stemId);
    }
    if (id >= this.formStem.length) {
      const grown = new Int32Array(this.formStem.length * 2);
      grown.set(this.formStem);
      this.formStem = grown;
    }
    this.formStem[id] = stemId;
    this.namesDirty = true;
    return id;
  }

  /** An item's packed counts, its presenters' names (written with a capital) left out. */
  private pack(termCounts: string, presenters: readonly string[]): Uint32Array {
    const names = new Set(presenters.flatMap((p) => tokenizeWithOffsets(p).map((t) => t.token)));
    const out: number[] = [];
    forEachTermCount(termCounts, (form, count) => {
      if (names.size && capitalised(form) && names.has(form.toLowerCase())) return;
      const id = this.formId(form);
      // Past four million distinct forms (far beyond any corpus here) a form is not counted rather than misread.
      if (id < MAX_FORMS) out.push(((id << COUNT_BITS) | Math.min(count, COUNT_MAX)) >>> 0);
    });
    return Uint32Array.from(out);
  }

  /** Every content hash in the index (a protocol's items carry its hash), with its items. */
  private async currentHashes(ctx: SearchContext): Promise<Set<string>> {
    const res = await meili(() =>
      ctx.client.index(ctx.names.items).search(null, { facets: ['contentHash'], limit: 0 }),
    );
    const hashes = Object.keys(res.facetDistribution?.contentHash ?? {});
    if (hashes.length < MAX_VALUES_PER_FACET) return new Set(hashes);
    // More protocols than a facet lists: page through the protocols' hashes instead.
    const all = new Set<string>();
    for (let offset = 0; offset < MAX_TOTAL_HITS; offset += PAGE) {
      const page = await meili(() =>
        ctx.client
          .index(ctx.names.protocols)
          .search(null, { offset, limit: PAGE, attributesToRetrieve: ['contentHash'] }),
      );
      for (const hit of page.hits as { contentHash?: string }[]) if (hit.contentHash) all.add(hit.contentHash);
      if (page.hits.length < PAGE) break;
    }
    return all;
  }

  /**
   * The corpus stamp: the number of protocols and the newest ingest time (as the answer cache reads
   * it). Unchanged, the held counts are current and nothing else is asked.
   */
  private async stamp(ctx: SearchContext): Promise<{ corpus: string; taxonomy: string }> {
    const {
      results: [res, taxonomy],
    } = await meili(() =>
      ctx.client.multiSearch({
        queries: [
          newestIngestQuery(ctx),
          // A taxonomy saved since changes items' topics under unchanged content hashes.
          taxonomyStampQuery(ctx),
        ],
      }),
    );
    return { corpus: newestIngestStamp(res), taxonomy: taxonomyStamp(taxonomy) };
  }

  /** Brings the counts in step with the index: new or changed protocols' items read, removed ones dropped. */
  async sync(ctx: SearchContext): Promise<void> {
    // One sync at a time; a question arriving meanwhile waits for it, then checks again.
    while (this.syncing) await this.syncing.catch(() => undefined);
    const work = (async () => {
      const { corpus, taxonomy } = await this.stamp(ctx);
      const stamp = `${corpus}|${taxonomy}`;
      if (stamp === this.syncedAt) return;
      // Re-tagged items keep their content hash: a new taxonomy version means every item's topics are read again.
      if (this.taxonomySeen !== null && this.taxonomySeen !== taxonomy) this.byHash.clear();
      this.taxonomySeen = taxonomy;
      const current = await this.currentHashes(ctx);
      for (const hash of [...this.byHash.keys()]) if (!current.has(hash)) this.byHash.delete(hash);
      const stale = [...current].filter((hash) => !this.byHash.has(hash));
      for (let i = 0; i < stale.length; i += HASHES_PER_READ) await this.read(ctx, stale.slice(i, i + HASHES_PER_READ));
      this.namesDirty = true;
      this.syncedAt = stamp;
    })();
    this.syncing = work;
    try {
      await work;
    } finally {
      this.syncing = null;
    }
  }

  private async read(ctx: SearchContext, hashes: readonly string[]): Promise<void> {
    const filter = [`contentHash IN [${hashes.map(quote).join(', ')}]`];
    const res = await meili(() =>
      ctx.client.multiSearch({
        queries: [
          { indexUid: ctx.names.items, q: null, filter, limit: MAX_TOTAL_HITS, attributesToRetrieve: ITEM_FIELDS },
          {
            indexUid: ctx.names.protocols,
            q: null,
            filter,
            limit: MAX_TOTAL_HITS,
            attributesToRetrieve: ['contentHash', 'attendees.name', 'chair', 'secretary', 'adjuster'],
          },
        ],
      }),
    );
    const entries = new Map<string, HashEntry>(hashes.map((h) => [h, { items: [], names: [] }]));
    for (const hit of (res.results[0]?.hits ?? []) as (Partial<FilterableItem> & {
      contentHash: string;
      termCounts?: string;
      presenters?: string[];
    })[]) {
      entries.get(hit.contentHash)?.items.push({
        protocolId: String(hit.protocolId),
        body: hit.body ?? null,
        docType: hit.docType ?? null,
        topics: hit.topics ?? [],
        municipalities: hit.municipalities ?? [],
        municipalitiesPresent: hit.municipalitiesPresent ?? [],
        year: hit.year ?? null,
        meetingDay: hit.meetingDay ?? null,
        hasDecision: hit.hasDecision ?? false,
        packed: this.pack(hit.termCounts ?? '', hit.presenters ?? []),
      });
    }
    for (const hit of (res.results[1]?.hits ?? []) as {
      contentHash: string;
      attendees?: { name?: string }[];
      chair?: string | null;
      secretary?: string | null;
      adjuster?: string | null;
    }[]) {
      const names = [...(hit.attendees ?? []).map((a) => a.name), hit.chair, hit.secretary, hit.adjuster];
      entries
        .get(hit.contentHash)
        ?.names.push(
          ...names.flatMap((n) => (typeof n === 'string' ? tokenizeWithOffsets(n).map((t) => t.token) : [])),
        );
    }
    for (const [hash, entry] of entries) this.byHash.set(hash, entry);
  }

  /** Which forms are names of people the corpus names, written with a capital. */
  private names(): Uint8Array {
    if (!this.namesDirty && this.nameForms.length === this.forms.length) return this.nameForms;
    const people = new Set<string>();
    for (const e of this.byHash.values()) for (const n of e.names) people.add(n);
    const flags = new Uint8Array(this.forms.length);
    this.forms.forEach((form, id) => {
      if (capitalised(form) && people.has(form.toLowerCase())) flags[id] = 1;
    });
    this.nameForms = flags;
    this.namesDirty = false;
    return flags;
  }

  /**
   * The sums of each side over the items its matcher accepts, per stem (names of people left out), in
   * one pass over the held items.
   */
  sum(sides: readonly ((item: FilterableItem) => boolean)[]): SideSums[] {
    const names = this.names();
    const out = sides.map((): SideSums & { lastItem: Int32Array; protocolIds: Set<string> } => ({
      count: new Float64Array(this.stems.length),
      items: new Float64Array(this.stems.length),
      formCount: new Float64Array(this.forms.length),
      tokens: 0,
      itemCount: 0,
      protocols: 0,
      topics: new Map(),
      lastItem: new Int32Array(this.stems.length).fill(-1),
      protocolIds: new Set(),
    }));
    const formStem = this.formStem;
    for (const entry of this.byHash.values())
      for (const item of entry.items)
        for (let s = 0; s < sides.length; s++) {
          if (!sides[s]!(item)) continue;
          const side = out[s]!;
          const { count, items, formCount, lastItem } = side;
          const ordinal = ++side.itemCount;
          side.protocolIds.add(item.protocolId);
          for (const t of item.topics) side.topics.set(t, (side.topics.get(t) ?? 0) + 1);
          const packed = item.packed;
          let tokens = 0;
          for (let k = 0; k < packed.length; k++) {
            const v = packed[k]!;
            const form = v >>> COUNT_BITS;
            if (names[form]) continue;
            const n = v & COUNT_MAX;
            const stem = formStem[form]!;
            count[stem]! += n;
            formCount[form]! += n;
            tokens += n;
            if (lastItem[stem] !== ordinal) {
              lastItem[stem] = ordinal;
              items[stem]! += 1;
            }
          }
          side.tokens += tokens;
        }
    return out.map(({ lastItem: _l, protocolIds, ...sums }) => ({ ...sums, protocols: protocolIds.size }));
  }

  /** The forms of each stem (only the ranked stems need one). */
  formsByStem(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (let f = 0; f < this.forms.length; f++) {
      const s = this.formStem[f]!;
      const list = out.get(s);
      if (list) list.push(f);
      else out.set(s, [f]);
    }
    return out;
  }
}

/** One index of counts per Meilisearch client and items index (each test file's prefix has its own). */
export const termIndexOf: (ctx: SearchContext) => TermIndex = perItemsIndex(() => new TermIndex());
