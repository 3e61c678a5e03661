/**
 * The tag stage: topics of every agenda item (domain/tagging.ts) under the
 * repository's taxonomy. What an item is finally tagged with in the index is
 * decided when it is written, under the store's active taxonomy version (the
 * indexer re-tags with it; see domain/store/taxonomy-store.ts), so this stage's
 * tags are those of a fresh install and of the pure pipeline in tests.
 */
import type { TopicTag } from '../../domain/schemas.js';
import { compileTaxonomy, TAGGER_VERSION, tagItem, type TaggableItem } from '../../domain/tagging.js';
import { fileTaxonomy } from '../../domain/taxonomy.js';
import { lazily } from '../../domain/lazy.js';

/** Version of the tagging code; the taxonomy's version is recorded on every protocol it tagged. */
export const VERSION = TAGGER_VERSION;

/** Compiled on first use (its terms are stemmed against the dictionary): a run with nothing to read never tags. */
const compiled = lazily(() => compileTaxonomy(fileTaxonomy));

/** Topics an agenda item substantively concerns, with score and evidence. */
export function tagTopics(item: TaggableItem): TopicTag[] {
  return tagItem(item, compiled());
}
