/**
 * The page documents of questions ranked from the held posting lists (held-postings.ts), kept in the
 * API process, so that a question whose page holds items an earlier question read does not read them
 * from Meilisearch again. Reading a page of 20 items by the documents route was the largest part of a
 * question's first call over HTTP (SweFAQ dev: ~1.3–1.9 of ~4.5 ms); with the documents held, the
 * first calls' median went from ×2.8 to ×2.0 of plain Meilisearch's (bench/questions-http.ts).
 *
 * Kept under the corpus stamp of the held copy they were ranked from: the copy's answers are only
 * used while a stamp read with them (or within its trust, TRUST_MS) matches it, and a document held
 * under another stamp is never given out; the first document kept under a new stamp forgets all the
 * others. A document is kept only after its answer's checks confirmed the copy. Only unfiltered
 * pages are ranked from the held copy, so no filter decides which documents a page may show.
 *
 * Bounded by the characters of its documents' strings (their texts, mostly), the least recently used
 * forgotten first: the warm-up's sample questions and users' questions share it.
 */
import { perItemsIndex, type SearchContext } from './context.js';

export type HeldDocument = Record<string, unknown>;

/** Characters of the documents' strings held at most (~8 MB of text: a few thousand items). */
const HELD_DOCUMENTS_MAX_CHARS = 8_000_000;

/** What a document costs: its strings' characters, and a little per value. */
function sizeOf(doc: HeldDocument): number {
  let size = 64;
  for (const value of Object.values(doc)) {
    if (typeof value === 'string') size += value.length;
    else if (Array.isArray(value)) for (const v of value) size += typeof v === 'string' ? v.length + 8 : 16;
    else size += 8;
  }
  return size;
}

export class HeldDocuments {
  private stamp = '';
  /** By fields asked and id, least recently used first (a Map keeps insertion order). */
  private readonly docs = new Map<string, { doc: HeldDocument; size: number }>();
  private chars = 0;

  constructor(private readonly maxChars = HELD_DOCUMENTS_MAX_CHARS) {}

  get size(): number {
    return this.docs.size;
  }

  /** Per id, its document with these fields under this stamp (a copy of it), or undefined when not held. */
  get(stamp: string, fields: readonly string[], ids: readonly string[]): (HeldDocument | undefined)[] {
    if (stamp !== this.stamp) return ids.map(() => undefined);
    const prefix = keyPrefix(fields);
    return ids.map((id) => {
      const key = prefix + id;
      const entry = this.docs.get(key);
      if (!entry) return undefined;
      // Used again: last to be forgotten.
      this.docs.delete(key);
      this.docs.set(key, entry);
      // A copy: whoever shapes the page may not change what the next question reads.
      return { ...entry.doc };
    });
  }

  /** Keeps documents read with these fields under this stamp; a new stamp forgets all the others first. */
  keep(stamp: string, fields: readonly string[], docs: readonly HeldDocument[]): void {
    if (stamp !== this.stamp) {
      this.docs.clear();
      this.chars = 0;
      this.stamp = stamp;
    }
    const prefix = keyPrefix(fields);
    for (const doc of docs) {
      const key = prefix + String(doc.id);
      const size = sizeOf(doc);
      if (size > this.maxChars) continue;
      const old = this.docs.get(key);
      if (old) {
        this.chars -= old.size;
        this.docs.delete(key);
      }
      this.docs.set(key, { doc: { ...doc }, size });
      this.chars += size;
    }
    for (const [key, entry] of this.docs) {
      if (this.chars <= this.maxChars) break;
      this.docs.delete(key);
      this.chars -= entry.size;
    }
  }
}

const keyPrefix = (fields: readonly string[]) => `${fields.join(',')}\u0000`;

/** One store per Meilisearch client and items index, beside its held posting lists. */
export const heldDocumentsOf: (ctx: SearchContext) => HeldDocuments = perItemsIndex(() => new HeldDocuments());
